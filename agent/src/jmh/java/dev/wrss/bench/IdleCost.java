package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

/**
 * Measures what an idle JVM pays for the agent at its default settings: the CPU time of the
 * {@code wrss-scanner} thread over a few minutes, in a child with a 4 GiB touched heap that does nothing.
 * Run: {@code java -cp agent/target/wrss-jmh.jar dev.wrss.bench.IdleCost [seconds] [agent options]}.
 */
public final class IdleCost {

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 180;
        String options = args.length > 1 ? args[1] : "";
        Process p =
                ChildRun.start(
                        "IdleApp",
                        options,
                        List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"),
                        List.of());
        try {
            new BufferedReader(new InputStreamReader(p.getInputStream())).readLine(); // READY
            long tid = -1;
            for (int i = 0; i < 100 && tid < 0; i++) {
                Thread.sleep(100);
                tid = ChildRun.tidOf(p.pid(), "wrss-scanner");
            }
            if (tid < 0) {
                throw new IllegalStateException("no wrss-scanner thread in the child");
            }
            Thread.sleep(15_000); // past the first walk, which is start-up, not idle cost
            long startupNanos = ChildRun.cpuNanos(p.pid(), tid);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            long cpu = ChildRun.cpuNanos(p.pid(), tid) - startupNanos;
            long wall = System.nanoTime() - t0;
            System.out.printf(
                    "idle JVM, -Xms4g AlwaysPreTouch, agent options '%s': first 15 s %.1f ms CPU; "
                            + "then %.1f ms CPU over %d s = %.4f%% of one core%n",
                    options, startupNanos / 1e6, cpu / 1e6, seconds, 100.0 * cpu / wall);
        } finally {
            p.destroy();
        }
    }
}
