package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.SmapsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * mode=auto on real child JVMs with a pre-touched 256 MiB heap: above {@code largeRss=64m} the numbers come
 * from pagemap, and every region's Rss equals what the child's own smaps says (read by this test, each
 * mapping classified by the agent's mappings() rows) within 1%, as root and as nobody; as nobody, Status
 * names where Pss of shared pages comes from and how old it is. Below the threshold the mode is smaps.
 */
class AutoModeIT {

    private static final Path PROC = Path.of("/proc");
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final List<String> AS_NOBODY =
            List.of(
                    "/usr/bin/setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "--inh-caps=-all");
    // -Xint and Serial GC keep the child still between its scan and the test's smaps read
    private static final List<String> STILL =
            List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-Xint");

    @Test
    void aboveLargeRssAsRootTheNumbersComeFromPagemapAndMatchSmaps() throws Exception {
        List<String> args = new ArrayList<>(STILL);
        args.add(0, ChildJvm.agentArg("mode=auto,largeRss=64m"));
        try (ChildJvm child = ChildJvm.start(JAVA_HOME, args)) {
            MBeanServerConnection c = child.jmxWithWrss();
            Footprints.Reading r = Footprints.scan(c);
            assertEquals("pagemap", c.getAttribute(Footprints.footprint(), "Mode"), r.status());
            assertRegionRssMatchesSmaps(c, child.pid());
        }
    }

    @Test
    void aboveLargeRssAsNobodyStatusNamesThePssSourceAndItsAge() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of(AS_NOBODY.get(0))),
                "NOT RUN: setpriv is not installed (util-linux): the unprivileged path was NOT tested");
        Path dir = Files.createTempDirectory("wrss-auto-nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                ChildJvm.agentArg("mode=auto,largeRss=64m"),
                                "-XX:+StartAttachListener",
                                "-Djava.io.tmpdir=" + dir));
        args.addAll(STILL);
        try (ChildJvm child = ChildJvm.startAs(AS_NOBODY, JAVA_HOME, args)) {
            MBeanServerConnection c = child.jmxWithWrss(); // its first scan: the full smaps walk
            Footprints.Reading r = Footprints.scan(c);
            assertEquals("pagemap", c.getAttribute(Footprints.footprint(), "Mode"), r.status());
            System.out.println("status as nobody: " + r.status());
            assertTrue(
                    r.status()
                            .matches(".*pagemap: pss of shared pages from smaps walk \\d+ s old.*"),
                    r.status());
            assertRegionRssMatchesSmaps(c, child.pid());
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void belowLargeRssTheModeIsSmaps() throws Exception {
        List<String> args = new ArrayList<>(STILL);
        args.add(0, ChildJvm.agentArg("mode=auto,largeRss=1g"));
        try (ChildJvm child = ChildJvm.start(JAVA_HOME, args)) {
            MBeanServerConnection c = child.jmxWithWrss();
            Footprints.Reading r = Footprints.scan(c);
            assertEquals("smaps", c.getAttribute(Footprints.footprint(), "Mode"));
            assertEquals("ok", r.status());
        }
    }

    /**
     * Rss per region from the agent's mappings() rows against the child's smaps read right after, each smaps
     * mapping put in the region the agent gave the row with the same start. Tries a few times, since the
     * child may move between the two reads.
     */
    private static void assertRegionRssMatchesSmaps(MBeanServerConnection c, long pid)
            throws Exception {
        List<String> off = List.of();
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<Long, AgentRows.Row> rows = new TreeMap<>();
            for (AgentRows.Row row : AgentRows.mappings(c)) {
                rows.put(row.start(), row);
            }
            Map<String, long[]> byRegion =
                    new TreeMap<>(); // agent rss, smaps rss, agent pss, smaps pss
            for (AgentRows.Row row : rows.values()) {
                long[] v = byRegion.computeIfAbsent(row.region(), k -> new long[4]);
                v[0] += row.rssBytes();
                v[2] += row.pssBytes();
            }
            long[] unmatched = new long[1];
            try (SmapsReader smaps = new SmapsReader(PROC, Long.toString(pid))) {
                smaps.read(
                        m -> {
                            AgentRows.Row row = rows.get(m.start());
                            if (row == null) {
                                unmatched[0] += Mapping.orZero(m.rssBytes());
                                return;
                            }
                            long[] v = byRegion.get(row.region());
                            v[1] += Mapping.orZero(m.rssBytes());
                            v[3] += Mapping.orZero(m.pssBytes());
                        });
            }
            off = new ArrayList<>();
            StringBuilder table = new StringBuilder();
            for (var e : byRegion.entrySet()) {
                long[] v = e.getValue();
                table.append(
                        String.format(
                                "%-14s rss %10d / smaps %10d   pss %10d / smaps %10d%n",
                                e.getKey(), v[0], v[1], v[2], v[3]));
                if (Math.abs(v[0] - v[1]) > v[1] / 100) {
                    off.add(e.getKey() + " rss " + v[0] + " vs smaps " + v[1]);
                }
            }
            System.out.print(
                    "pid "
                            + pid
                            + " (smaps rss in mappings the agent did not list: "
                            + unmatched[0]
                            + ")\n"
                            + table);
            assertTrue(
                    byRegion.get("java_heap")[1] >= 256L << 20, "the pre-touched heap is resident");
            if (off.isEmpty() && unmatched[0] == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("regions whose rss differs from smaps by more than 1%: " + off);
    }
}
