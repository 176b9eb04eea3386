package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wrss:type=Pages (supermincore), wrss:type=System and NodeResident, on real child JVMs, as root and as nobody. */
class PagesAndSystemIT {

    static final int PAGE = 4096;
    static final ObjectName PAGES = name("wrss:type=Pages");
    static final ObjectName SYSTEM = name("wrss:type=System");

    static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The [start, end) of the child's mapping of {@code file}, from the Footprint mappings() operation. */
    static long[] mappingOf(MBeanServerConnection c, Path file) throws Exception {
        TabularData rows =
                (TabularData)
                        c.invoke(Footprints.footprint(), "mappings", new Object[0], new String[0]);
        for (Object o : rows.values()) {
            CompositeData r = (CompositeData) o;
            if (file.toString().equals(r.get("path"))) {
                return new long[] {(Long) r.get("start"), (Long) r.get("end")};
            }
        }
        throw new AssertionError("no mapping of " + file);
    }

    static TabularData supermincore(MBeanServerConnection c, long start, long end)
            throws Exception {
        return (TabularData)
                c.invoke(
                        PAGES,
                        "supermincore",
                        new Object[] {start, end},
                        new String[] {long.class.getName(), long.class.getName()});
    }

    @Test
    void privilegedQueryGivesFramesCountsAndFileIndexes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pages.bin");
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg(""), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("map " + file + " 16");
            long[] m = mappingOf(c, file);
            assertEquals(16 << 20, m[1] - m[0]);
            assertTrue((Boolean) c.getAttribute(PAGES, "Privileged"), "root sees frames");
            TabularData pages = supermincore(c, m[0], m[1]);
            assertEquals(4096, pages.size());
            for (Object o : pages.values()) {
                CompositeData p = (CompositeData) o;
                long page = ((Long) p.get("address") - m[0]) / PAGE;
                assertTrue((Boolean) p.get("present"));
                assertTrue((Long) p.get("pfn") != 0);
                assertTrue((Integer) p.get("count") >= 1);
                assertEquals(page, (Long) p.get("index"), "file offset in pages");
                assertEquals("rw-s", p.get("perms"));
            }
            TabularData summary =
                    (TabularData)
                            c.invoke(
                                    PAGES,
                                    "summary",
                                    new Object[] {m[0], m[1]},
                                    new String[] {long.class.getName(), long.class.getName()});
            CompositeData s = (CompositeData) summary.values().iterator().next();
            assertEquals(4096L, s.get("present"));
            assertEquals(16L << 20, s.get("weightedBytes"), "one process maps it: Pss = Rss");

            // a page table above 16 MiB, or a summary above 1 GiB, is refused with a message, not a
            // heap exhausted
            Exception e =
                    assertThrows(Exception.class, () -> supermincore(c, m[0], m[0] + (32L << 20)));
            assertTrue(
                    String.valueOf(rootCause(e).getMessage()).contains("at most 16 MiB"),
                    rootCause(e).toString());
            e =
                    assertThrows(
                            Exception.class,
                            () ->
                                    c.invoke(
                                            PAGES,
                                            "summary",
                                            new Object[] {m[0], m[0] + (2L << 30)},
                                            new String[] {
                                                long.class.getName(), long.class.getName()
                                            }));
            assertTrue(
                    String.valueOf(rootCause(e).getMessage()).contains("exceeds the limit"),
                    rootCause(e).toString());
        }
    }

    @Test
    void systemViewAndNodeResidentArePublished() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg(""), "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            Footprints.scan(c);
            int version = (Integer) c.getAttribute(SYSTEM, "CgroupVersion");
            assertTrue(version == 1 || version == 2, "cgroup version " + version);
            assertTrue((Long) c.getAttribute(SYSTEM, "Usage") > 0);
            assertTrue((Long) c.getAttribute(SYSTEM, "VmstatMapped") > 0);
            assertTrue((Long) c.getAttribute(SYSTEM, "MeminfoMapped") > 0);
            long limit = (Long) c.getAttribute(SYSTEM, "Limit");
            long headroom = (Long) c.getAttribute(SYSTEM, "Headroom");
            assertTrue(limit == -1 ? headroom == -1 : headroom >= 0, limit + " " + headroom);

            Path nodes = Path.of("/sys/devices/system/node");
            long nodeCount =
                    Files.isDirectory(nodes)
                            ? Files.list(nodes)
                                    .filter(p -> p.getFileName().toString().matches("node\\d+"))
                                    .count()
                            : 1;
            Assumptions.assumeTrue(
                    nodeCount == 1, "NOT RUN: the one-node check needs a one-node machine");
            Footprints.Reading r = Footprints.read(c);
            for (String region : List.of("java_heap", "malloc", "shared_libs")) {
                TabularData t =
                        (TabularData)
                                c.getAttribute(
                                        name("wrss:type=Region,name=" + region), "NodeResident");
                long sum = 0;
                for (Object o : t.values()) {
                    sum += (Long) ((CompositeData) o).get("bytes");
                }
                assertTrue(sum > 0, region);
                // one node: every resident byte of the region is on it (same scan: the attribute
                // read is
                // separate, so allow the region to have moved by 5%)
                long rss = r.region(region, "rss");
                assertTrue(
                        Math.abs(sum - rss) <= rss / 20,
                        region + " node sum " + sum + " vs rss " + rss);
            }
        }
    }

    @Test
    void anUnprivilegedJvmAnswersWithoutFramesAndSaysSo() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        if (!Files.isExecutable(setpriv)) {
            Assumptions.abort("NOT RUN: setpriv is not installed (util-linux)");
        }
        Path dir = Files.createTempDirectory("wrss-nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = dir.resolve("pages.bin");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                ChildJvm.agentArg(""),
                                "-Xmx64m",
                                "-XX:+StartAttachListener",
                                "-Djava.io.tmpdir=" + dir));
        try (ChildJvm child =
                ChildJvm.startAs(
                        List.of(
                                setpriv.toString(),
                                "--reuid=65534",
                                "--regid=65534",
                                "--clear-groups",
                                "--inh-caps=-all"),
                        Path.of(System.getProperty("java.home")),
                        args)) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("map " + file + " 4");
            long[] m = mappingOf(c, file);
            assertFalse((Boolean) c.getAttribute(PAGES, "Privileged"));
            TabularData pages = supermincore(c, m[0], m[1]);
            assertEquals(1024, pages.size());
            for (Object o : pages.values()) {
                CompositeData p = (CompositeData) o;
                assertTrue((Boolean) p.get("present"));
                assertEquals(0L, p.get("pfn"), "no frames without CAP_SYS_ADMIN");
                int count = (Integer) p.get("count");
                assertTrue(count == 0 || count == 1, "count " + count);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
