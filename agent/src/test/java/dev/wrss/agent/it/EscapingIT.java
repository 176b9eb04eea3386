package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mapped files with hostile names reach JMX intact and inert: each is one MappedFiles row whose path is
 * exactly the kernel's text, and no ObjectName is ever built from a path (the set of wrss names is fixed).
 * The JSON side is checked in-process by {@code dev.wrss.agent.scan.PathEscapingTest}.
 */
class EscapingIT {

    @Test
    void hostileFileNamesArriveAsExactStringsAndNeverInAnObjectName(@TempDir Path dir)
            throws Exception {
        Map<Path, String> links = OddFiles.create(dir);
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg("topFiles=100"), "-Xmx128m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            for (Path link : links.keySet()) {
                child.send("map " + link + " 1");
            }
            Files.delete(
                    dir.resolve(
                            "gone.bin")); // mapped, then deleted: the kernel appends " (deleted)"
            Footprints.scan(c);
            Map<String, Boolean> rows = new HashMap<>();
            TabularData files =
                    (TabularData) c.getAttribute(new ObjectName("wrss:type=MappedFiles"), "Files");
            for (Object row : files.values()) {
                CompositeData cd = (CompositeData) row;
                rows.put((String) cd.get("path"), (Boolean) cd.get("deleted"));
            }
            for (String expected : links.values()) {
                String path = expected.endsWith("gone.bin") ? expected + " (deleted)" : expected;
                assertTrue(rows.containsKey(path), "no row for " + path + " in " + rows.keySet());
            }
            assertEquals(true, rows.get(dir + "/gone.bin (deleted)"));
            // a limit, pinned: a live file named "... (deleted)" cannot be told from a deleted one
            assertEquals(true, rows.get(dir + "/fake (deleted)"));

            Set<String> names =
                    c.queryNames(new ObjectName("wrss:*"), null).stream()
                            .map(ObjectName::toString)
                            .collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected =
                    new TreeSet<>(
                            List.of(
                                    "wrss:type=Footprint",
                                    "wrss:type=ThreadStacks",
                                    "wrss:type=MappedFiles",
                                    "wrss:type=Pages",
                                    "wrss:type=System",
                                    "wrss:type=History",
                                    "wrss:type=NativeHeap"));
            Footprints.REGIONS.forEach(r -> expected.add("wrss:type=Region,name=" + r));
            assertEquals(
                    expected, names, "the wrss ObjectNames are a fixed set, whatever is mapped");
            String report =
                    (String)
                            c.invoke(
                                    Footprints.footprint(), "report", new Object[0], new String[0]);
            assertTrue(!report.contains(dir.toString()), "the report holds no paths:\n" + report);
        }
    }
}
