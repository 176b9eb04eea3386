package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * What the agent loads into its host and how soon it has data, read from a child JVM: the classes the JVM
 * itself lists ({@code VM.class_hierarchy}) and the first values a JMX client sees once the MBeans appear.
 */
class AgentCostIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static final ObjectName FOOTPRINT = name("wrss:type=Footprint");
    private static final ObjectName DCMD = name("com.sun.management:type=DiagnosticCommand");

    @Test
    void noCommandLineClassIsLoadedInAHost() throws Exception {
        try (ChildJvm child = ChildJvm.start(JDK, List.of(ChildJvm.agentArg("interval=1s")))) {
            MBeanServerConnection c = child.jmxWithWrss();
            c.invoke(FOOTPRINT, "scan", null, null);
            c.invoke(FOOTPRINT, "mappings", null, null);
            String classes =
                    (String)
                            c.invoke(
                                    DCMD,
                                    "vmClassHierarchy",
                                    new Object[] {new String[0]},
                                    new String[] {String[].class.getName()});
            assertTrue(
                    classes.contains("dev.wrss.agent.run.Sampler"),
                    "the listing names the agent's classes");
            for (String line : classes.split("\n")) {
                assertFalse(
                        line.contains("dev.wrss.agent.cli.") || line.contains("picocli"),
                        "a command-line class in the host: " + line.trim());
            }
        }
    }

    /**
     * With a one-minute interval the first periodic scan would come a minute after start: the MBeans instead
     * appear with a scan already published, and data younger than that interval.
     */
    @Test
    void theFirstSnapshotIsThereWhenTheMBeansAppear() throws Exception {
        try (ChildJvm child = ChildJvm.start(JDK, List.of(ChildJvm.agentArg("interval=1m")))) {
            MBeanServerConnection c =
                    child.jmx(); // creates the platform MBeanServer: the start gate opens
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!c.isRegistered(FOOTPRINT) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(
                    c.isRegistered(FOOTPRINT),
                    "wrss:type=Footprint registered; stderr:\n" + child.stderr());
            long scans = ((Number) c.getAttribute(FOOTPRINT, "ScanCount")).longValue();
            long age = ((Number) c.getAttribute(FOOTPRINT, "DataAgeMillis")).longValue();
            assertTrue(scans >= 1, "ScanCount at the first reading: " + scans);
            assertTrue(age >= 0 && age < 60_000, "DataAgeMillis at the first reading: " + age);
            assertEquals("ok", c.getAttribute(FOOTPRINT, "Status"));
        }
    }

    /**
     * VM.info makes HotSpot keep libjvm's symbol tables in malloc for good (NMT's Internal category): the
     * layout asks for it where the GC tables it locates could weigh more than that, never for a small heap.
     */
    @Test
    void onlyAHeapWhoseTablesOutweighVmInfoPaysForIt() throws Exception {
        long small = internalCommittedKiB("-Xmx64m");
        long large = internalCommittedKiB("-Xmx512m");
        assertTrue(small < 2048, "NMT Internal with a 64 MiB heap: " + small + " KiB");
        assertTrue(
                large - small > 3072,
                "NMT Internal, 512 MiB heap against 64 MiB: " + large + " vs " + small);
    }

    private static long internalCommittedKiB(String maxHeap) throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(
                                ChildJvm.agentArg("interval=1s"),
                                "-XX:+UseG1GC",
                                "-XX:NativeMemoryTracking=summary",
                                maxHeap))) {
            MBeanServerConnection c = child.jmxWithWrss();
            c.invoke(FOOTPRINT, "scan", null, null);
            String nmt =
                    (String)
                            c.invoke(
                                    DCMD,
                                    "vmNativeMemory",
                                    new Object[] {new String[] {"summary"}},
                                    new String[] {String[].class.getName()});
            Matcher m =
                    Pattern.compile("-\\s+Internal \\(reserved=\\d+KB, committed=(\\d+)KB")
                            .matcher(nmt);
            assertTrue(m.find(), nmt);
            return Long.parseLong(m.group(1));
        }
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
