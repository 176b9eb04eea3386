package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.Footprints.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The core promises, on real child JVMs with the built agent jar, read over a real JMX connection. */
class FootprintAgentIT {

    static final long MIB = 1 << 20;

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void everyRegionIsRegisteredAndRegionsAddUpToTotalsExactly(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(jdk.home(), List.of(ChildJvm.agentArg("interval=1s"), "-Xmx128m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            for (String region : Footprints.REGIONS) {
                assertTrue(
                        c.isRegistered(new ObjectName("wrss:type=Region,name=" + region)), region);
            }
            assertEquals(
                    Footprints.REGIONS.size(),
                    c.queryNames(new ObjectName("wrss:type=Region,*"), null).size());
            for (int i = 0; i < 5; i++) {
                Reading r = Footprints.read(c);
                assertEquals(Footprints.REGIONS.size(), r.regions().size());
                for (String m : Footprints.MEASURES) {
                    long sum = r.regions().values().stream().mapToLong(x -> x.get(m)).sum();
                    assertEquals(r.totals().get(m), sum, m + " of scan " + r.snapshotId());
                }
                assertEquals(
                        r.mappings(),
                        r.regions().values().stream().mapToLong(x -> x.get("mappings")).sum());
                assertEquals("ok", r.status());
                Thread.sleep(300);
            }
            assertFalse(
                    child.stderr().contains("WARNING"),
                    "wrss must print no warning into the host's output:\n" + child.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void aPreTouchedHeapIsJavaHeapRss(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                ChildJvm.agentArg(""),
                                "-Xms256m",
                                "-Xmx256m",
                                "-XX:+AlwaysPreTouch",
                                "-XX:+UseG1GC"))) {
            Reading r = Footprints.scan(child.jmxWithWrss());
            long heapRss = r.region("java_heap", "rss");
            assertTrue(
                    heapRss >= 256 * MIB && heapRss <= 256 * MIB * 1.02,
                    "java_heap rss " + heapRss / (double) MIB + " MiB");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void aMappedFileThreadsAndTotalsMoveTheRightRegions(Jdks.Jdk jdk, @TempDir Path dir)
            throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(jdk.home(), List.of(ChildJvm.agentArg(""), "-Xmx128m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            Reading before = Footprints.scan(c);

            child.send("map " + dir.resolve("data.bin") + " 64");
            Reading mapped = Footprints.scan(c);
            assertTrue(
                    mapped.region("mapped_files", "rss") >= 64 * MIB,
                    "mapped_files rss " + mapped.region("mapped_files", "rss"));

            child.send("threads 200");
            Reading threads = Footprints.scan(c);
            long grown =
                    threads.region("thread_stacks", "mappings")
                            - before.region("thread_stacks", "mappings");
            assertTrue(grown >= 200, "thread_stacks mappings grew by " + grown);

            // quiescent now: the totals must agree with the kernel's own sum
            Map<String, Long> rollup1 = Rollup.read(child.pid());
            Reading r = Footprints.scan(c);
            Map<String, Long> rollup2 = Rollup.read(child.pid());
            for (String[] k : new String[][] {{"rss", "Rss"}, {"pss", "Pss"}, {"swap", "Swap"}}) {
                long ours = r.totals().get(k[0]);
                long lo = Math.min(rollup1.get(k[1]), rollup2.get(k[1]));
                long hi = Math.max(rollup1.get(k[1]), rollup2.get(k[1]));
                assertTrue(
                        ours >= lo - lo / 100 && ours <= hi + hi / 100,
                        k[0] + " " + ours + " vs smaps_rollup " + lo + ".." + hi);
            }
        }
    }

    /**
     * Periodic walks, with no scan asked for, follow the JVM's commits of metaspace and class space. The agent
     * reads those pools again only when statm's data field moved (or a minute passed), so after classes are
     * loaded a periodic snapshot must show what the pools say, well within that minute.
     */
    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void periodicWalksFollowMetaspaceCommits(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(ChildJvm.agentArg("interval=500ms,threshold=0%"), "-Xmx128m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            long startMeta = poolCommitted(c, "Metaspace");
            child.send("classes 2000", 120);
            long loadedMeta = poolCommitted(c, "Metaspace");
            assertTrue(
                    loadedMeta > startMeta + MIB,
                    "metaspace committed " + startMeta + " -> " + loadedMeta);
            long deadline = System.nanoTime() + 20_000_000_000L;
            String last = "";
            while (System.nanoTime() < deadline) {
                long klass = poolCommitted(c, "Compressed Class Space");
                long meta = poolCommitted(c, "Metaspace");
                long ours = regionCommitted(c, "metaspace");
                long oursKlass = regionCommitted(c, "class_space");
                if (ours == meta - klass && oursKlass == klass) {
                    return;
                }
                last =
                        "metaspace "
                                + ours
                                + " / class_space "
                                + oursKlass
                                + " against the pools' "
                                + (meta - klass)
                                + " / "
                                + klass;
                Thread.sleep(200);
            }
            throw new AssertionError(
                    "20 s after loading 2,000 classes the periodic snapshots still show " + last);
        }
    }

    private static long poolCommitted(MBeanServerConnection c, String pool) throws Exception {
        return (Long)
                ((javax.management.openmbean.CompositeData)
                                c.getAttribute(
                                        new ObjectName("java.lang:type=MemoryPool,name=" + pool),
                                        "Usage"))
                        .get("committed");
    }

    private static long regionCommitted(MBeanServerConnection c, String region) throws Exception {
        return (Long)
                c.getAttribute(new ObjectName("wrss:type=Region,name=" + region), "Committed");
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void badOptionsLeaveTheApplicationRunningWithOneClearLine(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(), List.of(ChildJvm.agentArg("interval=banana,nosuch=1")))) {
            child.send("ping");
            child.jmxWithWrss();
            List<String> lines =
                    child.stderr().lines().filter(l -> l.startsWith("[wrss]")).toList();
            List<String> problems = lines.stream().filter(l -> l.contains("ignoring")).toList();
            assertEquals(1, problems.size(), child.stderr());
            String line = problems.get(0);
            assertTrue(
                    line.contains("interval") && line.contains("banana") && line.contains("nosuch"),
                    line);
            assertTrue(line.contains("accepted"), line);
            assertEquals(
                    10_000L,
                    ((Number) child.jmx().getAttribute(Footprints.footprint(), "IntervalMillis"))
                            .longValue());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void withoutProcTheFootprintMBeanSaysSoAndNothingElseHappens(Jdks.Jdk jdk, @TempDir Path dir)
            throws Exception {
        jdk.assumeInstalled();
        Path noProc = Files.createDirectories(dir.resolve("no-proc"));
        try (ChildJvm child =
                ChildJvm.start(jdk.home(), List.of(ChildJvm.agentArg("procRoot=" + noProc)))) {
            child.send("ping");
            MBeanServerConnection c = child.jmx();
            ObjectName fp = Footprints.footprint();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!c.isRegistered(fp) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String status = (String) c.getAttribute(fp, "Status");
            assertTrue(status.contains("not readable"), status);
            child.send("ping");
        }
    }
}
