package dev.wrss.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.pages.Fixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reusable reader: the one-shot's values after many re-reads, changes picked up, files gone, no garbage. */
class SystemMemoryReaderTest {

    private static final Path PROC = Path.of("/proc");
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cgroup-v2-limited",
                "cgroup-v2-max",
                "cgroup-v1-sentinel",
                "cgroup-v1-limited"
            })
    void manyRereadsGiveTheOneShotValuesOnFixtures(String name) {
        Path root = Fixtures.of(name);
        SystemMemory once = SystemMemory.read(root.resolve("proc"), root.resolve("sys/fs/cgroup"));
        try (SystemMemoryReader r =
                new SystemMemoryReader(
                        root.resolve("proc"), root.resolve("sys/fs/cgroup"), "self")) {
            assertTrue(r.refresh(), "the first reading differs from unknown");
            for (int i = 0; i < 5; i++) {
                assertFalse(r.refresh(), "nothing changed in the fixture");
            }
            assertEquals(once.cgroupVersion(), r.cgroupVersion());
            assertEquals(once.cgroupDir(), r.cgroupDir());
            assertEquals(once.cgroupDir().toString(), r.cgroupPath());
            assertEquals(once.limitBytes(), r.limitBytes());
            assertEquals(once.usageBytes(), r.usageBytes());
            assertEquals(once.headroomBytes(), r.headroomBytes());
            assertEquals(once.anonBytes(), r.anonBytes());
            assertEquals(once.fileBytes(), r.fileBytes());
            assertEquals(once.shmemBytes(), r.shmemBytes());
            assertEquals(once.vmstatMappedBytes(), r.vmstatMappedBytes());
            assertEquals(once.meminfoMappedBytes(), r.meminfoMappedBytes());
            assertTrue(
                    r.usageBytes() > 0 && r.anonBytes() > 0, "the fixture's numbers were parsed");
        }
    }

    @Test
    void preadOfKeptOpenFilesGivesTheOneShotValuesOnThisMachine() {
        try (SystemMemoryReader r = new SystemMemoryReader(PROC, CGROUP, "self")) {
            for (int i = 0; i < 200; i++) {
                r.refresh();
            }
            SystemMemory once = SystemMemory.read(PROC, CGROUP);
            r.refresh();
            assertEquals(once.cgroupVersion(), r.cgroupVersion());
            assertEquals(once.cgroupDir(), r.cgroupDir());
            assertEquals(once.limitBytes(), r.limitBytes());
            // live counters move between the two readings: close, not equal
            assertClose(once.usageBytes(), r.usageBytes());
            assertClose(once.anonBytes(), r.anonBytes());
            assertClose(once.fileBytes(), r.fileBytes());
            assertClose(once.shmemBytes(), r.shmemBytes());
            assertClose(once.vmstatMappedBytes(), r.vmstatMappedBytes());
            assertClose(once.meminfoMappedBytes(), r.meminfoMappedBytes());
            assertTrue(r.usageBytes() > 0 && r.vmstatMappedBytes() > 0, r.cgroupPath());
        }
    }

    @Test
    void aKeptOpenCgroupFileShowsFreshNumbersOnThisMachine() {
        try (SystemMemoryReader r = new SystemMemoryReader(PROC, CGROUP, "self")) {
            r.refresh();
            long anonBefore = r.anonBytes();
            long usageBefore = r.usageBytes();
            ByteBuffer touched = ByteBuffer.allocateDirect(64 << 20);
            for (int i = 0; i < touched.capacity(); i += 4096) {
                touched.put(i, (byte) 1);
            }
            assertTrue(r.refresh(), "64 MiB more anonymous memory");
            // a pread at 0 of the same descriptor must regenerate the text, not replay the first
            // one. The
            // cgroup is shared (here, the whole session's), so others may free memory meanwhile:
            // compare with
            // a fresh one-shot read at the same moment rather than expect the full 64 MiB of growth
            // (once
            // measured +46 MiB while another JVM of the cgroup gave memory back)
            SystemMemory fresh = SystemMemory.read(PROC, CGROUP);
            assertEquals(
                    fresh.anonBytes(),
                    r.anonBytes(),
                    8L << 20,
                    anonBefore + " -> " + r.anonBytes());
            assertEquals(
                    fresh.usageBytes(),
                    r.usageBytes(),
                    8L << 20,
                    usageBefore + " -> " + r.usageBytes());
            assertTrue(
                    Math.abs(fresh.anonBytes() - anonBefore) > 16L << 20
                            || Math.abs(fresh.usageBytes() - usageBefore) > 16L << 20,
                    "the cgroup's own counters did not move by the 64 MiB touched: nothing to tell a replay by");
            assertEquals(1, touched.get(4096));
        }
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(expected >= 0 && actual >= 0, expected + " vs " + actual);
        assertEquals(expected, actual, Math.max(16L << 20, expected / 10), "bytes");
    }

    @Test
    void aChangedValueIsPickedUpOnTheNextRead(@TempDir Path tmp) throws IOException {
        Path root = copy(Fixtures.of("cgroup-v2-limited"), tmp);
        Path current = root.resolve("sys/fs/cgroup/system.slice/app.service/memory.current");
        try (SystemMemoryReader r = reader(root)) {
            r.refresh();
            String pathBefore = r.cgroupPath();
            assertEquals(256L << 20, r.usageBytes());
            Files.writeString(current, (300L << 20) + "\n");
            assertTrue(r.refresh());
            assertEquals(300L << 20, r.usageBytes());
            assertEquals(724L << 20, r.headroomBytes());
            assertSame(pathBefore, r.cgroupPath(), "the cgroup was not located again");
            Files.writeString(
                    root.resolve("sys/fs/cgroup/system.slice/memory.max"), (512L << 20) + "\n");
            assertTrue(r.refresh());
            assertEquals(512L << 20, r.limitBytes(), "the parent's limit, now the tighter one");
            assertFalse(r.refresh());
        }
    }

    @Test
    void deletedCgroupFilesDegradeToUnknownWithoutThrowing(@TempDir Path tmp) throws IOException {
        Path root = copy(Fixtures.of("cgroup-v1-limited"), tmp);
        Path dir = root.resolve("sys/fs/cgroup/memory/process_api/abc");
        try (SystemMemoryReader r = reader(root)) {
            r.refresh();
            assertEquals(192L << 20, r.usageBytes());
            byte[] stat = Files.readAllBytes(dir.resolve("memory.stat"));
            Files.delete(dir.resolve("memory.stat"));
            Files.delete(dir.resolve("memory.usage_in_bytes"));
            assertTrue(r.refresh());
            assertEquals(-1, r.usageBytes());
            assertEquals(-1, r.headroomBytes());
            assertEquals(-1, r.anonBytes());
            assertEquals(-1, r.fileBytes());
            assertEquals(
                    512L << 20,
                    r.limitBytes(),
                    "memory.limit_in_bytes alone, without the hierarchical limit");
            assertFalse(r.refresh(), "still gone: no change");
            Files.write(dir.resolve("memory.stat"), stat);
            assertTrue(r.refresh());
            assertEquals(83886080, r.anonBytes());
            assertEquals(256L << 20, r.limitBytes());
        }
    }

    @Test
    void aProcessMovedToAnotherCgroupIsLocatedAgain(@TempDir Path tmp) throws IOException {
        Path root = copy(Fixtures.of("cgroup-v2-limited"), tmp);
        Path from = root.resolve("sys/fs/cgroup/system.slice/app.service");
        Path to = Files.createDirectories(root.resolve("sys/fs/cgroup/system.slice/other.service"));
        Files.copy(from.resolve("memory.stat"), to.resolve("memory.stat"));
        Files.writeString(to.resolve("memory.current"), "4096\n");
        long[] now = {0};
        try (SystemMemoryReader r =
                new SystemMemoryReader(
                        root.resolve("proc"),
                        root.resolve("sys/fs/cgroup"),
                        "self",
                        () -> now[0])) {
            r.refresh();
            assertTrue(r.cgroupPath().endsWith("app.service"), r.cgroupPath());
            Files.writeString(root.resolve("proc/self/cgroup"), "0::/system.slice/other.service\n");
            now[0] = SystemMemoryReader.LIST_EVERY_NANOS - 1;
            r.refresh();
            assertTrue(
                    r.cgroupPath().endsWith("app.service"),
                    "membership is looked at once a minute: " + r.cgroupPath());
            now[0] = SystemMemoryReader.LIST_EVERY_NANOS;
            assertTrue(r.refresh());
            assertTrue(r.cgroupPath().endsWith("other.service"), r.cgroupPath());
            assertEquals(4096, r.usageBytes());
            assertEquals(1L << 30, r.limitBytes(), "no memory.max of its own: the slice's");
        }
    }

    @Test
    void aRereadOfThisMachinesFilesAllocatesNothingOnceWarm() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SystemMemoryReader r =
                new SystemMemoryReader(
                        PROC, CGROUP, Long.toString(ProcessHandle.current().pid()))) {
            for (int i = 0; i < 20_000; i++) {
                r.refresh(); // long enough for the JIT to compile refresh and the parsing
            }
            int rereads = 2_000;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < rereads; i++) {
                r.refresh();
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println(
                    "SystemMemoryReader.refresh: " + bytes + " bytes in " + rereads + " re-reads");
            assertTrue(bytes < rereads, bytes + " bytes in " + rereads + " re-reads");
        }
    }

    private static SystemMemoryReader reader(Path root) {
        return new SystemMemoryReader(root.resolve("proc"), root.resolve("sys/fs/cgroup"), "self");
    }

    private static Path copy(Path fixture, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
