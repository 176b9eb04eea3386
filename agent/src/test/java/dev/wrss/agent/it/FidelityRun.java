package dev.wrss.agent.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * One fidelity measurement: a child JVM with NMT and the agent, the standard workload, then wrss's rows
 * joined with the oracle and the independent facts checked. Answers the problems found, prints the table.
 */
final class FidelityRun {

    /** How often the thread-stack comparison scans again before it gives up (half a second apart). */
    private static final int STACK_RESCANS = 20;

    /** One child: a name for the table, its JVM options, how many generated classes it loads. */
    record Config(String name, List<String> options, int classes) {}

    /**
     * The collectors, then each unusual layout on one collector (two layouts share a child where they can);
     * {@code only}, if not empty, keeps the configs whose name contains it (for working on one gap).
     */
    static List<Config> configs(String only) {
        return Stream.of(
                        new Config("G1", List.of("-XX:+UseG1GC"), 20_000),
                        new Config("Parallel", List.of("-XX:+UseParallelGC"), 20_000),
                        new Config("Serial", List.of("-XX:+UseSerialGC"), 20_000),
                        new Config("ZGC", List.of("-XX:+UseZGC", "-XX:+AlwaysPreTouch"), 20_000),
                        new Config("Shenandoah", List.of("-XX:+UseShenandoahGC"), 20_000),
                        new Config(
                                "G1 -Xshare:off -UseCompressedClassPointers",
                                List.of(
                                        "-XX:+UseG1GC",
                                        "-Xshare:off",
                                        "-XX:-UseCompressedClassPointers"),
                                20_000),
                        new Config(
                                "Parallel -SegmentedCodeCache",
                                List.of("-XX:+UseParallelGC", "-XX:-SegmentedCodeCache"),
                                20_000),
                        new Config(
                                "Serial ReservedCodeCacheSize=32m",
                                List.of("-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=32m"),
                                20_000),
                        new Config(
                                "Shenandoah +UseTransparentHugePages",
                                List.of("-XX:+UseShenandoahGC", "-XX:+UseTransparentHugePages"),
                                20_000))
                .filter(c -> only.isEmpty() || c.name().contains(only))
                .toList();
    }

    private final Jdks.Jdk jdk;
    private final Config config;
    private final Path dir;
    private final List<String> problems = new ArrayList<>();
    private Agreement agreement;
    private StackNames.Result stacks;
    private String zgcViews = "";
    private int stackRescans;

    FidelityRun(Jdks.Jdk jdk, Config config, Path dir) {
        this.jdk = jdk;
        this.config = config;
        this.dir = dir;
    }

    boolean systemMap() {
        return jdk.feature() >= 22;
    }

