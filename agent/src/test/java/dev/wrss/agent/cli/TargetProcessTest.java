package dev.wrss.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks made from /proc before any attach: on this JVM, on a real non-JVM process, and on fixture trees. */
class TargetProcessTest {

    static final long SELF = ProcessHandle.current().pid();

    @Test
    void thisJvmPassesEveryCheckAndRunsNoWrssAgent() {
        TargetProcess t = TargetProcess.check(SELF, Path.of("/proc"));
        assertEquals(SELF, t.pid());
        assertTrue(t.alive());
        assertFalse(t.hasWrssAgent());
    }

    @Test
    void aRealProcessThatIsNotAJvmIsRefusedWithoutBeingSignalled() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            CommandFailure f = assertThrows(CommandFailure.class, () -> TargetProcess.check(sleep.pid(), Path.of("/proc")));
            assertEquals(ExitCode.NOT_ATTACHABLE, f.exitCode());
            assertTrue(f.getMessage().contains("(sleep) is not a JVM"), f.getMessage());
            assertTrue(sleep.isAlive());
        } finally {
            sleep.destroy();
        }
    }

    @Test
    void aJvmStartedWithDisableAttachMechanismIsRefused(@TempDir Path proc) throws IOException {
        Path dir = fakeJvm(proc, 4242);
        Files.writeString(dir.resolve("cmdline"), "java\0-XX:+DisableAttachMechanism\0-jar\0app.jar\0");
        CommandFailure f = assertThrows(CommandFailure.class, () -> TargetProcess.check(4242, proc));
        assertEquals(ExitCode.NOT_ATTACHABLE, f.exitCode());
        assertTrue(f.getMessage().contains("refuses attach"), f.getMessage());
    }

    @Test
    void hsperfdataWithoutAnAttachListingMeansAttachIsDisabled(@TempDir Path proc) throws IOException {
        Path dir = fakeJvm(proc, 4243);
        Files.writeString(dir.resolve("status"), "Name:\tjava\nNSpid:\t4243\t7\n");
        Files.createDirectories(dir.resolve("root/tmp/hsperfdata_app"));
        Files.writeString(dir.resolve("root/tmp/hsperfdata_app/7"), "perf");
        TargetProcess t = TargetProcess.check(4243, proc);
        assertTrue(t.perfDataButNotListed(java.util.Set.of()), "the pid inside its namespace names the file");
        assertFalse(t.perfDataButNotListed(java.util.Set.of(4243L)), "listed: attachable");
    }

    @Test
    void aMissingProcessOrABadPidIsNamed(@TempDir Path proc) {
        assertEquals(ExitCode.NO_SUCH_PROCESS,
                assertThrows(CommandFailure.class, () -> TargetProcess.check(77, proc)).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(CommandFailure.class, () -> TargetProcess.check(0, proc)).exitCode());
    }

    private static Path fakeJvm(Path proc, long pid) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("comm"), "java\n");
        Files.writeString(dir.resolve("maps"), "7f0000000000-7f0000100000 r-xp 00000000 08:01 42 "
                + "/usr/lib/jvm/java-17/lib/server/libjvm.so\n");
        Files.writeString(dir.resolve("cmdline"), "java\0-cp\0.\0Main\0");
        return dir;
    }
}
