package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.HistoryMXBean;
import dev.wrss.mbeans.MiniJson;
import dev.wrss.mbeans.Region;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Five children, each leaking one kind of memory at a steady pace after the test took a baseline: over a real
 * JMX connection {@code diff()} and, through the command line, {@code report --diff} put the leaking region
 * first, and {@code Growth} matches the rate of the child's own measure within 20 %. The child's rate is the
 * least-squares slope of its measure at the history's own sample times, so the quiet time before the leak
 * counts alike on both sides.
 */
class HistoryIT {

    static final ObjectName HISTORY = name(HistoryMXBean.OBJECT_NAME);
    static final int STEPS = 60;
    static final int PERIOD_MILLIS = 250;

    // five children that each wait out their own leak: side by side, not one after another
    @org.junit.jupiter.api.parallel.Execution(
            org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "{0} leaks into {1}")
    @CsvSource({
        "direct, malloc",
        "threads, thread_stacks",
        "classes, metaspace+class_space",
        "mapped, mapped_files",
        "heap, java_heap"
    })
    void theLeakingRegionComesFirstAndGrowsAtTheChildsRate(
            String kind, String regions, @TempDir Path dir) throws Exception {
        List<String> jvm =
                new ArrayList<>(
                        List.of(
                                ChildJvm.agentArg("interval=1s,history=2m@1s,log=off"),
                                "-XX:+UseSerialGC",
                                "-XX:MaxDirectMemorySize=1g"));
        jvm.addAll(
                kind.equals("heap")
                        ? List.of("-Xmn8m", "-Xms16m", "-Xmx512m")
                        : List.of("-Xmx64m", "-Xms64m", "-XX:+AlwaysPreTouch"));
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        jvm,
                        LeakingChild.class.getName(),
                        List.of(
                                kind,
                                Integer.toString(STEPS),
                                Integer.toString(PERIOD_MILLIS),
                                dir.toString()))) {
            MBeanServerConnection c = child.jmxWithWrss();
            Thread.sleep(2000); // quiet samples before the leak, as in life
            c.invoke(HISTORY, "baseline", new Object[0], new String[0]);
            child.send("go");
            child.await("DONE", 120);
            Thread.sleep(1500); // a sample after the last step

            TabularData growth = (TabularData) c.getAttribute(HISTORY, "Growth");
            TabularData samples =
                    (TabularData)
                            c.invoke(
                                    HISTORY,
                                    "samples",
                                    new Object[] {Long.MIN_VALUE, Long.MAX_VALUE},
                                    new String[] {"long", "long"});
            TreeMap<Long, Long> measure = leakLines(child.stdout());
            List<Long> times = sampleTimes(samples);
            double expected = slopePerHour(times, measure);
            double measured = 0;
            for (String r : regions.split("\\+")) {
                measured += (Double) growth.get(new Object[] {r}).get("sinceStart");
            }
            assertTrue(
                    Math.abs(measured - expected) <= 0.2 * expected,
                    kind
                            + ": Growth "
                            + mib(measured)
                            + " MiB/h, the child's rate "
                            + mib(expected)
                            + " MiB/h over "
                            + times.size()
                            + " samples");

            TabularData diff =
                    (TabularData) c.invoke(HISTORY, "diff", new Object[0], new String[0]);
            String first = largestDelta(diff);
            assertTrue(
                    List.of(regions.split("\\+")).contains(first),
                    kind + ": diff() puts " + first + " first");

            CliProcess.Result cli = CliProcess.run("report", Long.toString(child.pid()), "--diff");
            assertEquals(0, cli.exitCode(), cli.toString());
            String cliFirst = firstRegionLine(cli.stdout());
            assertTrue(
                    List.of(regions.split("\\+")).contains(cliFirst),
                    kind + ": report --diff puts " + cliFirst + " first:\n" + cli.stdout());
            System.out.printf(
                    "%s: Growth %.1f MiB/h, child %.1f MiB/h; report --diff:%n%s%n",
                    kind, mib(measured), mib(expected), cli.stdout());
        }
    }

    @org.junit.jupiter.api.Test
    void anIdleJvmRecordsEverySecondWithoutWalksAndTheCommandLinePrintsIt() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(
                                ChildJvm.agentArg("interval=1s,history=20s@1s,2m@5s,log=off"),
                                "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            assertEquals("20s@1s,2m@5s", c.getAttribute(HISTORY, "Retention"));
            // the fine ring holds 20 samples: read once it has wrapped (30 s on a quiet machine;
            // start-up scans
            // spaced by the budget on a loaded one can take longer before the JVM is idle)
            List<Long> times = List.of();
            for (int waited = 0; waited < 90 && (waited < 30 || times.size() < 21); waited += 5) {
                Thread.sleep(5_000);
                times =
                        sampleTimes(
                                (TabularData)
                                        c.invoke(
                                                HISTORY,
                                                "samples",
                                                new Object[] {Long.MIN_VALUE, Long.MAX_VALUE},
                                                new String[] {"long", "long"}));
            }
            long skipped = (Long) c.getAttribute(name("wrss:type=Footprint"), "SkippedIntervals");
            assertTrue(skipped > 0, "an idle JVM skips walks");
            // the finest ring wrapped: it holds the last 20 samples, the 5 s ring the time before
            // them start-up moves memory while its first scans are dear, so the CPU budget spaces
            // them: those intervals leave no sample rather than stale numbers. Once idle, every
            // second is recorded without a walk.
            assertTrue(
                    times.size() >= 20,
                    times.size() + " samples: " + times + ", skipped " + skipped);
            int fineFrom = times.size() - 20;
            int missedTicks = 0;
            for (int k = 1; k < times.size(); k++) {
                long gap = times.get(k) - times.get(k - 1);
                if (k > fineFrom) {
                    // a scanner at the lowest priority on a busy machine may miss one tick: no gap
                    // beyond two
                    // steps, and at most two such in the 20 s
                    missedTicks += gap > 1500 ? 1 : 0;
                    assertTrue(
                            gap >= 900 && gap <= 2500 && missedTicks <= 2,
                            "1 s samples while idle, a gap of " + gap + " ms: " + times);
                } else if (k < fineFrom) {
                    assertTrue(
                            gap >= 4_500,
                            "5 s samples before, never two in one step: " + gap + " ms");
                }
            }

            String pid = Long.toString(child.pid());
            CliProcess.Result csv = CliProcess.run("history", pid, "--csv", "--since", "10s");
            assertEquals(0, csv.exitCode(), csv.toString());
            String[] lines = csv.stdout().split("\n");
            assertEquals("time,region,rss,pss,uss,swap,threads,cgroupUsage,cgroupLimit", lines[0]);
            assertTrue(
                    lines.length - 1 >= 8 * (Region.count() + 1)
                            && lines.length - 1 <= 12 * (Region.count() + 1),
                    "about 10 s of 1 s samples:\n" + csv.stdout());
            CliProcess.Result human = CliProcess.run("history", pid);
            assertEquals(0, human.exitCode(), human.toString());
            assertTrue(
                    human.stdout().startsWith("TIME (UTC)") && human.stdout().contains("java_heap"),
                    human.stdout());
            CliProcess.Result json = CliProcess.run("history", pid, "--json", "--since", "5s");
            assertEquals(0, json.exitCode(), json.toString());
            Object parsed = MiniJson.parse(json.stdout());
            assertTrue(
                    parsed instanceof Map<?, ?> m
                            && m.get("samples") instanceof List<?> l
                            && !l.isEmpty(),
                    json.stdout());
        }
    }

    @org.junit.jupiter.api.Test
    void defaultHistoryStatesItsMemoryAndAgentlessTargetsAreToldHistoryNeedsTheAgent()
            throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg("log=off"), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            assertEquals("1h@10s,24h@1m", c.getAttribute(HISTORY, "Retention"));
            long bytes = (Long) c.getAttribute(HISTORY, "RetainedBytes");
            long width = Region.count() * 4 + 3;
            long expected = 0;
            for (int capacity : new int[] {16, 16}) { // a young JVM's rings: 16 samples each
                expected += 16 + 8L * capacity + 16 + 8L * capacity * width + 128;
            }
            expected += 16 + 8 * width + 64;
            assertEquals(expected, bytes);
            assertTrue(bytes <= 1 << 20, bytes + " bytes");
        }
        try (ChildJvm child =
                ChildJvm.start(Path.of(System.getProperty("java.home")), List.of("-Xmx64m"))) {
            for (String[] args :
                    List.of(
                            new String[] {"history", Long.toString(child.pid())},
                            new String[] {"report", Long.toString(child.pid()), "--diff"})) {
                CliProcess.Result r = CliProcess.run(args);
                assertEquals(1, r.exitCode(), r.toString());
                assertTrue(r.stderr().contains("history needs the agent"), r.toString());
            }
        }
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg("history=off,log=off"), "-Xmx64m"))) {
            child.jmxWithWrss();
            assertTrue(!child.jmx().isRegistered(HISTORY), "history=off registers no History bean");
            CliProcess.Result r = CliProcess.run("history", Long.toString(child.pid()));
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("keeps no history"), r.toString());
        }
    }

    /** The child's measure over time, from its {@code LEAK <ms> <bytes>} lines. */
    static TreeMap<Long, Long> leakLines(String stdout) {
        TreeMap<Long, Long> m = new TreeMap<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("LEAK ")) {
                String[] f = line.split(" ");
                m.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
            }
        }
        return m;
    }

    static List<Long> sampleTimes(TabularData samples) {
        List<Long> times = new ArrayList<>();
        for (Object row : samples.values()) {
            CompositeData r = (CompositeData) row;
            if (r.get("region").equals("total")) {
                times.add((Long) r.get("time"));
            }
        }
        times.sort(Comparator.naturalOrder());
        return times;
    }

    /** Least squares of the child's measure (its last report at or before each time, 0 before the first). */
    static double slopePerHour(List<Long> times, TreeMap<Long, Long> measure) {
        int n = times.size();
        double mt = 0, my = 0;
        double[] y = new double[n];
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            Map.Entry<Long, Long> e = measure.floorEntry(times.get(k));
            y[k] = e == null ? 0 : e.getValue();
            t[k] = (times.get(k) - times.get(0)) / 3_600_000.0;
            mt += t[k] / n;
            my += y[k] / n;
        }
        double sxy = 0, sxx = 0;
        for (int k = 0; k < n; k++) {
            sxy += (t[k] - mt) * (y[k] - my);
            sxx += (t[k] - mt) * (t[k] - mt);
        }
        return sxy / sxx;
    }

    static String largestDelta(TabularData diff) {
        String best = null;
        long bestDelta = Long.MIN_VALUE;
        for (Object row : diff.values()) {
            CompositeData r = (CompositeData) row;
            long delta = (Long) r.get("delta");
            if (!r.get("region").equals("total") && delta > bestDelta) {
                bestDelta = delta;
                best = (String) r.get("region");
            }
        }
        return best;
    }

    /** The first line of the report that starts with a region id. */
    static String firstRegionLine(String out) {
        for (String line : out.split("\n")) {
            String first = line.split("\\s+")[0];
            if (Region.ofId(first) != null) {
                return first;
            }
        }
        return null;
    }

    static double mib(double bytes) {
        return bytes / (1 << 20);
    }

    static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