    List<String> measure() throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                ChildJvm.agentArg("topThreads=10000"),
                                "-Xmx256m",
                                systemMap()
                                        ? "-XX:NativeMemoryTracking=summary"
                                        : "-XX:NativeMemoryTracking=detail"));
        args.addAll(config.options());
        String tag = config.name().replaceAll("[^A-Za-z0-9]+", "_");
        List<Path> files =
                List.of(
                        dir.resolve(jdk + "-" + tag + "-a.bin"),
                        dir.resolve(jdk + "-" + tag + "-b.bin"));
        try (ChildJvm child = ChildJvm.start(jdk.home(), args)) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("threads 300");
            child.send("direct 64");
            for (Path f : files) {
                child.send("map " + f + " " + FidelityIT.MAPPED_FILE_MIB);
            }
            child.send("classes " + config.classes(), 300);
            child.send("heap 64");
            List<AgentRows.Stack> published = AgentRows.threadStacks(c);
            List<AgentRows.Row> rows = AgentRows.mappings(c);
            String oracleText =
                    systemMap() ? dcmd(c, "systemMap") : dcmd(c, "vmNativeMemory", "detail");
            List<NmtOracle.Range> oracle =
                    systemMap()
                            ? NmtOracle.parseSystemMap(oracleText)
                            : NmtOracle.parseNmtDetail(oracleText);
            oracle.sort(Comparator.comparingLong(NmtOracle.Range::start));
            keep(tag, rows, oracleText);
            agreement = Agreement.of(rows, oracle);
            check(
                    agreement.percent() >= FidelityIT.MIN_AGREEMENT_PERCENT,
                    String.format(
                            Locale.ROOT,
                            "agreement %.3f%% < %.1f%%",
                            agreement.percent(),
                            FidelityIT.MIN_AGREEMENT_PERCENT));
            check(
                    agreement.otherPercentOfPss() < FidelityIT.MAX_OTHER_PERCENT,
                    String.format(
                            Locale.ROOT,
                            "other holds %.3f%% of Pss",
                            agreement.otherPercentOfPss()));
            problems.addAll(FidelityFacts.mallocHoldsTheArenas(rows, oracle));
            problems.addAll(FidelityFacts.sharedLibsAreElf(rows));
            problems.addAll(
                    FidelityFacts.mappedFilesHoldTheTestFiles(
                            rows, files, (FidelityIT.MAPPED_FILE_MIB << 20) * 9L / 10));
            problems.addAll(FidelityFacts.jdkImageIsTheModulesFile(rows, jdk.home()));
            problems.addAll(heapCommittedAsTheJvmSays(c));
            if (systemMap()) {
                stacks = StackNames.compare(oracle, published);
                // a thread caught running (a busy compiler) has no stack pointer to read: wrss
                // retries it on each scan, and Java names arrive with the next Thread.print its
                // cost budget allows
                for (int scan = 0; scan < STACK_RESCANS && stacks.anyMissing(); scan++) {
                    Thread.sleep(500);
                    stacks = StackNames.compare(oracle, AgentRows.threadStacks(c));
                    stackRescans = scan + 1;
                }
                check(
                        stacks.percent() >= FidelityIT.MIN_STACKS_PERCENT,
                        String.format(
                                Locale.ROOT,
                                "only %d of %d System.map threads match: %s",
                                stacks.matched(),
                                stacks.named(),
                                stacks.problems()));
            }
            if (config.name().equals("ZGC")) {
                zgcViews = zgcViews(rows, c);
            }
            System.out.print(
                    agreement.table(jdk + " " + config.name())
                            + zgcViews
                            + otherRows(rows)
                            + (stacks == null
                                    ? ""
                                    : "   stacks: "
                                            + stacks.matched()
                                            + "/"
                                            + stacks.named()
                                            + " System.map threads match after "
                                            + stackRescans
                                            + " rescans "
                                            + stacks.problems()
                                            + "\n"));
        }
        return problems;
    }

    /**
     * The java_heap region's Committed (in process {@code Runtime.totalMemory()}) is what the JVM's heap MXBean
     * says it committed, for every collector: compared right after a scan, again if the heap was resized
     * between the two readings of the MXBean around it.
     */
    private static List<String> heapCommittedAsTheJvmSays(MBeanServerConnection c)
            throws Exception {
        ObjectName memory = new ObjectName("java.lang:type=Memory");
        long ours = -1;
        long theirs = -1;
        for (int attempt = 0; attempt < 5; attempt++) {
            long before = heapCommitted(c, memory);
            c.invoke(new ObjectName("wrss:type=Footprint"), "scan", null, null);
            ours =
                    (Long)
                            c.getAttribute(
                                    new ObjectName("wrss:type=Region,name=java_heap"), "Committed");
            theirs = heapCommitted(c, memory);
            if (before == theirs && ours == theirs) {
                return List.of();
            }
        }
        return List.of("java_heap Committed " + ours + " but HeapMemoryUsage.committed " + theirs);
    }

    private static long heapCommitted(MBeanServerConnection c, ObjectName memory) throws Exception {
        return (Long) ((CompositeData) c.getAttribute(memory, "HeapMemoryUsage")).get("committed");
    }

    /** The ZGC heap views: Rss counts a page once per view it is mapped in, Pss divides it by that count. */
    private String zgcViews(List<AgentRows.Row> rows, MBeanServerConnection c) throws Exception {
        long rss = 0;
        long pss = 0;
        int views = 0;
        for (AgentRows.Row r : rows) {
            if (r.path() != null && r.path().startsWith("/memfd:java_heap")) {
                rss += r.rssBytes();
                pss += r.pssBytes();
                views++;
            }
        }
        long committed =
                (Long)
                        ((CompositeData)
                                        c.getAttribute(
                                                new ObjectName("java.lang:type=Memory"),
                                                "HeapMemoryUsage"))
                                .get("committed");
        boolean multiMapped = jdk.feature() < 21;
        check(
                Math.abs(pss - committed) <= committed / 20,
                "ZGC heap Pss "
                        + Agreement.mib(pss)
                        + " not within 5% of committed "
                        + Agreement.mib(committed));
        if (multiMapped) {
            check(
                    rss >= 1.9 * pss,
                    "ZGC heap Rss " + Agreement.mib(rss) + " < 1.9 x Pss " + Agreement.mib(pss));
        }
        return String.format(
                Locale.ROOT,
                "   ZGC heap: %d memfd rows, Rss %s, Pss %s (Rss/Pss %.2f), committed %s%n",
                views,
                Agreement.mib(rss),
                Agreement.mib(pss),
                pss == 0 ? 0 : (double) rss / pss,
                Agreement.mib(committed));
    }

    private static String otherRows(List<AgentRows.Row> rows) {
        StringBuilder sb = new StringBuilder("   other:");
        for (AgentRows.Row r : rows) {
            if (r.region().equals("other") && r.pssBytes() > 0) {
                sb.append(
                        String.format(
                                " %x-%x %s %s pss=%dK;",
                                r.start(),
                                r.end(),
                                r.perms(),
                                r.path() == null ? "anon" : r.path(),
                                r.pssBytes() >> 10));
            }
        }
        return sb.append('\n').toString();
    }

    String summaryLine() {
        if (agreement == null) {
            return String.format(Locale.ROOT, "%-40s not measured: %s", config.name(), problems);
        }
        return String.format(
                Locale.ROOT,
                "%-40s agreement %7.3f%%  other %.3f%% of Pss%s  problems %d",
                config.name(),
                agreement.percent(),
                agreement.otherPercentOfPss(),
                stacks == null
                        ? ""
                        : String.format(
                                Locale.ROOT, "  stacks %d/%d", stacks.matched(), stacks.named()),
                problems.size());
    }

    /** Leaves both sides in target/fidelity for reading a miss by hand; a failure to write is no failure. */
    private void keep(String tag, List<AgentRows.Row> rows, String oracleText) {
        RealServerCaptures.keep(jdk + "-" + tag, rows, java.util.Map.of("oracle", oracleText));
    }

    private void check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static String dcmd(MBeanServerConnection c, String op, String... args)
            throws Exception {
        return (String)
                c.invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        op,
                        new Object[] {args},
                        new String[] {String[].class.getName()});
    }
}
