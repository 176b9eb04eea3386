package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The whole periodic walk as the shipped agent makes it, against a plain read of the same smaps, over the
 * agent's life: a child JVM runs with {@code -javaagent:wrss-agent.jar} walking every {@code interval}
 * (threshold 0, so every interval walks; the budget raised so files10000 may too), which reads the
 * cgroup and system view, the committed sizes and the layout afresh each walk, as at the default 10 s
 * interval; the once-per-walk code runs as rarely as there, so it stays interpreted for the first ~200
 * walks. The child ({@code children/WalkApp.java}) pairs each walk's CPU, from the agent's SelfCpuNanos,
 * with a raw read half an interval later. Prints the median ratio by stretch of walks.
 *
 * <pre>
 * java -cp agent/target/wrss-jmh.jar dev.wrss.bench.AgentWalkRatio [shapes] [walks] [interval ms]
 * java -cp agent/target/wrss-jmh.jar dev.wrss.bench.AgentWalkRatio small,files10000 300 2000
 * </pre>
 */
public final class AgentWalkRatio {

    /** Stretches of the agent's life, by walk number (the first is start-up and not reported). */
    private static final int[] STRETCHES = {2, 11, 51, 101, 201, 401, 1001};

    public static void main(String[] args) throws Exception {
        String[] shapes = (args.length > 0 ? args[0] : "small,heap4g,threads2000,files10000").split(",");
        int walks = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        for (String shape : shapes) {
            List<String> jvm = shape.equals("heap4g") ? List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch")
                    : List.of("-Xms256m", "-Xmx256m");
            Process p = ChildRun.start("WalkApp", "interval=" + interval + "ms,threshold=0%,budget=20%", jvm,
                    List.of(shape, Integer.toString(walks), Long.toString(interval)));
            List<long[]> rows = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = in.readLine()) != null && !line.equals("DONE"); ) {
                    String[] f = line.split(" ");
                    if (f.length == 4 && f[0].equals("walk")) {
                        rows.add(new long[]{Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
                    }
                }
            } finally {
                p.destroy();
            }
            report(shape, interval, rows);
        }
    }

    private static void report(String shape, long interval, List<long[]> rows) {
        System.out.printf("%s, a walk every %d ms, %d walks paired:%n", shape, interval, rows.size());
        for (int s = 0; s + 1 < STRETCHES.length; s++) {
            int from = STRETCHES[s];
            int to = STRETCHES[s + 1] - 1;
            List<Double> ratios = new ArrayList<>();
            long walkSum = 0;
            long rawSum = 0;
            for (long[] r : rows) {
                if (r[0] >= from && r[0] <= to) {
                    ratios.add((double) r[1] / r[2]);
                    walkSum += r[1];
                    rawSum += r[2];
                }
            }
            if (ratios.isEmpty()) {
                continue;
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            System.out.printf("  walks %4d-%-4d n=%3d  walk %8.1f us  raw %8.1f us (CPU, mean)  ratio of means %.3f"
                    + "  ratio median %.3f (p25 %.3f, p75 %.3f, max %.3f)%n", from, to, n, walkSum / 1e3 / n,
                    rawSum / 1e3 / n, (double) walkSum / rawSum, sorted[n / 2], sorted[n / 4], sorted[n * 3 / 4],
                    sorted[n - 1]);
        }
    }
}
