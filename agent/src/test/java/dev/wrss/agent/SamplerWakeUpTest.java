package dev.wrss.agent;

import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertTrue(s.sampler.latest().id() >= first + 2, "two periodic walks within 20 s of interval=500ms");
        } finally {
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

    @Test
    void anInterruptedScannerEndsAndDoesNotSpin() throws Exception {
        Started s = start("interval=1h,log=off");
        try {
            s.thread.interrupt();
            s.thread.join(10_000);
            assertFalse(s.thread.isAlive(), "the scanner still runs 10 s after an interrupt");
        } finally {
            s.sampler.stop();
        }
    }

    private record Started(Sampler sampler, Thread thread) {
    }

    /** A sampler on this JVM's /proc, its first walk done, its scanner parked for the interval. */
    private static Started start(String options) throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        Sampler sampler = new Sampler(() -> new FootprintScanner(new SmapsReader(Path.of("/proc"), "self"),
                new LayoutProbe(ManagementFactory.getPlatformMBeanServer(), pid, Path.of("/proc")), 10, 10),
                AgentOptions.parse(options), new AgentLog("off"), new StatmReader(Path.of("/proc"), "self", 4096),
                () -> -1, "test", null);
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
