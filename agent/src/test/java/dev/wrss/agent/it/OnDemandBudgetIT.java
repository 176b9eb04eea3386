package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/**
 * Sixteen JMX clients calling scan() in a loop for ten seconds: every call returns a snapshot, and the
 * wrss-scanner thread's CPU, as the kernel counts it, stays within what the budgets allow: on-demand walks
 * {@code 10 x budget} of one core after a 10 s burst of that share, periodic walks {@code budget}, plus a walk.
 */
class OnDemandBudgetIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static final double BUDGET = 0.005; // the default
    private static final int RATIO = 10;
    private static final double BURST_SECONDS = 10;

    @Test
    void sixteenClientsScanningInALoopStayWithinTheOnDemandBudget() throws Exception {
        try (ChildJvm child = ChildJvm.start(JDK, List.of(ChildJvm.agentArg(""), "-Xmx128m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            List<Long> scanner = Tasks.named(child.pid(), "wrss-scanner");
            assertEquals(1, scanner.size(), "one wrss-scanner thread");
            long tid = scanner.get(0);
            AtomicBoolean run = new AtomicBoolean(true);
            AtomicLong calls = new AtomicLong();
            AtomicLong served = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(17);
            long ticks0 = Tasks.cpuTicks(child.pid(), tid);
            long wall0 = System.nanoTime();
            List<Future<String>> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    clients.add(
                            pool.submit(
                                    () -> {
                                        while (run.get()) {
                                            Object table =
                                                    c.invoke(
                                                            Footprints.footprint(),
                                                            "scan",
                                                            new Object[0],
                                                            new String[0]);
                                            if (!(table instanceof TabularData t) || t.isEmpty()) {
                                                return "scan() returned " + table;
                                            }
                                            calls.incrementAndGet();
                                        }
                                        return "ok";
                                    }));
                }
                Future<?> watcher =
                        pool.submit(
                                () -> {
                                    while (run.get()) {
                                        if (String.valueOf(
                                                        c.getAttribute(
                                                                Footprints.footprint(), "Status"))
                                                .contains("served from")) {
                                            served.incrementAndGet();
                                        }
                                        Thread.sleep(50);
                                    }
                                    return null;
                                });
                Thread.sleep(10_000);
                run.set(false);
                for (Future<String> f : clients) {
                    assertEquals("ok", f.get());
                }
                watcher.get();
            } finally {
                run.set(false);
                pool.shutdownNow();
            }
            double cpuSeconds =
                    (Tasks.cpuTicks(child.pid(), tid) - ticks0) / (double) Tasks.TICKS_PER_SECOND;
            double elapsed = (System.nanoTime() - wall0) / 1e9;
            double allowed =
                    BUDGET * (RATIO * (elapsed + BURST_SECONDS) + elapsed)
                            + 0.1; // + a walk and a tick
            System.out.printf(
                    "scan() calls %d in %.1f s; wrss-scanner CPU %.3f s = %.1f%% of a core"
                            + " (allowed %.3f s); Status said 'served from' in %d samples%n",
                    calls.get(),
                    elapsed,
                    cpuSeconds,
                    100 * cpuSeconds / elapsed,
                    allowed,
                    served.get());
            assertTrue(
                    cpuSeconds <= allowed,
                    cpuSeconds + " s of CPU in " + elapsed + " s, allowed " + allowed);
            assertTrue(served.get() > 0, "Status never said a request was served from a snapshot");
            Snapshots.assertAddsUp(Footprints.read(c));
        }
    }
}
