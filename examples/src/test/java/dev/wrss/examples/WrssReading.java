package dev.wrss.examples;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Everything the wrss MBeans of one JVM publish, read as any JMX client would (by ObjectName and attribute
 * name), one {@code getAttributes} call per bean. {@link #snapshotIds()} says which scan each bean answered from.
 */
record WrssReading(
        Map<String, Object> footprint,
        Map<String, Map<String, Object>> regions,
        Map<String, Long> committed,
        Map<String, Map<String, Object>> threads,
        long threadCount,
        Map<String, Map<String, Object>> files,
        long fileCount,
        Set<Long> snapshotIds) {

    /** The region ids, the values of the {@code region} label; referenced by the dashboard and the rules. */
    static final List<String> REGIONS = dev.wrss.agent.it.Footprints.REGIONS;

    static final String[] FOOTPRINT = {
        "SnapshotId",
        "Rss",
        "Pss",
        "Uss",
        "Swap",
        "SwapPss",
        "Virtual",
        "Mappings",
        "Regions",
        "ScanCount",
        "LastScanDurationNanos",
        "LastScanEpochMillis",
        "IntervalMillis",
        "Status",
        "FailedScans",
        "SkippedIntervals",
        "EffectiveIntervalMillis",
        "EffectiveMaxAgeMillis",
        "SelfRetainedBytes",
        "Version"
    };

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static WrssReading read(MBeanServerConnection c) throws Exception {
        Set<Long> ids = new TreeSet<>();
        Map<String, Object> fp = attributes(c, "wrss:type=Footprint", FOOTPRINT, ids);
        Map<String, Map<String, Object>> regions = rows((TabularData) fp.get("Regions"), "region");
        Map<String, Long> committed = new LinkedHashMap<>();
        for (String region : REGIONS) {
            Map<String, Object> r =
                    attributes(
                            c,
                            "wrss:type=Region,name=" + region,
                            new String[] {"SnapshotId", "Committed"},
                            ids);
            committed.put(region, (Long) r.get("Committed"));
        }
        Map<String, Object> ts =
                attributes(
                        c,
                        "wrss:type=ThreadStacks",
                        new String[] {"SnapshotId", "Threads", "Count"},
                        ids);
        Map<String, Object> mf =
                attributes(
                        c,
                        "wrss:type=MappedFiles",
                        new String[] {"SnapshotId", "Files", "Count"},
                        ids);
        return new WrssReading(
                fp,
                regions,
                committed,
                rows((TabularData) ts.get("Threads"), "tid"),
                ((Number) ts.get("Count")).longValue(),
                rows((TabularData) mf.get("Files"), "path"),
                ((Number) mf.get("Count")).longValue(),
                ids);
    }

    private static Map<String, Object> attributes(
            MBeanServerConnection c, String bean, String[] names, Set<Long> ids) throws Exception {
        Map<String, Object> out = new HashMap<>();
        for (Attribute a : c.getAttributes(name(bean), names).asList()) {
            out.put(a.getName(), a.getValue());
        }
        for (String n : names) {
            if (!out.containsKey(n)) {
                throw new AssertionError(bean + " did not return " + n);
            }
        }
        ids.add((Long) out.get("SnapshotId"));
        return out;
    }

    /** A table's rows by the string form of their index item, as jmx_exporter turns it into a label. */
    private static Map<String, Map<String, Object>> rows(TabularData table, String index) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object o : table.values()) {
            CompositeData row = (CompositeData) o;
            Map<String, Object> items = new HashMap<>();
            for (String key : row.getCompositeType().keySet()) {
                items.put(key, row.get(key));
            }
            out.put(String.valueOf(row.get(index)), items);
        }
        return out;
    }

    /** One scan behind every bean's answer. */
    long snapshotId() {
        if (snapshotIds.size() != 1) {
            throw new IllegalStateException("beans answered from scans " + snapshotIds);
        }
        return snapshotIds.iterator().next();
    }

    long total(String attribute) {
        return ((Number) footprint.get(attribute)).longValue();
    }

    long region(String region, String item) {
        return ((Number) regions.get(region).get(item)).longValue();
    }
}
