package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PSS thresholds over a real JMX connection: a listener on the mapped_files Region bean and one on Footprint each
 * receive exactly one {@code wrss.threshold.exceeded} per crossing, none while the PSS hovers at the line or
 * dips less than the hysteresis, and one again after a real fall and rise; a local listener that blocks for
 * 10 s does not hold up the scans.
 */
class ThresholdIT {

    static final ObjectName FOOTPRINT = HistoryIT.name("wrss:type=Footprint");
    static final ObjectName MAPPED = HistoryIT.name("wrss:type=Region,name=mapped_files");
    static final long MIB = 1 << 20;

    static ChildJvm balloon(Path dir) throws Exception {
        return ChildJvm.start(
                Path.of(System.getProperty("java.home")),
                List.of(ChildJvm.agentArg("interval=1s,log=off"), "-Xmx64m"),
                BalloonChild.class.getName(),
                List.of(dir.toString()));
    }

    /** Asks for a scan, so that the step just taken is checked now, not at the tripwire's leisure. */
    static void scan(MBeanServerConnection c) throws Exception {
        c.invoke(FOOTPRINT, "scan", new Object[0], new String[0]);
    }

    @Test
    void oneNotificationPerCrossingWithHysteresis(@TempDir Path dir) throws Exception {
        try (ChildJvm child = balloon(dir)) {
            MBeanServerConnection c = child.jmxWithWrss();
            BlockingQueue<Notification> region = new LinkedBlockingQueue<>();
            BlockingQueue<Notification> footprint = new LinkedBlockingQueue<>();
            c.addNotificationListener(
                    MAPPED, (NotificationListener) (n, h) -> region.add(n), null, null);
            c.addNotificationListener(
                    FOOTPRINT, (NotificationListener) (n, h) -> footprint.add(n), null, null);
            scan(c);
            long base = (Long) c.getAttribute(MAPPED, "Pss");
            long threshold = base + 48 * MIB;
            c.setAttribute(MAPPED, new Attribute("PssThreshold", threshold));

            child.send("grow 64");
            scan(c);
            Notification n = region.poll(20, TimeUnit.SECONDS);
            assertTrue(
                    n != null,
                    "no notification for the crossing: mapped_files PSS "
                            + c.getAttribute(MAPPED, "Pss")
                            + ", threshold "
                            + c.getAttribute(MAPPED, "PssThreshold")
                            + ", base "
                            + base
                            + ", count "
                            + c.getAttribute(MAPPED, "PssThresholdCount")
                            + ", footprint "
                            + footprint.size());
            assertEquals("wrss.threshold.exceeded", n.getType());
            assertEquals(MAPPED, n.getSource());
            CompositeData d = (CompositeData) n.getUserData();
            assertEquals("mapped_files", d.get("region"));
            assertEquals(threshold, d.get("threshold"));
            assertEquals(1L, d.get("count"));
            assertTrue((Long) d.get("pss") >= threshold, d.toString());
            assertEquals(Boolean.TRUE, c.getAttribute(MAPPED, "PssThresholdExceeded"));

            // hovering above the line, then a dip of 1 MiB below it (within the 5 % hysteresis) and
            // back
            for (String step :
                    List.of("shrink 8", "grow 8", "shrink 8", "grow 8", "shrink 17", "grow 17")) {
                child.send(step);
                scan(c);
            }
            Thread.sleep(
                    2000); // delivery is asynchronous: give a wrong notification time to arrive
            assertNull(region.poll(), "a notification while hovering");

            child.send("shrink 40"); // well below: re-armed
            scan(c);
            assertEquals(Boolean.FALSE, c.getAttribute(MAPPED, "PssThresholdExceeded"));
            child.send("grow 40");
            scan(c);
            Notification again = region.poll(20, TimeUnit.SECONDS);
            assertTrue(again != null, "no notification for the second crossing");
            assertEquals(2L, ((CompositeData) again.getUserData()).get("count"));
            assertEquals(2L, c.getAttribute(MAPPED, "PssThresholdCount"));
            Thread.sleep(2000);
            assertNull(region.poll(), "more than one notification for the second crossing");

            // Footprint forwards every crossing, like the JDK's MemoryMXBean for its pools
            assertEquals(2, drain(footprint, 2).size());
            assertTrue(drain(footprint, 1).isEmpty());
        }
    }

    @Test
    void aListenerThatBlocksTenSecondsDoesNotDelayTheScans(@TempDir Path dir) throws Exception {
        try (ChildJvm child = balloon(dir)) {
            MBeanServerConnection c = child.jmxWithWrss();
            child.send("slowlistener");
            scan(c);
            c.setAttribute(
                    MAPPED,
                    new Attribute("PssThreshold", (Long) c.getAttribute(MAPPED, "Pss") + 16 * MIB));
            child.send("grow 32");
            scan(c);
            String blocking = child.await("BLOCKING", 20);
            long blockedAt = Long.parseLong(blocking.substring("BLOCKING ".length()));
            // while the listener sleeps, the periodic scan still sees the process grow (the
            // tripwire fires) ...
            child.send("grow 32");
            long lastScan = blockedAt;
            while (lastScan <= blockedAt && !child.stdout().contains("UNBLOCKED")) {
                Thread.sleep(100);
                lastScan = (Long) c.getAttribute(FOOTPRINT, "LastScanEpochMillis");
            }
            assertTrue(lastScan > blockedAt, "no periodic scan while the listener blocked");
            // ... and a scan asked for meanwhile is answered
            long before = (Long) c.getAttribute(FOOTPRINT, "ScanCount");
            scan(c);
            assertTrue((Long) c.getAttribute(FOOTPRINT, "ScanCount") > before);
            assertFalse(child.stdout().contains("UNBLOCKED"), "the scans waited for the listener");
            assertFalse(
                    child.stdout().indexOf("BLOCKING") != child.stdout().lastIndexOf("BLOCKING"),
                    "one crossing, one call");
        }
    }

    static List<Notification> drain(BlockingQueue<Notification> q, int atMost)
            throws InterruptedException {
        List<Notification> out = new java.util.ArrayList<>();
        for (int i = 0; i < atMost; i++) {
            Notification n = q.poll(5, TimeUnit.SECONDS);
            if (n == null) {
                break;
            }
            out.add(n);
        }
        return out;
    }
}
