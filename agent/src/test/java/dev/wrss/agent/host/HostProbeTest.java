package dev.wrss.agent.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.SystemView;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NodeResident: the numa_maps join on a two-node fixture machine, and the free answer on a one-node one; the
 * system view re-read without garbage.
 */
class HostProbeTest {

    static final long PAGE = 4096;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(HostProbeTest.class.getResource("/pages/" + name).toURI());
    }

    @Test
    void twoNodesJoinNumaMapsToTheScansRegionsByStartAddress(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("42"));
        Files.copy(fixture("numa_maps-2node"), proc.resolve("42/numa_maps"));
        HostProbe host = new HostProbe(proc, fixture("sysfs-2node"), 42, 60_000);
        host.startScan();
        host.mapping(0x00400000L, Region.SHARED_LIBS);
        host.mapping(0x00401000L, Region.SHARED_LIBS);
        host.mapping(0x01c4f000L, Region.MALLOC);
        host.mapping(0x680000000L, Region.JAVA_HEAP);
        host.mapping(0x7f3a2c000000L, Region.OTHER); // no pages: nothing on any node
        host.mapping(0x7ffd5e3a1000L, Region.THREAD_STACKS);
        host.mapping(0x7f0000000000L, Region.MALLOC); // not in numa_maps at all: counts nowhere
        long[][] nodes = host.nodeResident(new long[Region.count()]);

        assertArrayEquals(new long[] {PAGE, PAGE}, nodes[Region.SHARED_LIBS.ordinal()]);
        assertArrayEquals(new long[] {100 * PAGE, 30 * PAGE}, nodes[Region.MALLOC.ordinal()]);
        assertArrayEquals(
                new long[] {49152 * PAGE, 49152 * PAGE}, nodes[Region.JAVA_HEAP.ordinal()]);
        assertArrayEquals(new long[] {0, 33 * PAGE}, nodes[Region.THREAD_STACKS.ordinal()]);
        assertArrayEquals(new long[] {0, 0}, nodes[Region.OTHER.ordinal()]);
    }

    @Test
    void oneNodeHoldsEveryResidentByteWithoutReadingNumaMaps(@TempDir Path sys, @TempDir Path proc)
            throws Exception {
        Files.createDirectories(sys.resolve("devices/system/node/node0"));
        HostProbe host =
                new HostProbe(
                        proc, sys, 42, 60_000); // proc has no numa_maps: it must not be needed
        host.startScan();
        long[] rss = new long[Region.count()];
        rss[Region.JAVA_HEAP.ordinal()] = 256L << 20;
        rss[Region.MALLOC.ordinal()] = 3 * PAGE;
        long[][] nodes = host.nodeResident(rss);
        for (Region r : Region.values()) {
            assertArrayEquals(new long[] {rss[r.ordinal()]}, nodes[r.ordinal()], r.id());
        }
        assertEquals(Region.count(), nodes.length);
    }

    @Test
    void aSystemViewRereadAllocatesOnlyTheViewsThatChanged() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        HostProbe host =
                new HostProbe(
                        Path.of("/proc"), Path.of("/sys"), ProcessHandle.current().pid(), 60_000);
        for (int i = 0; i < 20_000; i++) {
            host.rereadSystem();
        }
        int rereads = 2_000;
        int views = 0;
        SystemView last = host.rereadSystem();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rereads; i++) {
            SystemView v = host.rereadSystem();
            if (v != last) {
                views++;
                last = v;
            }
        }
        long bytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.println(
                "HostProbe system view: "
                        + bytes
                        + " bytes in "
                        + rereads
                        + " re-reads, "
                        + views
                        + " new views");
        assertTrue(last.cgroupVersion() > 0 && last.usageBytes() > 0, last.toString());
        // a SystemView is 88 bytes with compressed oops; nothing else may be allocated
        assertTrue(bytes <= views * 128L + 512, bytes + " bytes for " + views + " new views");
        assertTrue(bytes / rereads < 1024, bytes / rereads + " bytes per re-read");
    }
}
