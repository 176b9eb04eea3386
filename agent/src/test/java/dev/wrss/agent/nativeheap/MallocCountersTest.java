package dev.wrss.agent.nativeheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MallocCountersTest {

    @Test
    void vmInfoLineOfJdk17GivesOutstandingAndRetainedButNoMmapped() {
        MallocCounters c =
                MallocCounters.fromVmInfo(
                        "C-Heap outstanding allocations: 17151K, retained: 2424K\n"
                                + "Periodic native trim disabled\n",
                        "VM.info at start",
                        5);
        assertEquals(17151L << 10, c.outstanding());
        assertEquals(2424L << 10, c.retained());
        assertEquals(-1, c.mmapped());
        assertEquals(5, c.epochMillis());
    }

    @Test
    void vmInfoWithoutTheLineGivesNothing() {
        assertNull(MallocCounters.fromVmInfo("Heap address: 0x1, size: 64 MB\n", "VM.info", 0));
        assertNull(MallocCounters.fromVmInfo(null, "VM.info", 0));
    }

    @Test
    void mallocInfoOfJdk25IsReadFromItsClosingTotals() throws Exception {
        String xml =
                Files.readString(
                        Path.of("src/test/resources/nativeheap/jdk25-native-heap-info.xml"));
        MallocCounters c = MallocCounters.fromMallocInfo(xml, 7);
        // <total fast 0> <total rest 3277059> <total mmap 5771264> <system current 16994304>
        assertEquals(3277059, c.retained());
        assertEquals(5771264, c.mmapped());
        assertEquals(16994304 - 3277059 + 5771264, c.outstanding());
        assertEquals("System.native_heap_info", c.source());
    }

    @Test
    void perHeapTotalsAreNotMistakenForTheGlobalOnes() {
        String xml =
                "<malloc version=\"1\">\n<heap nr=\"0\">\n<total type=\"fast\" count=\"0\" size=\"9\"/>\n"
                        + "<total type=\"rest\" count=\"1\" size=\"9\"/>\n<system type=\"current\" size=\"99\"/>\n</heap>\n"
                        + "<total type=\"fast\" count=\"0\" size=\"1\"/>\n<total type=\"rest\" count=\"1\" size=\"2\"/>\n"
                        + "<total type=\"mmap\" count=\"1\" size=\"4\"/>\n<system type=\"current\" size=\"10\"/>\n</malloc>\n";
        MallocCounters c = MallocCounters.fromMallocInfo(xml, 0);
        assertEquals(3, c.retained());
        assertEquals(10 - 3 + 4, c.outstanding());
    }

    @Test
    void trimOutputGivesTheDropInBytes() {
        assertEquals(
                368L << 10,
                MallocCounters.trimmedBytes("Trim native heap: RSS+Swap: 82944K->82576K (-368K)"));
        assertEquals(
                240L << 20,
                MallocCounters.trimmedBytes("Trim native heap: RSS+Swap: 300M->60M (-240M)"));
        assertEquals(
                -(4L << 10),
                MallocCounters.trimmedBytes("Trim native heap: RSS+Swap: 100K->104K (+4K)"));
        assertEquals(Long.MIN_VALUE, MallocCounters.trimmedBytes("Not available."));
    }

    @Test
    void environmentCpuListsAreCounted() {
        assertEquals(7, AllocatorEnvironment.countList("0-3,8,10-11"));
        assertEquals(1, AllocatorEnvironment.countList("0"));
    }

    @Test
    void allocatorIsTheLibraryThatIsBothMappedAndPreloaded() {
        assertEquals(
                "jemalloc",
                Allocator.of(HeapMaps.GLIBC | HeapMaps.JEMALLOC, HeapMaps.JEMALLOC).name());
        Allocator linkedByJni = Allocator.of(HeapMaps.GLIBC | HeapMaps.TCMALLOC, 0);
        assertEquals("glibc", linkedByJni.name());
        assertEquals(
                "glibc's libc mapped; libtcmalloc also mapped, not preloaded: it serves only its callers",
                linkedByJni.source());
        assertEquals("musl", Allocator.of(HeapMaps.MUSL, 0).name());
        assertEquals("unknown", Allocator.of(0, 0).name());
    }

    @Test
    void environmentGivesTheArenaLimitAndNothingElse(@org.junit.jupiter.api.io.TempDir Path proc)
            throws Exception {
        Files.createDirectories(proc.resolve("self"));
        Files.write(
                proc.resolve("self/environ"),
                ("SECRET=x\0MALLOC_ARENA_MAX=4\0LD_PRELOAD=/usr/lib/libjemalloc.so.2"
                                + "\0GLIBC_TUNABLES=glibc.malloc.trim_threshold=1:glibc.malloc.arena_max=3\0")
                        .getBytes());
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nCpus_allowed_list:\t0-5\n");
        AllocatorEnvironment env = AllocatorEnvironment.read(proc);
        assertEquals(3, env.arenaMax());
        assertEquals("GLIBC_TUNABLES glibc.malloc.arena_max", env.arenaMaxSource());
        assertEquals(HeapMaps.JEMALLOC, env.preloaded());
        assertEquals(6, env.cpus());
        Files.write(proc.resolve("self/environ"), "MALLOC_ARENA_MAX=2\0".getBytes());
        assertEquals(2, AllocatorEnvironment.read(proc).arenaMax());
        assertEquals("MALLOC_ARENA_MAX", AllocatorEnvironment.read(proc).arenaMaxSource());
    }
}
