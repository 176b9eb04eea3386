package dev.wrss.agent.cli.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            CommandFailure f =
                    assertThrows(
                            CommandFailure.class,
                            () -> TargetProcess.check(sleep.pid(), Path.of("/proc")));
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
        Files.writeString(
                dir.resolve("cmdline"), "java\0-XX:+DisableAttachMechanism\0-jar\0app.jar\0");
        CommandFailure f =
                assertThrows(CommandFailure.class, () -> TargetProcess.check(4242, proc));
        assertEquals(ExitCode.NOT_ATTACHABLE, f.exitCode());
        assertTrue(f.getMessage().contains("refuses attach"), f.getMessage());
    }

    @Test
    void theJvmsOwnHsperfdataInsideItsNamespaceSaysWhetherItAcceptsAttach(@TempDir Path proc)
            throws IOException {
        // this JVM's real hsperfdata, placed as a containerised JVM's: pid 4243 on the host, 7
        // inside
        byte[] perf =
                Files.readAllBytes(
                        Path.of(
                                "/tmp/hsperfdata_" + System.getProperty("user.name"),
                                Long.toString(SELF)));
        Path dir = fakeJvm(proc, 4243);
        Files.writeString(dir.resolve("status"), "Name:\tjava\nNSpid:\t4243\t7\n");
        Path file = Files.createDirectories(dir.resolve("root/tmp/hsperfdata_app")).resolve("7");
        Files.write(file, perf);
        TargetProcess t = TargetProcess.check(4243, proc);
        assertEquals(7, t.files().nsPid());
        assertFalse(t.perfDataRefusesAttach(), "this JVM accepts attach");
        assertTrue(PerfData.parse(perf).javaCommand() != null, "the java command is published");
        Files.write(file, withoutAttach(perf));
        assertTrue(
                t.perfDataRefusesAttach(),
                "capabilities starting with 0: -XX:+DisableAttachMechanism");
    }

    /** The same file with the first character of sun.rt.jvmCapabilities, the attach capability, set to 0. */
    private static byte[] withoutAttach(byte[] perf) {
        byte[] name = "sun.rt.jvmCapabilities".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + name.length < perf.length; i++) {
            if (java.util.Arrays.equals(perf, i, i + name.length, name, 0, name.length)) {
                int v = i + name.length;
                while (perf[v] != '1') {
                    v++;
                }
                byte[] copy = perf.clone();
                copy[v] = '0';
                return copy;
            }
        }
        throw new AssertionError("no sun.rt.jvmCapabilities in this JVM's hsperfdata");
    }

    @Test
    void aMissingProcessOrABadPidIsNamed(@TempDir Path proc) {
        assertEquals(
                ExitCode.NO_SUCH_PROCESS,
                assertThrows(CommandFailure.class, () -> TargetProcess.check(77, proc)).exitCode());
        assertEquals(
                ExitCode.USAGE,
                assertThrows(CommandFailure.class, () -> TargetProcess.check(0, proc)).exitCode());
    }

    private static Path fakeJvm(Path proc, long pid) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("comm"), "java\n");
        Files.writeString(
                dir.resolve("maps"),
                "7f0000000000-7f0000100000 r-xp 00000000 08:01 42 "
                        + "/usr/lib/jvm/java-17/lib/server/libjvm.so\n");
        Files.writeString(dir.resolve("cmdline"), "java\0-cp\0.\0Main\0");
        return dir;
    }
}
