package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * Eight JMX clients, each on its own connection, read every Footprint attribute in one call, in a loop,
 * while the child changes its footprint and scans run every 500 ms and on demand: no read ever shows
 * regions that do not add up to its totals, or a SnapshotId other than the ScanCount beside it.
 */
class ConsistentSnapshotsIT {

    private static final int CLIENTS = 8;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(8);

    @Test
    void eightClientsNeverSeeATornSnapshot() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(ChildJvm.agentArg("interval=500ms,threshold=0%"), "-Xmx512m"))) {
            child.jmxWithWrss();
            String url = Attach.localJmxUrl(child.pid());
            AtomicLong reads = new AtomicLong();
            Set<Long> snapshots = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            long end = System.nanoTime() + RUN_NANOS;
            for (int i = 0; i < CLIENTS; i++) {
                boolean scans = i % 2 == 0; // half the clients also ask for scans
                clients.add(pool.submit(() -> client(url, end, scans, reads, snapshots)));
            }
            for (int n = 0;
                    n < 100 && System.nanoTime() < end;
                    n++) { // ChildApp keeps all it allocates
                child.send("heap 2"); // keep the footprint moving so that scans differ
                child.send("threads 2");
                Thread.sleep(50);
            }
            for (Future<?> f : clients) {
                f.get(120, TimeUnit.SECONDS); // rethrows a client's assertion
            }
            pool.shutdown();
            assertTrue(snapshots.size() > 10, "snapshots seen: " + snapshots.size());
            System.out.println(
                    "consistent reads: "
                            + reads
                            + " by "
                            + CLIENTS
                            + " clients over "
                            + snapshots.size()
                            + " snapshots, torn: 0");
        }
    }

    private static Void client(
            String url, long endNanos, boolean scans, AtomicLong reads, Set<Long> snapshots)
            throws Exception {
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection c = connector.getMBeanServerConnection();
            ObjectName fp = Footprints.footprint();
            String[] names =
                    c.getMBeanInfo(fp).getAttributes().length == 0
                            ? new String[0]
                            : java.util.Arrays.stream(c.getMBeanInfo(fp).getAttributes())
                                    .map(MBeanAttributeInfo::getName)
                                    .toArray(String[]::new);
            long lastId = 0;
            for (int n = 0; System.nanoTime() < endNanos; n++) {
                if (scans && n % 5 == 0) {
                    c.invoke(fp, "scan", new Object[0], new String[0]);
                }
                Map<String, Object> a = new HashMap<>();
                for (Attribute attr : c.getAttributes(fp, names).asList()) {
                    a.put(attr.getName(), attr.getValue());
                }
                assertEquals(names.length, a.size(), "every attribute answered");
                long id = (Long) a.get("SnapshotId");
                assertEquals(
                        id,
                        (long) (Long) a.get("ScanCount"),
                        "SnapshotId and ScanCount of one call");
                assertTrue(id >= lastId, "snapshot ids go forward: " + lastId + " then " + id);
                lastId = id;
                assertRegionsAddUp(a);
                snapshots.add(id);
                reads.incrementAndGet();
            }
        }
        return null;
    }

    private static void assertRegionsAddUp(Map<String, Object> a) {
        long[] sums = new long[Footprints.MEASURES.length + 1];
        for (Object row : ((TabularData) a.get("Regions")).values()) {
            CompositeData cd = (CompositeData) row;
            for (int i = 0; i < Footprints.MEASURES.length; i++) {
                sums[i] += (Long) cd.get(Footprints.MEASURES[i]);
            }
            sums[sums.length - 1] += (Integer) cd.get("mappings");
        }
        for (int i = 0; i < Footprints.MEASURES.length; i++) {
            String m = Footprints.MEASURES[i];
            String attr = Character.toUpperCase(m.charAt(0)) + m.substring(1);
            assertEquals(
                    (long) (Long) a.get(attr),
                    sums[i],
                    attr + " of snapshot " + a.get("SnapshotId"));
        }
        assertEquals(
                (long) (Integer) a.get("Mappings"),
                sums[sums.length - 1],
                "Mappings of " + a.get("SnapshotId"));
    }
}
