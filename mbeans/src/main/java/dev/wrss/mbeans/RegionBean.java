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
        super(
                control,
                RegionMXBean.class,
                "Memory of the JVM region " + region.id() + ": " + region.description(),
                attributes(control, region),
                List.of(),
                ThresholdNotifications.info());
        control.thresholds()
                .subscribe(
                        c -> {
                            if (c.region().equals(region.id())) {
                                ThresholdNotifications.offer(broadcaster(), this, c);
                            }
                        });
    }

    private static List<SnapshotAttribute> attributes(FootprintControl control, Region region) {
        List<SnapshotAttribute> a =
                new ArrayList<>(
                        SnapshotAttribute.usage("region " + region.id(), s -> s.region(region)));
        a.add(
                SnapshotAttribute.bytes(
                        "Committed",
                        "What the JVM says it committed for this region, to compare with Rss; -1 where it does not say",
                        s -> s.committedBytes(region)));
        // referenced by examples/prometheus/wrss.yaml; do not rename
        a.add(
                SnapshotAttribute.bytes(
                        "Max",
                        "The configured bound of this region, from the JVM's flags"
                                + (region == Region.MALLOC
                                        ? " (MaxDirectMemorySize: it bounds only the direct buffers here)"
                                        : region == Region.THREAD_STACKS
                                                ? " (threads seen times ThreadStackSize)"
                                                : "")
                                + "; -1 when unbounded",
                        s -> control.regionLimits().max(region, s)));
        a.add(
                SnapshotAttribute.of(
                        "MaxSource",
                        SimpleType.STRING,
                        null,
                        "Where Max comes from: the flag's name when set on the command line, ergonomic when the JVM chose "
                                + "it, unbounded when there is none",
                        s -> control.regionLimits().source(region)));
        a.add(
                SnapshotAttribute.of(
                        "NodeResident",
                        FootprintTables.NODES.type(),
                        null,
                        "Resident bytes of this region per NUMA node (from numa_maps, or all on node 0 where there is one node)",
                        s -> FootprintTables.nodes(s.nodeResident(region))));
        a.add(
                SnapshotAttribute.of(
                        "Description",
                        SimpleType.STRING,
                        null,
                        "What the region holds",
                        s -> region.description()));
        a.add(SnapshotAttribute.snapshotId());
        a.addAll(SnapshotAttribute.threshold(region.id(), control.thresholds()));
        return a;
    }
}
