package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.hostile.InterruptingApp;
import dev.wrss.agent.it.hostile.RefusingServerApp;
import dev.wrss.agent.it.hostile.ThrowingStreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applications that do what ordinary services do and an agent must survive: replace System.out and System.err
 * with streams that throw, halt on any uncaught exception, interrupt threads they do not own, refuse MBeans in
 * their MBeanServer. Each assertion is on what the application
 * saw: whether it lived, its exit status, its files, its threads' CPU as the kernel counts it.
 */
class HostileApplicationIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @AfterAll
    static void tally() {
        System.out.println(FaultLedger.tally());
    }

    /**
     * A bad option, and a scan that fails every 500 ms (smaps is a directory), make the agent write lines into
     * streams that throw: the application never halts, and exits with its own status.
     */
    @Test
    void streamsThatThrowAndAHandlerThatHaltsNeverSeeTheAgent(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("proc/self/smaps"));
        String options = "interval=500ms,startDelay=1s,nosuch=1,procRoot=" + dir.resolve("proc");
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(ChildJvm.agentArg(options)),
                        ThrowingStreamsApp.class.getName(),
                        List.of())) {
            FaultLedger.injected(2);
            MBeanServerConnection c = child.jmx();
            long failed = 0;
            for (int i = 0; i < 300 && failed < 3; i++) {
                Thread.sleep(100);
                failed = failedScans(c);
            }
            assertTrue(
                    failed >= 3, "the agent's scans kept failing, and it logged them: " + failed);
            FaultLedger.assertAlive(child);
            child.send("exit 42");
            FaultLedger.assertExitedWith(child, 42);
            assertFalse(child.stdout().contains("UNCAUGHT"), child.stdout());
        }
    }

    private static long failedScans(MBeanServerConnection c) {
        try {
            return Snapshots.attribute(c, "FailedScans");
        } catch (Exception notYet) {
            return 0;
        }
    }

    /**
     * An application that interrupts wrss-scanner every millisecond from its start, through the start gate, the
     * registration and the scans: the scanner survives, scan() returns all along, and once the interrupts stop a
     * forced scan is newer and ok.
     */
    @Test
    void interruptsEveryMillisecondLeaveTheScannerRunning() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(ChildJvm.agentArg("interval=500ms")),
                        InterruptingApp.class.getName(),
                        List.of())) {
            Thread.sleep(1000); // interrupted while it waits at the start gate
            // creates the platform MBeanServer: the gate opens; the MBeans appear once the first
            // scan is published
            MBeanServerConnection c = child.jmxWithWrss();
            for (int i = 0; i < 20; i++) {
                Footprints.scan(
                        c); // answered at once, whether the interrupted walk succeeded or not
                FaultLedger.assertAlive(child);
            }
            assertEquals(1, Attach.threadsNamed(c, "wrss-scanner"));
            child.send("stop");
            for (int i = 0; i < 100 && !child.stdout().contains("OK stop "); i++) {
                Thread.sleep(10); // the line is answered before the pump keeps it in stdout()
            }
            long interrupts =
                    Long.parseLong(
                            child.stdout()
                                    .lines()
                                    .filter(l -> l.startsWith("OK stop "))
                                    .findFirst()
                                    .orElseThrow()
                                    .substring("OK stop ".length()));
            assertTrue(interrupts > 1000, "interrupts: " + interrupts);
            FaultLedger.injected(1);
            long before = Footprints.read(c).snapshotId();
            Footprints.Reading after = Footprints.scan(c);
            assertTrue(
                    after.snapshotId() > before,
                    after.snapshotId() + " after " + before + ": " + after.status());
            assertEquals("ok", after.status());
            Snapshots.assertAddsUp(after);
            assertEquals(1, Attach.threadsNamed(c, "wrss-scanner"));
            assertFalse(child.stdout().contains("UNCAUGHT"), child.stdout());
        }
    }

    /**
     * The application's MBeanServer refuses every wrss:* registration: one line says so, the application runs on,
     * and no wrss-scanner thread is left using CPU (gone, or idle over four intervals).
     */
    @Test
    void aServerThatRefusesWrssGetsOneLineAndNoScanner() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(ChildJvm.agentArg("interval=500ms")),
                        RefusingServerApp.class.getName(),
                        List.of())) {
            FaultLedger.injected(1);
            for (int i = 0; i < 300 && !child.stderr().contains("registration failed"); i++) {
                Thread.sleep(100);
            }
            assertEquals(
                    1,
                    child.stderr().lines().filter(l -> l.contains("registration failed")).count(),
                    child.stderr());
            assertFalse(child.stderr().contains("started ("), "no started line: " + child.stderr());
            List<Long> scanners = Tasks.named(child.pid(), "wrss-scanner");
            long[] cpu0 =
                    scanners.stream().mapToLong(t -> Tasks.cpuTicks(child.pid(), t)).toArray();
            Thread.sleep(2000);
            for (int i = 0; i < scanners.size(); i++) {
                long now = Tasks.cpuTicks(child.pid(), scanners.get(i));
                assertTrue(
                        now < 0 || now == cpu0[i],
                        "wrss-scanner still uses CPU: " + cpu0[i] + " -> " + now);
            }
            FaultLedger.assertAlive(child);
            child.send("exit 0");
            FaultLedger.assertExitedWith(child, 0);
            assertFalse(child.stdout().contains("UNCAUGHT"), child.stdout());
        }
    }
}
