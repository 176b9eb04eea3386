package dev.wrss.bench;

import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.scan.FootprintScanner;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * What a scan allocates and costs when the process's threads come and go, as in a JVM whose pools grow and
 * shrink: each round starts or ends one parked thread (outside the measured part), then scans; the
 * scanning thread's own allocation and CPU time are taken around the scan alone. "steady" rounds scan with
 * nothing changed. A thread-count change makes the layout relist /proc/PID/task, re-read /proc/PID/maps and
 * rebuild its range table, so this prices that path per scan.
 * {@code java -cp wrss-jmh.jar dev.wrss.bench.LayoutChurn threads2000 200}.
 */
public final class LayoutChurn {
    public static void main(String[] args) throws Exception {
        String shape = args[0];
        int rounds = Integer.parseInt(args[1]);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Shapes ignored = Shapes.create(shape)) {
            FootprintScanner scanner =
                    new FootprintScanner(
                            new SmapsReader(Path.of("/proc"), "self"),
                            new LayoutProbe(
                                    JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                    ProcessHandle.current().pid(),
                                    Path.of("/proc")),
                            50,
                            20);
            long id = 0;
            long warmUpEnd = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < warmUpEnd) {
                churn(id);
                scanner.scan(++id);
            }
            long[] steadyBytes = new long[rounds];
            long[] steadyCpu = new long[rounds];
            long[] churnBytes = new long[rounds];
            long[] churnCpu = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long c0 = threads.getCurrentThreadCpuTime();
                scanner.scan(++id);
                steadyCpu[i] = threads.getCurrentThreadCpuTime() - c0;
                steadyBytes[i] = threads.getCurrentThreadAllocatedBytes() - a0;
                churn(id);
                a0 = threads.getCurrentThreadAllocatedBytes();
                c0 = threads.getCurrentThreadCpuTime();
                scanner.scan(++id);
                churnCpu[i] = threads.getCurrentThreadCpuTime() - c0;
                churnBytes[i] = threads.getCurrentThreadAllocatedBytes() - a0;
            }
            System.out.printf("%s threads=%d rounds=%d%n", shape, Thread.activeCount(), rounds);
            print("steady", steadyBytes, steadyCpu);
            print("after a thread came or went", churnBytes, churnCpu);
        } finally {
            release();
        }
    }

    private static CountDownLatch parked;
    private static Thread extra;

    /** Starts one parked thread if none is out, else ends it; returns once the change is visible in /proc. */
    private static void churn(long id) throws InterruptedException {
        int before = tasks();
        flip(id);
        while (tasks() == before) {
            Thread.sleep(1); // a joined thread leaves /proc/self/task a moment after join() returns
        }
    }

    private static int tasks() {
        String[] names = new java.io.File("/proc/self/task").list();
        return names == null ? -1 : names.length;
    }

    private static void flip(long id) throws InterruptedException {
        if (extra == null) {
            parked = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch stop = parked;
            extra =
                    new Thread(
                            () -> {
                                started.countDown();
                                try {
                                    stop.await();
                                } catch (InterruptedException ignored) {
                                    // released
                                }
                            },
                            "churn-" + id);
            extra.setDaemon(true);
            extra.start();
            started.await();
        } else {
            release();
        }
    }

    private static void release() throws InterruptedException {
        if (extra != null) {
            parked.countDown();
            extra.join();
            extra = null;
        }
    }

    private static void print(String what, long[] bytes, long[] cpu) {
        long[] b = bytes.clone();
        long[] c = cpu.clone();
        Arrays.sort(b);
        Arrays.sort(c);
        System.out.printf(
                "  %-28s allocated median %,9d B  p90 %,9d B  max %,9d B   CPU median %8.3f ms%n",
                what,
                b[b.length / 2],
                b[b.length * 9 / 10],
                b[b.length - 1],
                c[c.length / 2] / 1e6);
    }
}
