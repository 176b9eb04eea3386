package dev.wrss.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole periodic walk as the shipped agent makes it, against a plain read of the same smaps, over the
 * agent's life: a child JVM runs with {@code -javaagent:wrss-agent.jar} walking every {@code interval}
 * (threshold 0, so every interval walks; the budget raised so files10000 may too), which reads the
 * cgroup and system view, the committed sizes and the layout afresh each walk, as at the default 10 s
 * interval; the once-per-walk code runs as rarely as there, so it stays interpreted for the first 256-384
 * walks (HotSpot looks at a method's count every 128 calls and compiles it past 200). The child
 * ({@code children/WalkApp.java}) pairs each walk's CPU, from the agent's SelfCpuNanos, with a raw read half
 * an interval later, for walks 2 to {@code walks} (the first is the agent's start-up). Prints the ratio by
 * stretch of walks.
 *
 * <p>Given a second agent jar (another build, e.g. the one before a change), a second child runs beside the
 * first with it, started a quarter interval later: the two children's walks and raw reads then take turns at
 * even spacing instead of competing for the caches at the same moments, and both are reported side by side.
 * Then the pair runs again with the order swapped: with the same jar in both, the child started first walked
 * dearer over scans 11-50 in four runs of four (by 0.1-0.35 ms; docs/performance.md, section 2).
 *
 * <pre>
 * java -cp agent/target/wrss-jmh.jar dev.wrss.bench.AgentWalkRatio [shapes] [walks] [interval ms] [other agent jar]
 * java -cp agent/target/wrss-jmh.jar dev.wrss.bench.AgentWalkRatio small,files10000 300 2000
 * java -cp agent/target/wrss-jmh.jar dev.wrss.bench.AgentWalkRatio small 100 2000 /tmp/before/wrss-agent.jar
 * </pre>
 */
public final class AgentWalkRatio {

    /** Stretches of the agent's life, by walk number (the first is start-up and not reported). */
    private static final int[] STRETCHES = {2, 11, 51, 101, 201, 401, 1001};

    public static void main(String[] args) throws Exception {
        String[] shapes =
                (args.length > 0 ? args[0] : "small,heap4g,threads2000,files10000").split(",");
        int walks = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        long interval = args.length > 2 ? Long.parseLong(args[2]) : 2000;
        List<Path> jars = new ArrayList<>(List.of(ChildRun.agentJar()));
        if (args.length > 3) {
            jars.add(Path.of(args[3]).toAbsolutePath());
        }
        List<List<Path>> orders =
                jars.size() == 1 ? List.of(jars) : List.of(jars, List.of(jars.get(1), jars.get(0)));
        for (String shape : shapes) {
            for (List<Path> order : orders) {
                run(shape, walks, interval, order);
            }
        }
    }

    /** Runs one child per jar, each a quarter interval after the one before, and reports each. */
    private static void run(String shape, int walks, long interval, List<Path> jars)
            throws Exception {
        List<String> jvm =
                shape.equals("heap4g")
                        ? List.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch")
                        : List.of("-Xms256m", "-Xmx256m");
        List<Process> children = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<List<long[]>> rows = new ArrayList<>();
        try {
            for (Path jar : jars) {
                if (!children.isEmpty()) {
                    Thread.sleep(interval / 4);
                }
                Process p =
                        ChildRun.start(
                                List.of(),
                                jar,
                                "WalkApp",
                                "interval=" + interval + "ms,threshold=0%,budget=20%",
                                jvm,
                                List.of(shape, Integer.toString(walks), Long.toString(interval)));
                children.add(p);
                List<long[]> own = new ArrayList<>();
                rows.add(own);
                Thread reader = new Thread(() -> collect(p, own));
                reader.start();
                readers.add(reader);
            }
            for (Thread reader : readers) {
                reader.join();
            }
        } finally {
            children.forEach(Process::destroy);
        }
        for (int j = 0; j < jars.size(); j++) {
            report(
                    shape,
                    interval,
                    jars.size() > 1
                            ? jars.get(j) + " (started " + (j + 1) + " of " + jars.size() + ")"
                            : null,
                    rows.get(j));
        }
    }

    /** The child's "walk N walkNanos rawNanos" lines, up to its DONE. */
    private static void collect(Process p, List<long[]> rows) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = in.readLine()) != null && !line.equals("DONE"); ) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("walk")) {
                    rows.add(
                            new long[] {
                                Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])
                            });
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void report(String shape, long interval, String jar, List<long[]> rows) {
        System.out.printf(
                "%s, a walk every %d ms, %d walks paired%s:%n",
                shape, interval, rows.size(), jar == null ? "" : ", agent " + jar);
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
            System.out.printf(
                    "  walks %4d-%-4d n=%3d  walk %8.1f us  raw %8.1f us (CPU, mean)  ratio of means %.3f"
                            + "  ratio median %.3f (p25 %.3f, p75 %.3f, max %.3f)%n",
                    from,
                    to,
                    n,
                    walkSum / 1e3 / n,
                    rawSum / 1e3 / n,
                    (double) walkSum / rawSum,
                    sorted[n / 2],
                    sorted[n / 4],
                    sorted[n * 3 / 4],
                    sorted[n - 1]);
        }
    }
}
