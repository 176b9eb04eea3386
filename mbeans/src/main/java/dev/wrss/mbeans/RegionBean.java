package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=Region,name=<id>}: the usage of one {@link Region}, registered for every region so that
 * consoles and Prometheus series stay stable; zeros when nothing landed there. Contract in {@link RegionMXBean}.
 */
final class RegionBean extends SnapshotMBean {

    RegionBean(FootprintControl control, Region region) {
        super(control, RegionMXBean.class, "Memory of the JVM region " + region.id() + ": " + region.description(),
                attributes(region, control.thresholds()), List.of(), ThresholdNotifications.info());
        control.thresholds().subscribe(c -> {
            if (c.region().equals(region.id())) {
                ThresholdNotifications.offer(broadcaster(), this, c);
            }
        });
    }

    private static List<SnapshotAttribute> attributes(Region region, ThresholdControl thresholds) {
        List<SnapshotAttribute> a = new ArrayList<>(
                SnapshotAttribute.usage("region " + region.id(), s -> s.region(region)));
        a.add(SnapshotAttribute.bytes("Committed",
                "What the JVM says it committed for this region, to compare with Rss; -1 where it does not say",
                s -> s.committedBytes(region)));
        a.add(SnapshotAttribute.of("NodeResident", FootprintTables.NODES.type(), null,
                "Resident bytes of this region per NUMA node (from numa_maps, or all on node 0 where there is one node)",
                s -> FootprintTables.nodes(s.nodeResident(region))));
        a.add(SnapshotAttribute.of("Description", SimpleType.STRING, null, "What the region holds",
                s -> region.description()));
        a.add(SnapshotAttribute.snapshotId());
        a.addAll(SnapshotAttribute.threshold(region.id(), thresholds));
        return a;
    }
}
