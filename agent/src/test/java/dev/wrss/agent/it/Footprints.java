package dev.wrss.agent.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** Reads the wrss MBeans of a child generically, by ObjectName and attribute name, as any JMX client would. */
public final class Footprints {

    public static final String[] MEASURES = {"rss", "pss", "uss", "swap", "swapPss", "virtual"};

    /** The Footprint attributes of one getAttributes call: totals by lower-case measure, regions by id. */
    public record Reading(
            long snapshotId,
            Map<String, Long> totals,
            Map<String, Map<String, Long>> regions,
            String status,
            int mappings) {
        public long region(String region, String measure) {
            return regions.get(region).get(measure);
        }
    }

    private Footprints() {}

    public static ObjectName footprint() {
        try {
            return new ObjectName("wrss:type=Footprint");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks for a fresh scan and reads it. */
    public static Reading scan(MBeanServerConnection c) throws Exception {
        c.invoke(footprint(), "scan", new Object[0], new String[0]);
        return read(c);
    }

    public static Reading read(MBeanServerConnection c) throws Exception {
        AttributeList list =
                c.getAttributes(
                        footprint(),
                        new String[] {
                            "SnapshotId",
                            "Rss",
                            "Pss",
                            "Uss",
                            "Swap",
                            "SwapPss",
                            "Virtual",
                            "Mappings",
                            "Regions",
                            "Status"
                        });
        Map<String, Object> a = new HashMap<>();
        for (Attribute attr : list.asList()) {
            a.put(attr.getName(), attr.getValue());
        }
        Map<String, Long> totals = new HashMap<>();
        for (String m : MEASURES) {
            totals.put(
                    m,
                    ((Number) a.get(Character.toUpperCase(m.charAt(0)) + m.substring(1)))
                            .longValue());
        }
        Map<String, Map<String, Long>> regions = new HashMap<>();
        for (Object row : ((TabularData) a.get("Regions")).values()) {
            CompositeData cd = (CompositeData) row;
            Map<String, Long> r = new HashMap<>();
            for (String m : MEASURES) {
                r.put(m, ((Number) cd.get(m)).longValue());
            }
            r.put("mappings", ((Number) cd.get("mappings")).longValue());
            regions.put((String) cd.get("region"), r);
        }
        return new Reading(
                ((Number) a.get("SnapshotId")).longValue(),
                totals,
                regions,
                (String) a.get("Status"),
                ((Number) a.get("Mappings")).intValue());
    }

    /** The 12 region ids, in the published order. */
    public static final List<String> REGIONS =
            List.of(
                    "java_heap",
                    "metaspace",
                    "class_space",
                    "cds_archive",
                    "code_cache",
                    "gc_data",
                    "thread_stacks",
                    "malloc",
                    "mapped_files",
                    "shared_libs",
                    "jdk_image",
                    "other");
}
