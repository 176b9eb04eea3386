package dev.wrss.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.AgentLog;
import dev.wrss.agent.AgentOptions;
import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.agent.scan.FootprintScanner;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The scanner parks until its interval ends or someone wakes it: a new interval, stop() and an interrupt each
 * take effect at once, not an hour later, and an interrupted scanner ends rather than spinning.
 */
class SamplerWakeUpTest {

    @Test
    void aShorterIntervalIsTakenAtOnce() throws Exception {
        Started s = start("interval=1h,threshold=0%,log=off");
        try {
            long first = s.sampler.latest().id();
            s.sampler.setIntervalMillis(500);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (s.sampler.latest().id() < first + 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(
                    s.sampler.latest().id() >= first + 2,
                    "two periodic walks within 20 s of interval=500ms");
        } finally {
            s.sampler.stop();
        }
    }

    /**
     * Requests from several threads at once, snapshots and mapping lists mixed, each answered by a walk made
     * for it although the interval is an hour: none is left in the queue while the scanner parks.
     */
    @Test
    void everyRequestIsAnsweredWhileTheIntervalIsAnHour() throws Exception {
        Started s =
                start("interval=1h,log=off,budget=100%"); // 320 scans: within the on-demand budget
        int callers = 4;
        int each = 100;
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            java.util.List<java.util.concurrent.Future<String>> done = new java.util.ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                done.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < each; i++) {
                                        if ((i + caller) % 5 == 0) {
                                            if (s.sampler.mappings().isEmpty()) {
                                                return "request " + i + ": no mappings";
                                            }
                                        } else {
                                            long before = s.sampler.latest().id();
                                            var snapshot = s.sampler.scanNow();
                                            if (!"ok".equals(snapshot.status())
                                                    || snapshot.id() <= before) {
                                                return "request "
                                                        + i
                                                        + ": "
                                                        + snapshot.id()
                                                        + " after "
                                                        + before
                                                        + ", "
                                                        + snapshot.status();
                                            }
                                        }
                                    }
                                    return "ok";
                                }));
            }
            for (var f : done) {
                assertEquals("ok", f.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            s.sampler.stop();
        }
    }

    @Test
    void stopEndsAParkedScanner() throws Exception {
        Started s = start("interval=1h,log=off");
        s.sampler.stop();
        s.thread.join(10_000);
        assertFalse(s.thread.isAlive(), "the scanner still runs 10 s after stop()");
    }

    /**
     * Interrupts are wake-ups: a scanner interrupted a thousand times keeps running, costs at most a turn of its
     * loop per interrupt (no spin: its CPU stays far below a busy loop's), and answers the next request.
     */
    @Test
    void anInterruptedScannerGoesOnAndDoesNotSpin() throws Exception {
        Started s = start("interval=1h,log=off,budget=100%");
        try {
            java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 1000; i++) {
                s.thread.interrupt();
                Thread.sleep(1);
            }
            long cpu0 = mx.getThreadCpuTime(s.thread.getId());
            long wall0 = System.nanoTime();
            s.thread.interrupt();
            Thread.sleep(500);
            long cpu = mx.getThreadCpuTime(s.thread.getId()) - cpu0;
            long wall = System.nanoTime() - wall0;
            assertTrue(s.thread.isAlive(), "the scanner ended on an interrupt");
            assertTrue(
                    cpu < wall / 10,
                    "an interrupted scanner spins: " + cpu + " ns of CPU in " + wall + " ns");
            long before = s.sampler.latest().id();
            var snapshot = s.sampler.scanNow();
            assertTrue(snapshot.id() > before, "a scan after the interrupts: " + snapshot.status());
            assertEquals("ok", snapshot.status());
        } finally {
            s.sampler.stop();
        }
    }

    /** A stopped scanner answers scan() at once with the last snapshot and the reason, never after a timeout. */
    @Test
    void aStoppedScannerAnswersAtOnce() throws Exception {
        Started s = start("interval=1h,log=off");
        s.sampler.stopWith("stopped: for the test");
        s.thread.join(10_000);
        var snapshot = s.sampler.scanNow();
        assertEquals("stopped: for the test", snapshot.status());
        assertTrue(s.sampler.mappings().isEmpty());
    }

    private record Started(Sampler sampler, Thread thread) {}

    /** A sampler on this JVM's /proc, its first walk done, its scanner parked for the interval. */
    private static Started start(String options) throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        Sampler sampler =
                new Sampler(
                        () ->
                                new FootprintScanner(
                                        new SmapsReader(Path.of("/proc"), "self"),
                                        new LayoutProbe(
                                                JvmFacts.over(
                                                        ManagementFactory.getPlatformMBeanServer()),
                                                pid,
                                                Path.of("/proc")),
                                        10,
                                        10),
                        AgentOptions.parse(options),
                        new AgentLog("off"),
                        new StatmReader(Path.of("/proc"), "self", 4096),
                        () -> -1,
                        "test");
        Thread thread = new Thread(sampler, "wrss-scanner-test");
        thread.setDaemon(true);
        thread.start();
        while (sampler.latest().id() == 0) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // parked now
        return new Started(sampler, thread);
    }
}
