package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.ChildJvm;
import dev.wrss.mbeans.Region;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Probes child JVMs remotely (attach API, local management agent) under every collector on JDK 17 and 25,
 * and checks the ranges against the child's real /proc/PID/maps. On JDK 25 the children run with NMT so
 * that System.map's coverage can be printed as a development oracle.
 */
class LayoutProbeChildJvmIT {

    static final Path JDK17 = Path.of(System.getProperty("java.home"));
    static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "17, -XX:+UseG1GC, G1",
        "17, -XX:+UseParallelGC, Parallel",
        "17, -XX:+UseSerialGC, Serial",
        "17, -XX:+UseZGC, Z",
        "17, -XX:+UseShenandoahGC, Shenandoah",
        "17, -XX:+UseG1GC -Xshare:off -XX:-UseCompressedClassPointers -XX:-SegmentedCodeCache, G1",
        "25, -XX:+UseG1GC, G1",
        "25, -XX:+UseParallelGC, Parallel",
        "25, -XX:+UseSerialGC, Serial",
        "25, -XX:+UseZGC, Z",
        "25, -XX:+UseShenandoahGC, Shenandoah",
        "25, -XX:+UseG1GC -Xshare:off -XX:-UseCompressedClassPointers -XX:-SegmentedCodeCache, G1",
    })
    void remoteProbeFindsTheChildsRegions(int jdk, String options, String collector)
            throws Exception {
        Path home = jdk == 17 ? JDK17 : JDK25;
        if (jdk == 25) {
            Assumptions.assumeTrue(
                    Files.isExecutable(home.resolve("bin/java")),
                    "NOT RUN: JDK 25 missing at " + home);
        }
        List<String> vmOptions = new ArrayList<>(List.of("-Xmx256m"));
        vmOptions.addAll(Arrays.asList(options.split(" ")));
        if (jdk == 25) {
            vmOptions.add("-XX:NativeMemoryTracking=summary");
        }
        try (ChildJvm child =
                ChildJvm.start(home, vmOptions, ChildSleeper.class.getName(), List.of())) {
            MBeanServerConnection jvm = child.jmx();
            LayoutProbe probe = new LayoutProbe(JvmFacts.over(jvm), child.pid(), Path.of("/proc"));
            // the maps before and after the layout: a range must overlap what was mapped at one of
            // the two times (a JMX thread may exit, and its stack go, between the probe's reading
            // and the test's)
            List<long[]> maps =
                    new ArrayList<>(MapsFile.read(Path.of("/proc/" + child.pid() + "/maps")));
            JvmLayout layout = probe.refresh();
            String why = layout.describe() + "problem=" + probe.problem();
            assertEquals(collector, layout.collector(), why);
            assertEquals(
                    home.toRealPath().toString(),
                    Path.of(layout.javaHome()).toRealPath().toString());
            maps.addAll(MapsFile.read(Path.of("/proc/" + child.pid() + "/maps")));
            assertCoversMappings(layout, maps, Region.JAVA_HEAP, why);
            assertCoversMappings(layout, maps, Region.CODE_CACHE, why);
            assertCoversMappings(layout, maps, Region.METASPACE, why);
            assertCoversMappings(layout, maps, Region.THREAD_STACKS, why);
            if (!options.contains("-UseCompressedClassPointers")) {
                assertCoversMappings(layout, maps, Region.CLASS_SPACE, why);
            }
            if (!options.contains("-Xshare:off")) {
                assertCoversMappings(layout, maps, Region.CDS_ARCHIVE, why);
            }
            if (!collector.equals("Z")) {
                assertCoversMappings(layout, maps, Region.GC_DATA, why);
            }
            int parked = indexOfName(layout, ChildSleeper.THREAD_NAME);
            assertTrue(parked >= 0, "parked thread not found by Java name: " + why);
            assertTrue(layout.threadTid(parked) > 0);
            // indexes may shift as threads come (the attach listener): look the thread up again by
            // tid
            JvmLayout again = probe.refresh();
            int same = -1;
            for (int i = 0; i < again.threadCount(); i++) {
                if (again.threadTid(i) == layout.threadTid(parked)) {
                    same = i;
                }
            }
            assertTrue(same >= 0, "second refresh keeps the thread");
            assertEquals(
                    layout.threadName(parked),
                    again.threadName(same),
                    "second refresh keeps names");
            if (jdk == 25) {
                String map =
                        (String)
                                jvm.invoke(
                                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                                        "systemMap",
                                        new Object[] {new String[0]},
                                        new String[] {String[].class.getName()});
                System.out.println(
                        "ORACLE jdk"
                                + jdk
                                + " "
                                + options
                                + ":"
                                + LayoutOracle.format(LayoutOracle.coverage(map, layout)));
            }
        }
    }

    static int indexOfName(JvmLayout layout, String name) {
        for (int i = 0; i < layout.threadCount(); i++) {
            if (name.equals(layout.threadName(i))) {
                return i;
            }
        }
        return -1;
    }

    /** At least one range of {@code region}, and every such range overlaps a real mapping. */
    static void assertCoversMappings(
            JvmLayout layout, List<long[]> maps, Region region, String why) {
        int ranges = 0;
        for (int i = 0; i < layout.rangeCount(); i++) {
            if (layout.rangeRegion(i) != region) {
                continue;
            }
            ranges++;
            long s = layout.rangeStart(i);
            long e = layout.rangeEnd(i);
            assertTrue(
                    maps.stream().anyMatch(m -> m[0] < e && s < m[1]),
                    region + String.format(" range %x-%x overlaps no mapping: ", s, e) + why);
        }
        assertTrue(ranges > 0, "no " + region + " range: " + why);
        assertNotNull(layout.regionOf(layout.rangeStart(0), layout.rangeEnd(0)));
    }
}
