package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.Footprints.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stop-the-world pauses the agent causes, read from the child's own safepoint log (-Xlog:safepoint):
 * Thread.print, the one source of full thread names, runs three safepoint operations whose pause grows with
 * the thread count. With 300 threads its estimated pause (25 us a thread) is above the default maxPause of
 * 1 ms, so it must not run; the one Java name that fits a cut comm is still found, from ThreadMXBean without
 * a safepoint. The control run allows the pause and must show it in the log, with the full names. The
 * metaspace node list (VM.metaspace vslist, a safepoint that walks every class loader) must be read again
 * only once the JVM has added a node, however long metaspace grows just below the known nodes' end.
 */
class SafepointIT {

    /**
     * Thread.print's three operations, and ThreadDump, which ThreadMXBean.getThreadInfo would run if it
     * walked stacks: the lookup without a pause must cause none of them.
     */
    private static final Pattern THREAD_OPERATIONS =
            Pattern.compile(
                    "Safepoint \"(PrintThreads|PrintJNI|FindDeadlocks|ThreadDump)\".*Total: (\\d+) ns");

    private static final int WORKERS = 300;

    /** comm keeps 15 bytes: every worker shows "request-worker-", the unique thread "unique-long-nam". */
    private static final String WORKER = "request-worker-thread";

