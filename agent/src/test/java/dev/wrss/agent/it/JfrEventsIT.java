package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A JVM started with {@code -XX:StartFlightRecording} and the agent: after it exits, the JDK's own {@code jfr}
 * tool finds wrss.RegionUsage (one per region per walk) and wrss.Footprint events in the recording, with the
 * numbers the MBeans published for the same walk, and the agent's own smaps reads on the wrss-scanner thread.
 */
class JfrEventsIT {

    static Stream<Jdks.Jdk> jdks() {
        return Jdks.stream();
    }

    /**
     * The default start delay holds the MBeans back for 15 s, and this application never makes an MBeanServer;
     * a recording started with the JVM still gets walks from its first seconds, and the application finds no
     * MBeanServer made for it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRecordingFromTheStartHasWalksBeforeTheMBeansExist(Jdks.Jdk jdk, @TempDir Path dir)
            throws Exception {
        jdk.assumeInstalled();
        Path recording = dir.resolve("early.jfr");
        ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                "-XX:StartFlightRecording=filename=" + recording,
                                ChildJvm.agentArg("interval=1s,log=off")));
        try {
            Thread.sleep(5000);
            child.send("mbeanservers");
            assertTrue(
                    child.stdout().contains("MBEANSERVERS 0\n"),
                    "the application still has no MBeanServer: " + child.describe());
        } finally {
            child.process().getOutputStream().close();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), child.describe());
        }
        List<Map<String, String>> totals =
                events(
                        jfr(
                                jdk,
                                "print",
                                "--json",
                                "--events",
                                "wrss.Footprint",
                                recording.toString()));
        // an idle JVM's resident size hardly moves, so the tripwire may allow one walk only
        assertTrue(!totals.isEmpty(), "a walk within the first 5 s, 10 s before startDelay");
        for (Map<String, String> e : totals) {
            assertEquals("ok", e.get("status"), e.toString());
            assertTrue(Long.parseLong(e.get("pss")) > 0, e.toString());
        }
        List<Map<String, String>> regions =
                events(
                        jfr(
                                jdk,
                                "print",
                                "--json",
                                "--events",
                                "wrss.RegionUsage",
                                recording.toString()));
        long heapPss =
                regions.stream()
                        .filter(e -> "java_heap".equals(e.get("region")))
                        .mapToLong(e -> Long.parseLong(e.get("pss")))
                        .max()
                        .orElse(0);
        assertTrue(heapPss > 0, "the heap found before the MBeans exist: " + regions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRecordingHoldsTheWalksAsTheMBeansPublishedThem(Jdks.Jdk jdk, @TempDir Path dir)
            throws Exception {
        jdk.assumeInstalled();
        Path recording = dir.resolve("wrss.jfr");
        // interval=10m: the scans are the scan() calls below, so the last one stays the latest
        // until exit
        ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                "-XX:StartFlightRecording=filename="
                                        + recording
                                        + ",settings=profile",
                                ChildJvm.agentArg("startDelay=0,interval=10m")));
        Map<String, Long> pss = new HashMap<>();
        long lastId;
        long totalPss;
        try {
            MBeanServerConnection jmx = child.jmxWithWrss();
            ObjectName footprint = new ObjectName("wrss:type=Footprint");
            for (int i = 0; i < 3; i++) {
                jmx.invoke(footprint, "scan", new Object[0], new String[0]);
                Thread.sleep(1500); // JFR's periodic hook (period 1 s) emits each walk once
            }
            lastId = (Long) jmx.getAttribute(footprint, "SnapshotId");
            for (Object row : ((TabularData) jmx.getAttribute(footprint, "Regions")).values()) {
                CompositeData r = (CompositeData) row;
                pss.put((String) r.get("region"), (Long) r.get("pss"));
            }
            totalPss = (Long) jmx.getAttribute(footprint, "Pss");
            assertEquals(
                    lastId,
                    (long) (Long) jmx.getAttribute(footprint, "SnapshotId"),
                    "no walk in between");
            Thread.sleep(2500);
        } finally {
            child.process().getOutputStream().close(); // ChildApp exits at the end of its input
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), child.describe());
        }
        assertTrue(Files.size(recording) > 0, "no recording written: " + child.describe());

        String summary = jfr(jdk, "summary", recording.toString());
        assertTrue(Pattern.compile("wrss\\.RegionUsage\\s+[1-9]").matcher(summary).find(), summary);
        assertTrue(Pattern.compile("wrss\\.Footprint\\s+[1-9]").matcher(summary).find(), summary);

        List<Map<String, String>> regions =
                events(
                        jfr(
                                jdk,
                                "print",
                                "--json",
                                "--events",
                                "wrss.RegionUsage",
                                recording.toString()));
        Map<Long, List<String>> byWalk = new TreeMap<>();
        for (Map<String, String> e : regions) {
            byWalk.computeIfAbsent(Long.parseLong(e.get("scanId")), k -> new ArrayList<>())
                    .add(e.get("region"));
        }
        assertTrue(byWalk.size() >= 3, "the three walks asked for: " + byWalk.keySet());
        for (Map.Entry<Long, List<String>> walk : byWalk.entrySet()) {
            assertEquals(pss.keySet(), new TreeSet<>(walk.getValue()), "walk " + walk.getKey());
            assertEquals(
                    pss.size(),
                    walk.getValue().size(),
                    "one event per region in walk " + walk.getKey());
        }
        assertTrue(
                byWalk.containsKey(lastId),
                "the last walk " + lastId + " is in the recording: " + byWalk.keySet());
        for (Map<String, String> e : regions) {
            if (Long.parseLong(e.get("scanId")) == lastId) {
                assertEquals(
                        pss.get(e.get("region")),
                        Long.parseLong(e.get("pss")),
                        "pss of " + e.get("region"));
            }
        }

        List<Map<String, String>> totals =
                events(
                        jfr(
                                jdk,
                                "print",
                                "--json",
                                "--events",
                                "wrss.Footprint",
                                recording.toString()));
        Map<String, String> last =
                totals.stream()
                        .filter(e -> Long.parseLong(e.get("scanId")) == lastId)
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("no wrss.Footprint for walk " + lastId));
        assertEquals(totalPss, Long.parseLong(last.get("pss")));
        assertEquals("ok", last.get("status"));

        // what a JFR user sees of the agent's own reads: jdk.FileRead of smaps, always on the
        // wrss-scanner thread
        String reads =
                jfr(jdk, "print", "--json", "--events", "jdk.FileRead", recording.toString());
        for (Map<String, String> e : events(reads)) {
            if (String.valueOf(e.get("path")).startsWith("/proc/self/smaps")) {
                assertEquals("wrss-scanner", e.get("javaName"), e.toString());
            }
        }
    }

    /**
     * Until a recording starts, the agent loads none of JFR's recorder (the JVM's own class-loading log says
     * so); a recording started later through the DiagnosticCommand MBean, as {@code jcmd JFR.start} does,
     * still gets the events, registered at the next interval.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aRecordingStartedLaterGetsTheEventsAndNoneBeforeLoadsTheRecorder(
            Jdks.Jdk jdk, @TempDir Path dir) throws Exception {
        jdk.assumeInstalled();
        Path classes = dir.resolve("classes.txt");
        Path recording = dir.resolve("late.jfr");
        ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                "-Xlog:class+load=info:file=" + classes,
                                ChildJvm.agentArg("startDelay=0,interval=1s,log=off")));
        try {
            MBeanServerConnection jmx = child.jmxWithWrss();
            ObjectName footprint = new ObjectName("wrss:type=Footprint");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((Long) jmx.getAttribute(footprint, "SnapshotId") < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1500); // more intervals, each of which asks whether a recording began
            for (String line : Files.readAllLines(classes)) {
                assertTrue(
                        !line.contains("jdk.jfr.internal.PlatformRecorder ")
                                && !line.contains("jdk.jfr.internal.JVM "),
                        "JFR's recorder loaded before any recording: " + line);
            }
            ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
            String[] signature = {String[].class.getName()};
            jmx.invoke(
                    dcmd,
                    "jfrStart",
                    new Object[] {new String[] {"name=late", "filename=" + recording}},
                    signature);
            Thread.sleep(4000); // an interval to register, then JFR's 1 s period emits
            jmx.invoke(dcmd, "jfrStop", new Object[] {new String[] {"name=late"}}, signature);
        } finally {
            child.process().getOutputStream().close();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), child.describe());
        }
        String summary = jfr(jdk, "summary", recording.toString());
        assertTrue(Pattern.compile("wrss\\.RegionUsage\\s+[1-9]").matcher(summary).find(), summary);
        assertTrue(Pattern.compile("wrss\\.Footprint\\s+[1-9]").matcher(summary).find(), summary);
    }

    /** The scalar fields of each event of {@code jfr print --json}, the event thread's javaName among them. */
    static List<Map<String, String>> events(String json) {
        List<Map<String, String>> out = new ArrayList<>();
        Pattern field =
                Pattern.compile("\"(\\w+)\": (\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9][0-9.eE+-]*|null)");
        for (String block : json.split("\"type\": ")) {
            if (!block.startsWith("\"")) {
                continue;
            }
            Map<String, String> e = new HashMap<>();
            Matcher m = field.matcher(block);
            while (m.find()) {
                e.putIfAbsent(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
            }
            out.add(e);
        }
        return out;
    }

    static String jfr(Jdks.Jdk jdk, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(jdk.home().resolve("bin/jfr").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
