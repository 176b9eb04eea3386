package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wrss.agent.pagemap.PagemapReader;
import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.SmapsReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pagemap mode against smaps on a real child JVM: per mapping, Rss and Pss counted page by page
 * (Σ page size / map count) equal what smaps prints, THP-backed heaps included; and the Footprint
 * attribute Mode names the mode that produced the numbers.
 */
class PagemapModeIT {

    private static final Path PROC = Path.of("/proc");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    /** Per-mapping Rss and Pss from one source, keyed by start address. */
    private static Map<Long, long[]> byStart(dev.wrss.agent.proc.MappingSource source)
            throws Exception {
        Map<Long, long[]> out = new LinkedHashMap<>();
        source.read(
                m ->
                        out.put(
                                m.start(),
                                new long[] {
                                    Mapping.orZero(m.rssBytes()),
                                    Mapping.orZero(m.pssBytes()),
                                    Mapping.orZero(m.anonHugePagesBytes()),
                                    m.end()
                                }));
        source.close();
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-XX:-UseTransparentHugePages", "-XX:+UseTransparentHugePages"})
    void pagesWeightedByMapCountAddUpToSmapsPssForEveryMapping(String thp) throws Exception {
        assumeTrue(
                PagemapReader.privileged(PROC), "NOT RUN: exact Pss needs /proc/kpagecount (root)");
        // -Xint and Serial GC keep the child still between the two reads
        try (ChildJvm child =
                ChildJvm.start(
                        JAVA_HOME,
                        List.of(
                                "-Xms256m",
                                "-Xmx256m",
                                "-XX:+AlwaysPreTouch",
                                "-XX:+UseSerialGC",
                                "-Xint",
                                thp))) {
            String pid = Long.toString(child.pid());
            child.send("heap 64");
            List<String> mismatches = List.of();
            long thpBytes = 0;
            int compared = 0;
            long sharedPss = 0;
            for (int attempt = 0; attempt < 5; attempt++) {
                Thread.sleep(500);
                Map<Long, long[]> smaps = byStart(new SmapsReader(PROC, pid));
                Map<Long, long[]> pages = byStart(new PagemapReader(PROC, pid));
                Map<Long, long[]> smapsAfter = byStart(new SmapsReader(PROC, pid));
                if (!sameKeysAndValues(smaps, smapsAfter)) {
                    continue; // the child moved between the reads: not quiescent, try again
                }
                assertEquals(smaps.keySet(), pages.keySet(), "the same mappings in maps and smaps");
                mismatches = new ArrayList<>();
                thpBytes = 0;
                for (var e : smaps.entrySet()) {
                    long[] s = e.getValue();
                    long[] p = pages.get(e.getKey());
                    thpBytes += s[2];
                    compared++;
                    sharedPss += s[0] - s[1]; // rss above pss: pages shared with other processes
                    if (s[0] != p[0] || s[1] != p[1]) {
                        mismatches.add(
                                Long.toHexString(e.getKey())
                                        + "-"
                                        + Long.toHexString(s[3])
                                        + " smaps rss/pss "
                                        + s[0]
                                        + "/"
                                        + s[1]
                                        + " pagemap "
                                        + p[0]
                                        + "/"
                                        + p[1]);
                    }
                }
                break;
            }
            assertTrue(compared > 50, "the child never held still for two smaps reads in a row");
            assertTrue(sharedPss > 0, "no shared pages: the map-count division was not exercised");
            assertTrue(
                    mismatches.isEmpty(),
                    "mappings where pagemap and smaps disagree:\n" + String.join("\n", mismatches));
            if (thp.startsWith("-XX:+")) {
                assumeTrue(
                        thpBytes > 0,
                        "NOT RUN: no AnonHugePages in the child: THP unavailable, nothing shown");
            }
        }
    }

    private static boolean sameKeysAndValues(Map<Long, long[]> a, Map<Long, long[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (var e : a.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @ValueSource(strings = {"smaps", "pagemap", "auto"})
    void modeAttributeNamesTheSourceOfTheNumbers(String mode) throws Exception {
        // auto is smaps below largeRss (default 4g); AutoModeIT covers it above
        String expected = "auto".equals(mode) ? "smaps" : mode;
        try (ChildJvm child =
                ChildJvm.start(JAVA_HOME, List.of(ChildJvm.agentArg("mode=" + mode), "-Xmx128m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            Footprints.Reading r = Footprints.scan(c);
            assertEquals(expected, c.getAttribute(Footprints.footprint(), "Mode"));
            assertEquals("ok", r.status());
            long sum = r.regions().values().stream().mapToLong(x -> x.get("pss")).sum();
            assertEquals(
                    r.totals().get("pss"), sum, "regions add up to the total in " + mode + " mode");
            assertTrue(
                    r.region("java_heap", "rss") > 0, "the heap is resident in " + mode + " mode");
        }
    }

    @Test
    void pagemapModeSeesAHeapTouchedAfterStart() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        JAVA_HOME,
                        List.of(
                                ChildJvm.agentArg("mode=pagemap"),
                                "-Xms256m",
                                "-Xmx256m",
                                "-XX:+UseSerialGC"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            long before = Footprints.scan(c).region("java_heap", "rss");
            child.send("heap 96");
            long after = Footprints.scan(c).region("java_heap", "rss");
            assertTrue(
                    after - before >= 64L << 20,
                    "touching 96 MiB of heap raised java_heap rss by " + (after - before));
        }
    }
}
