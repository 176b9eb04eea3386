package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Each region's Max and MaxSource against what {@code java -XX:+PrintFlagsFinal} prints for the same flags, and
 * LimitMargin in a real memory cgroup whose limit the flags exceed.
 */
class RegionLimitsIT {

    static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    static final Path CGROUP_V1 = Path.of("/sys/fs/cgroup/memory");
    static final Pattern FLAG =
            Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+=\\s+(\\d+)\\s+\\{[^}]*\\}\\s+\\{([^}]*)\\}");
    static final long MIB = 1 << 20;

    record Flag(long value, String origin) {}

    /** The final value and origin of every numeric flag for these options, as the JVM itself prints them. */
    static Map<String, Flag> printFlagsFinal(List<String> options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JAVA_HOME.resolve("bin/java").toString()));
        cmd.addAll(options);
        cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Map<String, Flag> flags = new HashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            Matcher m = FLAG.matcher(line);
            if (m.find()) {
                flags.put(m.group(1), new Flag(Long.parseUnsignedLong(m.group(2)), m.group(3)));
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        return flags;
    }

    static ObjectName region(String id) {
        return PagesAndSystemIT.name("wrss:type=Region,name=" + id);
    }

    static long max(MBeanServerConnection c, String id) throws Exception {
        return (Long) c.getAttribute(region(id), "Max");
    }

    static String source(MBeanServerConnection c, String id) throws Exception {
        return (String) c.getAttribute(region(id), "MaxSource");
    }

    @Test
    void boundsSetOnTheCommandLineNameTheirFlags() throws Exception {
        List<String> options =
                List.of(
                        "-Xmx256m",
                        "-XX:MaxMetaspaceSize=128m",
                        "-XX:CompressedClassSpaceSize=64m",
                        "-XX:ReservedCodeCacheSize=48m",
                        "-XX:MaxDirectMemorySize=32m",
                        "-Xss512k");
        Map<String, Flag> f = printFlagsFinal(options);
        List<String> jvm = new ArrayList<>(options);
        jvm.add(0, ChildJvm.agentArg(""));
        try (ChildJvm child = ChildJvm.start(JAVA_HOME, jvm)) {
            MBeanServerConnection c = child.jmxWithWrss();
            c.invoke(Footprints.footprint(), "scan", null, null);
            assertEquals(f.get("MaxHeapSize").value(), max(c, "java_heap"));
            assertEquals("MaxHeapSize", source(c, "java_heap"));
            assertEquals(f.get("MaxMetaspaceSize").value(), max(c, "metaspace"));
            assertEquals("MaxMetaspaceSize", source(c, "metaspace"));
            assertEquals(f.get("CompressedClassSpaceSize").value(), max(c, "class_space"));
            assertEquals("CompressedClassSpaceSize", source(c, "class_space"));
            assertEquals(f.get("ReservedCodeCacheSize").value(), max(c, "code_cache"));
            assertEquals("ReservedCodeCacheSize", source(c, "code_cache"));
            assertEquals(f.get("MaxDirectMemorySize").value(), max(c, "malloc"));
            assertEquals("MaxDirectMemorySize", source(c, "malloc"));
            long stacks = max(c, "thread_stacks");
            long perThread = f.get("ThreadStackSize").value() * 1024;
            assertEquals(512 * 1024, perThread);
            assertEquals(0, stacks % perThread, "threads x ThreadStackSize: " + stacks);
            assertTrue(
                    stacks / perThread >= 5,
                    "at least the JVM's own threads: " + stacks / perThread);
            assertEquals("ThreadStackSize", source(c, "thread_stacks"));
            assertEquals(-1L, max(c, "gc_data"));
            assertEquals("unbounded", source(c, "gc_data"));
            long configured = (Long) c.getAttribute(Footprints.footprint(), "ConfiguredMax");
            assertTrue(
                    configured >= (256 + 128 + 48 + 32) * MIB,
                    "the bounds at least: " + configured);
        }
    }

    @Test
    void boundsTheJvmChoseAreErgonomicAndMissingOnesUnbounded() throws Exception {
        Map<String, Flag> f = printFlagsFinal(List.of());
        try (ChildJvm child = ChildJvm.start(JAVA_HOME, List.of(ChildJvm.agentArg("")))) {
            MBeanServerConnection c = child.jmxWithWrss();
            assertTrue(
                    f.get("MaxHeapSize").origin().contains("ergonomic"),
                    f.get("MaxHeapSize").toString());
            assertEquals(f.get("MaxHeapSize").value(), max(c, "java_heap"));
            assertEquals("ergonomic", source(c, "java_heap"));
            assertEquals(-1L, max(c, "metaspace"), "MaxMetaspaceSize is max_uintx by default");
            assertEquals("unbounded", source(c, "metaspace"));
            assertEquals(f.get("ReservedCodeCacheSize").value(), max(c, "code_cache"));
            assertEquals("ergonomic", source(c, "code_cache"));
            assertEquals(f.get("CompressedClassSpaceSize").value(), max(c, "class_space"));
            assertEquals("ergonomic", source(c, "class_space"));
            // MaxDirectMemorySize 0: direct buffers may grow to Runtime.maxMemory(), which G1 makes
            // MaxHeapSize
            assertEquals(0, f.get("MaxDirectMemorySize").value());
            assertEquals(f.get("MaxHeapSize").value(), max(c, "malloc"));
            assertEquals("ergonomic", source(c, "malloc"));
        }
    }

    @Test
    void flagsAboveTheCgroupLimitGiveANegativeMargin() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isWritable(CGROUP_V1)) {
            String why =
                    "NOT RUN: needs root and a cgroup v1 memory hierarchy at "
                            + CGROUP_V1
                            + ": the negative LimitMargin was NOT tested";
            System.err.println(why);
            Assumptions.abort(why);
        }
        Path group =
                CGROUP_V1.resolve(
                        "wrss-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(group);
        try {
            Files.writeString(group.resolve("memory.limit_in_bytes"), Long.toString(512 * MIB));
            // the child moves itself into the cgroup before it execs the JVM
            List<String> into =
                    List.of(
                            "/bin/sh",
                            "-c",
                            "echo $$ > " + group.resolve("cgroup.procs") + " && exec \"$@\"",
                            "sh");
            try (ChildJvm child =
                    ChildJvm.startAs(into, JAVA_HOME, List.of(ChildJvm.agentArg(""), "-Xmx1g"))) {
                MBeanServerConnection c = child.jmxWithWrss();
                c.invoke(Footprints.footprint(), "scan", null, null);
                ObjectName system = PagesAndSystemIT.name("wrss:type=System");
                assertEquals(512 * MIB, (Long) c.getAttribute(system, "Limit"));
                long configured = (Long) c.getAttribute(Footprints.footprint(), "ConfiguredMax");
                long margin = (Long) c.getAttribute(Footprints.footprint(), "LimitMargin");
                assertTrue(
                        configured > 1024 * MIB, "the heap's bound alone is 1 GiB: " + configured);
                assertTrue(
                        margin < -512 * MIB,
                        "limit 512 MiB - ConfiguredMax " + configured + " = " + margin);
                long usage =
                        Long.parseLong(
                                Files.readString(group.resolve("memory.usage_in_bytes")).trim());
                long workingSet = (Long) c.getAttribute(system, "WorkingSet");
                long inactive = statValue(group.resolve("memory.stat"), "total_inactive_file");
                System.out.printf(
                        "cgroup %s: ConfiguredMax %d MiB, LimitMargin %d MiB, usage %d MiB, working set "
                                + "%d MiB, inactive file %d MiB%n",
                        group,
                        configured / MIB,
                        margin / MIB,
                        usage / MIB,
                        workingSet / MIB,
                        inactive / MIB);
                assertTrue(
                        workingSet > 0 && workingSet <= usage + 16 * MIB,
                        workingSet + " vs usage " + usage);
                assertTrue(
                        Math.abs(workingSet - (usage - inactive)) <= 16 * MIB,
                        "usage - inactive_file, read here: "
                                + (usage - inactive)
                                + " vs "
                                + workingSet);
            }
        } finally {
            for (int i = 0; i < 50 && Files.exists(group); i++) {
                try {
                    Files.delete(group); // rmdir: allowed once the child's tasks are gone
                } catch (java.io.IOException e) {
                    Thread.sleep(100);
                }
            }
        }
    }

    private static long statValue(Path stat, String key) throws Exception {
        for (String line : Files.readAllLines(stat)) {
            if (line.startsWith(key + " ")) {
                return Long.parseLong(line.substring(key.length() + 1).trim());
            }
        }
        return -1;
    }
}