    private static final String UNIQUE = "unique-long-named-worker";

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void threadNamesCostNoPauseAboveMaxPause(Jdks.Jdk jdk, @TempDir Path dir) throws Exception {
        try (Run run = startWithThreads(jdk, "", dir)) {
            ChildJvm child = run.child();
            MBeanServerConnection c = run.jmx();
            Path log = run.log();
            long before = run.before();
            List<AgentRows.Stack> stacks = stacksUntilNamed(c, UNIQUE + "-0");
            Pauses after = threadOperations(log);
            System.out.printf(
                    "%s default maxPause: %d thread safepoints before the workers, %d after%n",
                    jdk, before, after.count);
            assertEquals(
                    before,
                    after.count,
                    "no Thread.print once the JVM has " + WORKERS + " threads more");
            assertTrue(
                    names(stacks).contains(UNIQUE + "-0"),
                    "the unique name, found without a pause: " + names(stacks));
            long cut = stacks.stream().filter(s -> s.name().equals("request-worker-")).count();
            assertTrue(cut >= WORKERS, cut + " workers named by their cut comm: " + names(stacks));
            assertTrue(
                    stacks.stream().noneMatch(s -> s.name().startsWith(WORKER)),
                    names(stacks).toString());
            // a later thread with the same comm: two Java names fit it, but the first thread holds
            // one
            child.send("threads 1 " + UNIQUE + "-b", 60);
            stacks = stacksUntilNamed(c, UNIQUE + "-b-0");
            assertTrue(
                    names(stacks).contains(UNIQUE + "-b-0")
                            && names(stacks).contains(UNIQUE + "-0"),
                    "the second unique name, the first one's held: " + names(stacks));
            assertEquals(before, threadOperations(log).count, "still no Thread.print");
            FaultLedger.assertAlive(child);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void aPauseAllowedByMaxPauseShowsInTheSafepointLogWithFullNames(Jdks.Jdk jdk, @TempDir Path dir)
            throws Exception {
        try (Run run = startWithThreads(jdk, ",maxPause=1s", dir)) {
            ChildJvm child = run.child();
            long before = run.before();
            List<AgentRows.Stack> stacks =
                    stacksUntilNamed(run.jmx(), WORKER + "-" + (WORKERS - 1));
            Pauses after = threadOperations(run.log());
            System.out.printf(
                    "%s maxPause=1s: thread safepoints %d -> %d, the longest %.2f ms (%d threads)%n",
                    jdk, before, after.count, after.longestNanos / 1e6, stacks.size());
            assertTrue(after.count > before, "Thread.print ran and the safepoint log shows it");
            assertTrue(
                    names(stacks).contains(WORKER + "-0") && names(stacks).contains(UNIQUE + "-0"),
                    names(stacks).toString());
            FaultLedger.assertAlive(child);
        }
    }

    /** VM.metaspace vslist's safepoint, whose pause walks every class loader. */
    private static final Pattern PRINT_METADATA =
            Pattern.compile("Safepoint \"(PrintMetadata)\".*Total: (\\d+) ns");

    /** VM.metaspace basic scale=K, which reads counters only: "  Non-class space:  65536.00 KB reserved, ...,  1 nodes." */
    private static final Pattern NON_CLASS =
            Pattern.compile(
                    "Non-class space:\\s+([\\d.]+) KB reserved,\\s+([\\d.]+) KB .*committed,\\s+(\\d+) nodes\\.");

    /** What one GeneratedClasses loader with its class costs in non-class metaspace, about (3.9 KiB measured). */
    private static final long LOADER_BYTES = 4 << 10;

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void metaspaceIsListedOnlyOnceANodeWasAdded(Jdks.Jdk jdk, @TempDir Path dir) throws Exception {
        jdk.assumeInstalled();
        Path log = dir.resolve("safepoint.log");
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                ChildJvm.agentArg("interval=200ms"),
                                "-Xlog:safepoint=info:file=" + log,
                                "-Xmx256m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            Footprints.scan(c);
            long before = count(log, PRINT_METADATA).count;
            NonClass start = nonClass(c);
            // to within a root chunk (4 MiB) of the first node's end, where the agent must ask
            // whether a node
            // was added; then a few seconds there, growing and scanning (growth under 1% of RSS
            // wakes no scan),
            // so that it asks again and again
            fill(child, c, start.reservedBytes - (7L << 19), start.nodes);
            for (int i = 0;
                    i < 12
                            && nonClass(c).nodes == start.nodes
                            && nonClass(c).committedBytes < start.reservedBytes - (1L << 20);
                    i++) {
                child.send("classes 40");
                Footprints.scan(c);
                Thread.sleep(500);
            }
            NonClass hovered = nonClass(c);
            long during = count(log, PRINT_METADATA).count;
            System.out.printf(
                    "%s metaspace: %d -> %d KiB committed of %d KiB in %d node(s); vslist safepoints "
                            + "%d before, %d after%n",
                    jdk,
                    start.committedBytes >> 10,
                    hovered.committedBytes >> 10,
                    hovered.reservedBytes >> 10,
                    hovered.nodes,
                    before,
                    during);
            assertEquals(
                    start.nodes,
                    hovered.nodes,
                    "the test kept below the first node's end: " + hovered);
            assertEquals(
                    before, during, "no vslist while VM.metaspace basic counts the nodes known");
            // past the first node's end: the JVM adds a node, and wrss must find it
            fill(child, c, start.reservedBytes + (8L << 20), Integer.MAX_VALUE);
            NonClass grown = nonClass(c);
            assertTrue(grown.nodes > start.nodes, "a node was added: " + grown);
            // the metaspace region covers every node, and what is resident of what the JVM
            // committed there
            Reading r =
                    Snapshots.awaitReading(
                            c,
                            x -> x.region("metaspace", "virtual") >= grown.reservedBytes,
                            "every metaspace node in the metaspace region");
            Pauses after = count(log, PRINT_METADATA);
            System.out.printf(
                    "%s metaspace grown: %s; wrss metaspace virtual %d KiB, rss %d KiB; vslist "
                            + "safepoints %d (the longest %.2f ms)%n",
                    jdk,
                    grown,
                    r.region("metaspace", "virtual") >> 10,
                    r.region("metaspace", "rss") >> 10,
                    after.count,
                    after.longestNanos / 1e6);
            assertTrue(
                    after.count > during && after.count - before <= grown.nodes - start.nodes,
                    "one vslist per node added at most: "
                            + before
                            + " -> "
                            + during
                            + " -> "
                            + after.count);
            assertTrue(
                    r.region("metaspace", "rss") >= grown.committedBytes * 95 / 100,
                    r.region("metaspace", "rss")
                            + " resident of "
                            + grown.committedBytes
                            + " committed");
            FaultLedger.assertAlive(child);
        }
    }

    private record NonClass(long reservedBytes, long committedBytes, int nodes) {}

    /** The child's non-class metaspace as VM.metaspace basic reports it: no safepoint, nothing in the log. */
    private static NonClass nonClass(MBeanServerConnection c) throws Exception {
        String text =
                (String)
                        c.invoke(
                                new javax.management.ObjectName(
                                        "com.sun.management:type=DiagnosticCommand"),
                                "vmMetaspace",
                                new Object[] {new String[] {"basic", "scale=K"}},
                                new String[] {String[].class.getName()});
        Matcher m = NON_CLASS.matcher(text);
        assertTrue(m.find(), text);
        return new NonClass(
                (long) (Double.parseDouble(m.group(1)) * 1024),
                (long) (Double.parseDouble(m.group(2)) * 1024),
                Integer.parseInt(m.group(3)));
    }

    /** Loads classes until non-class metaspace has {@code bytes} committed, stopping short if the nodes pass {@code nodes}. */
    private static void fill(ChildJvm child, MBeanServerConnection c, long bytes, int nodes)
            throws Exception {
        for (NonClass now = nonClass(c);
                now.committedBytes < bytes && now.nodes <= nodes;
                now = nonClass(c)) {
            long loaders =
                    Math.max(1, Math.min(2_000, (bytes - now.committedBytes) / LOADER_BYTES / 2));
            child.send("classes " + loaders);
        }
    }

    /** A child with its safepoint log, the thread-operation count after its first scan, and its JMX connection. */
    private record Run(ChildJvm child, MBeanServerConnection jmx, Path log, long before)
            implements AutoCloseable {
        @Override
        public void close() {
            child.close();
        }
    }

    /**
     * Starts a child with the agent and a safepoint log, scans once (the first names lookup, with a few dozen
     * threads, is then behind us), counts the thread operations so far, then starts the workers and the
     * thread with the unique name.
     */
    private static Run startWithThreads(Jdks.Jdk jdk, String options, Path dir) throws Exception {
        jdk.assumeInstalled();
        Path log = dir.resolve("safepoint.log");
        ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                ChildJvm.agentArg("interval=500ms,topThreads=10000" + options),
                                "-Xlog:safepoint=info:file=" + log,
                                "-Xmx128m",
                                "-Xss256k"));
        try {
            MBeanServerConnection c = child.jmxWithWrss();
            AgentRows.threadStacks(c);
            long before = threadOperations(log).count;
            child.send("threads " + WORKERS + " " + WORKER, 120);
            child.send("threads 1 " + UNIQUE, 60);
            return new Run(child, c, log, before);
        } catch (Exception | Error e) {
            child.close();
            throw e;
        }
    }

    /** The thread stacks once {@code name} is among them (names follow within the names' cost budget). */
    private static List<AgentRows.Stack> stacksUntilNamed(MBeanServerConnection c, String name)
            throws Exception {
        List<AgentRows.Stack> stacks = AgentRows.threadStacks(c);
        for (int i = 0; i < 60 && !names(stacks).contains(name); i++) {
            Thread.sleep(500);
            stacks = AgentRows.threadStacks(c);
        }
        return stacks;
    }

    private static List<String> names(List<AgentRows.Stack> stacks) {
        return stacks.stream().map(AgentRows.Stack::name).toList();
    }

    private record Pauses(long count, long longestNanos) {}

    private static Pauses threadOperations(Path log) throws Exception {
        return count(log, THREAD_OPERATIONS);
    }

    private static Pauses count(Path log, Pattern operations) throws Exception {
        long count = 0;
        long longest = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = operations.matcher(line);
            if (m.find()) {
                count++;
                longest = Math.max(longest, Long.parseLong(m.group(2)));
            }
        }
        return new Pauses(count, longest);
    }
}
