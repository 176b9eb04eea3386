package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/**
 * The values a client reads: typed proxies for every method, operations, and one-scan bulk reads while a
 * scanner publishes in a tight loop. Run in-process and over RMI by the subclasses.
 */
abstract class ContractReadChecks extends ContractChecks {

    @Test
    void oneBulkReadNeverMixesScansWhileScansArePublishedInATightLoop() throws Exception {
        String[] attributes =
                Arrays.stream(connection().getMBeanInfo(FOOTPRINT).getAttributes())
                        .map(MBeanAttributeInfo::getName)
                        .toArray(String[]::new);
        AtomicBoolean stop = new AtomicBoolean();
        Thread scanner =
                new Thread(
                        () -> {
                            while (!stop.get()) {
                                control.publishNext();
                            }
                        },
                        "swapping-scanner");
        scanner.start();
        Set<Long> ids = new HashSet<>();
        int reads = 0;
        try {
            while (reads < minimumReads() || (ids.size() < 50 && reads < 100 * minimumReads())) {
                Map<String, Object> v = toMap(connection().getAttributes(FOOTPRINT, attributes));
                assertOneScan(v);
                ids.add((Long) v.get("SnapshotId"));
                reads++;
            }
        } finally {
            stop.set(true);
            scanner.join();
        }
        assertTrue(
                ids.size() >= 50, "the scanner swapped during the reads, ids seen: " + ids.size());
    }

    static void assertOneScan(Map<String, Object> v) {
        long id = (Long) v.get("SnapshotId");
        assertEquals(id, v.get("ScanCount"));
        assertEquals(TestSnapshots.totalRss(id), v.get("Rss"), "Rss of scan " + id);
        assertEquals(TestSnapshots.EPOCH_BASE_MILLIS + id, v.get("LastScanEpochMillis"));
        assertEquals(1000 * id, v.get("LastScanDurationNanos"));
        Map<String, Long> sums = new HashMap<>();
        for (Object row : ((TabularData) v.get("Regions")).values()) {
            CompositeData r = (CompositeData) row;
            for (String item : List.of("rss", "pss", "uss", "swap", "swapPss", "virtual")) {
                sums.merge(item, (Long) r.get(item), Long::sum);
            }
            sums.merge("mappings", ((Integer) r.get("mappings")).longValue(), Long::sum);
        }
        for (String item : List.of("rss", "pss", "uss", "swap", "swapPss", "virtual", "mappings")) {
            String attribute = Character.toUpperCase(item.charAt(0)) + item.substring(1);
            assertEquals(
                    ((Number) v.get(attribute)).longValue(),
                    sums.get(item),
                    item + " of scan " + id);
        }
    }

