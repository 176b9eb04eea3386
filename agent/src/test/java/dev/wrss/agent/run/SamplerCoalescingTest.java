package dev.wrss.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.AgentLog;
import dev.wrss.agent.AgentOptions;
import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.mbeans.FootprintSnapshot;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many JMX callers asking for a scan at once share scans: the real pipeline on this JVM's own /proc. */
class SamplerCoalescingTest {

    @Test
    void concurrentScanRequestsShareScans() throws Exception {
        AgentOptions options =
                AgentOptions.parse(
                        "interval=1h,log=off,budget=100%"); // coalescing alone, not the on-demand
        // budget
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
                        options,
                        new AgentLog("off"),
                        new StatmReader(Path.of("/proc"), "self", 4096),
                        () -> -1,
                        "test");
        Thread scanner = new Thread(sampler, "wrss-scanner-test");
        scanner.setDaemon(true);
        scanner.start();
        int callers = 32;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            while (sampler.latest().id() == 0) {
                Thread.sleep(10); // the first scan runs at start
            }
            long before = sampler.latest().id();
            CyclicBarrier together = new CyclicBarrier(callers);
            Set<Long> ids = ConcurrentHashMap.newKeySet();
            List<Future<FootprintSnapshot>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(
                        pool.submit(
                                () -> {
                                    together.await();
                                    return sampler.scanNow();
                                }));
            }
            for (Future<FootprintSnapshot> f : answers) {
                FootprintSnapshot s = f.get(60, TimeUnit.SECONDS);
                assertEquals("ok", s.status());
                assertTrue(s.id() > before, "every caller gets a scan newer than its request");
                ids.add(s.id());
            }
            long scans = sampler.latest().id() - before;
            assertTrue(scans < callers / 2, callers + " callers caused " + scans + " scans");
            assertEquals(scans, ids.size(), "each scan answered someone");
        } finally {
            sampler.stop();
            pool.shutdownNow();
        }
    }
}
