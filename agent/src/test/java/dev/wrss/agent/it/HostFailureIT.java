package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failures of the host application while the agent scans: it runs out of heap (the agent must keep
 * scanning afterwards), or it calls System.exit mid-scan (the exit status must be the application's).
 */
class HostFailureIT {

    @AfterAll
    static void tally() {
        System.out.println(FaultLedger.tally());
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void anOutOfMemoryErrorInTheApplicationDoesNotStopScanning(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(), List.of(ChildJvm.agentArg("interval=500ms"), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            try (Scanning scans = new Scanning(c)) {
                for (int i = 0; i < 10; i++) {
                    child.send("oom");
                    FaultLedger.injected(1);
                }
            }
            FaultLedger.assertAlive(child);
            long before = Snapshots.attribute(c, "ScanCount");
            Footprints.Reading r = Footprints.scan(c);
            Snapshots.assertAddsUp(r);
            assertTrue(
                    r.snapshotId() > before,
                    "a scan after the OutOfMemoryErrors; status " + r.status());
            assertEquals(1, Attach.threadsNamed(c, "wrss-scanner"), "the scanner thread survived");
            FaultLedger.assertOneLinePerProblem(child.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void systemExitDuringScansEndsWithTheApplicationsStatus(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(jdk.home(), List.of(ChildJvm.agentArg("interval=500ms")))) {
            MBeanServerConnection c = child.jmxWithWrss();
            try (Scanning scans = new Scanning(c)) {
                scans.awaitScans(3);
                child.process()
                        .getOutputStream()
                        .write("exit 3\n".getBytes(StandardCharsets.UTF_8));
                child.process().getOutputStream().flush();
                FaultLedger.injected(1);
                FaultLedger.assertExitedWith(child, 3);
            }
        }
    }

    /** A JMX client calling scan() back to back until closed; its errors after the child is gone are expected. */
    private static final class Scanning implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong scans = new AtomicLong();
        private final Thread thread;

        Scanning(MBeanServerConnection c) {
            thread =
                    new Thread(
                            () -> {
                                while (!stop.get()) {
                                    try {
                                        Snapshots.assertAddsUp(Footprints.scan(c));
                                        scans.incrementAndGet();
                                    } catch (Exception e) {
                                        return; // the child exited
                                    }
                                }
                            },
                            "scan-loop");
            thread.start();
        }

        void awaitScans(long n) throws InterruptedException {
            while (scans.get() < n && thread.isAlive()) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(60_000);
        }
    }
}
