package dev.wrss.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.pages.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SystemMemoryTest {

    private static SystemMemory fixture(String name) {
        Path root = Fixtures.of(name);
        return SystemMemory.read(root.resolve("proc"), root.resolve("sys/fs/cgroup"));
    }

    @Test
    void v2LimitIsInheritedFromTheParentSlice() {
        SystemMemory m = fixture("cgroup-v2-limited");
        assertEquals(2, m.cgroupVersion());
        assertTrue(
                m.cgroupDir().endsWith("system.slice/app.service"), String.valueOf(m.cgroupDir()));
        assertEquals(1L << 30, m.limitBytes());
        assertEquals(256L << 20, m.usageBytes());
        assertEquals(768L << 20, m.headroomBytes());
        assertEquals(104857600, m.anonBytes());
        assertEquals(150994944, m.fileBytes(), "file, not file_mapped");
        assertEquals(4194304, m.shmemBytes());
        assertEquals(2560L * 4096, m.vmstatMappedBytes(), "nr_mapped, not nr_mapped_extra");
        assertEquals(10240L * 1024, m.meminfoMappedBytes());
    }

    @Test
    void v2MaxMeansUnlimitedAndNoHeadroom() {
        SystemMemory m = fixture("cgroup-v2-max");
        assertEquals(2, m.cgroupVersion());
        assertFalse(m.limited());
        assertEquals(-1, m.limitBytes());
        assertEquals(-1, m.headroomBytes());
        assertEquals(52428800, m.usageBytes());
        assertEquals(31457280, m.anonBytes());
        assertEquals(-1, m.vmstatMappedBytes(), "no /proc/vmstat in this fixture");
    }

    @Test
    void v1SentinelIsUnlimitedAndContainerMountRootIsStripped() {
        SystemMemory m = fixture("cgroup-v1-sentinel");
        assertEquals(1, m.cgroupVersion());
        assertTrue(m.cgroupDir().endsWith("sys/fs/cgroup/memory"), String.valueOf(m.cgroupDir()));
        assertEquals(-1, m.limitBytes());
        assertEquals(-1, m.headroomBytes());
        assertEquals(73400320, m.usageBytes());
        assertEquals(
                46137344,
                m.anonBytes(),
                "total_rss preferred: it includes descendants as usage does");
        assertEquals(25165824, m.fileBytes());
        assertEquals(2097152, m.shmemBytes());
    }

    @Test
    void v1TakesTheTighterHierarchicalLimit() {
        SystemMemory m = fixture("cgroup-v1-limited");
        assertEquals(
                1,
                m.cgroupVersion(),
                "the v1 memory controller wins over the controller-less v2 line");
        assertTrue(m.cgroupDir().endsWith("memory/process_api/abc"), String.valueOf(m.cgroupDir()));
        assertEquals(256L << 20, m.limitBytes());
        assertEquals(192L << 20, m.usageBytes());
        assertEquals(64L << 20, m.headroomBytes());
        assertEquals(83886080, m.anonBytes());
        assertEquals(100663296, m.fileBytes());
        assertEquals(8388608, m.shmemBytes());
    }

    @Test
    void thisMachineRunsCgroupV1WithAReadableMemoryCgroup() {
        SystemMemory m = SystemMemory.read(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
        System.out.println("real: " + m);
        assertEquals(1, m.cgroupVersion());
        assertTrue(
                Files.isRegularFile(m.cgroupDir().resolve("memory.usage_in_bytes")),
                String.valueOf(m.cgroupDir()));
        assertTrue(m.usageBytes() > 0);
        assertTrue(m.anonBytes() > 0 && m.fileBytes() >= m.shmemBytes() && m.shmemBytes() >= 0);
        assertTrue(m.vmstatMappedBytes() > 0);
        // one kernel counter, NR_FILE_MAPPED, read twice a moment apart
        assertEquals(m.meminfoMappedBytes(), m.vmstatMappedBytes(), m.meminfoMappedBytes() * 0.05);
        SystemMemory byPid =
                SystemMemory.read(
                        Path.of("/proc"), Path.of("/sys/fs/cgroup"), ProcessHandle.current().pid());
        assertEquals(m.cgroupDir(), byPid.cgroupDir());
    }
}