    @Test
    void typedProxiesAnswerEveryGetterFromTheLatestScan() throws Exception {
        FootprintSnapshot s = TestSnapshots.of(3);
        FootprintMXBean f = JMX.newMBeanProxy(connection(), FOOTPRINT, FootprintMXBean.class);
        assertEquals(s.total().rssBytes(), f.getRss());
        assertEquals(s.total().pssBytes(), f.getPss());
        assertEquals(s.total().ussBytes(), f.getUss());
        assertEquals(s.total().swapBytes(), f.getSwap());
        assertEquals(s.total().swapPssBytes(), f.getSwapPss());
        assertEquals(s.total().virtualBytes(), f.getVirtual());
        assertEquals(s.total().mappings(), f.getMappings());
        assertEquals(Region.count(), f.getRegions().size());
        assertEquals(3, f.getScanCount());
        assertEquals(3, f.getSnapshotId());
        assertEquals(3000, f.getLastScanDurationNanos());
        assertEquals(TestSnapshots.EPOCH_BASE_MILLIS + 3, f.getLastScanEpochMillis());
        assertTrue(f.getDataAgeMillis() > 0, "the test scans are dated 2023");
        assertEquals("smaps", f.getMode());
        assertEquals("ok", f.getStatus());
        assertTrue(f.report().startsWith("wrss scan #3 at "), f.report());

        for (Region r : Region.values()) {
            RegionMXBean bean =
                    JMX.newMBeanProxy(connection(), WrssMBeans.regionName(r), RegionMXBean.class);
            RegionUsage u = s.region(r);
            assertEquals(
                    List.of(
                            u.rssBytes(),
                            u.pssBytes(),
                            u.ussBytes(),
                            u.swapBytes(),
                            u.swapPssBytes(),
                            u.virtualBytes(),
                            (long) u.mappings(),
                            s.committedBytes(r),
                            3L),
                    List.of(
                            bean.getRss(),
                            bean.getPss(),
                            bean.getUss(),
                            bean.getSwap(),
                            bean.getSwapPss(),
                            bean.getVirtual(),
                            (long) bean.getMappings(),
                            bean.getCommitted(),
                            bean.getSnapshotId()),
                    r.id());
            assertEquals(r.description(), bean.getDescription());
        }
        // tables with named index columns cannot be rebuilt by MXBean proxies: typed clients use
        // newMBeanProxy
        RegionMXBean malloc =
                JMX.newMBeanProxy(
                        connection(), WrssMBeans.regionName(Region.MALLOC), RegionMXBean.class);
        assertEquals(s.region(Region.MALLOC).pssBytes(), malloc.getPss());
        assertEquals(
                0,
                malloc.getNodeResident().size(),
                "a snapshot without NUMA facts has no node rows");

        ThreadStacksMXBean t =
                JMX.newMBeanProxy(
                        connection(),
                        WrssMBeans.objectName(ThreadStacksMXBean.OBJECT_NAME),
                        ThreadStacksMXBean.class);
        RegionUsage stacks = s.region(Region.THREAD_STACKS);
        assertEquals(
                List.of(stacks.rssBytes(), stacks.pssBytes(), stacks.virtualBytes(), 17L, 3L),
                List.of(
                        t.getRss(),
                        t.getPss(),
                        t.getVirtual(),
                        (long) t.getCount(),
                        t.getSnapshotId()));
        CompositeData main = t.getThreads().get(new Object[] {31L});
        assertEquals("main", main.get("name"));
        assertEquals(8192L * 3, main.get("rss"));

        MappedFilesMXBean m =
                JMX.newMBeanProxy(
                        connection(),
                        WrssMBeans.objectName(MappedFilesMXBean.OBJECT_NAME),
                        MappedFilesMXBean.class);
        RegionUsage files = s.region(Region.MAPPED_FILES);
        assertEquals(
                List.of(files.rssBytes(), files.pssBytes(), 5L, 3L),
                List.of(m.getRss(), m.getPss(), (long) m.getCount(), m.getSnapshotId()));
        CompositeData nasty = m.getFiles().get(new Object[] {TestSnapshots.NASTY_PATH});
        assertEquals(true, nasty.get("deleted"));
        assertEquals(43L, nasty.get("inode"));
        assertEquals(0, control.scans.get(), "getters must not scan");
    }

    @Test
    void proxyOperationsScanAndTheIntervalIsWritable() throws Exception {
        FootprintMXBean f = JMX.newMBeanProxy(connection(), FOOTPRINT, FootprintMXBean.class);
        f.setIntervalMillis(100);
        assertEquals(500, f.getIntervalMillis(), "clamped by the control");
        f.setIntervalMillis(60_000);
        assertEquals(60_000, control.intervalMillis());

        TabularData scanned = f.scan();
        assertEquals(4, f.getSnapshotId(), "scan() publishes");
        assertEquals(
                TestSnapshots.usage(4, Region.METASPACE.ordinal()).rssBytes(),
                scanned.get(new Object[] {"metaspace"}).get("rss"));

        TabularData mappings = f.mappings();
        assertEquals(3, mappings.size());
        CompositeData anonymous = mappings.get(new Object[] {0x7f00_0000_0000L});
        assertEquals("", anonymous.get("path"));
        assertEquals("java_heap", anonymous.get("region"));
        CompositeData odd = mappings.get(new Object[] {0x8000L});
        assertEquals(TestSnapshots.NASTY_PATH, odd.get("path"));
        assertEquals("other", odd.get("region"), "a mapping without region is reported as other");
        assertEquals(2, control.scans.get());
    }
}
