package dev.wrss.mbeans;

import javax.management.Descriptor;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=Region,name=<id>}: the usage of one {@link Region}, registered for every region so that
 * consoles and Prometheus series stay stable; zeros when nothing landed there. Contract in {@link RegionMXBean}.
 */
final class RegionBean extends SnapshotMBean<FootprintSnapshot> {

    private static final Descriptor MXBEAN = mxbean("RegionMXBean");

    // the metadata every region shares is built once for the twelve beans
    private static final OpenMBeanAttributeInfoSupport COMMITTED =
            AttributeTable.info(
                    "Committed",
                    SimpleType.LONG,
                    AttributeTable.BYTES,
                    "What the JVM says it committed for this region, to compare with Rss; -1 where it does not say",
                    false);
    private static final OpenMBeanAttributeInfoSupport MAX = max("");
    private static final OpenMBeanAttributeInfoSupport MAX_SOURCE =
            AttributeTable.info(
                    "MaxSource",
                    SimpleType.STRING,
                    AttributeTable.NONE,
                    "Where Max comes from: the flag's name when set on the command line, ergonomic when the JVM chose "
                            + "it, unbounded when there is none",
                    false);
    private static final OpenMBeanAttributeInfoSupport NODE_RESIDENT =
            AttributeTable.info(
                    "NodeResident",
                    FootprintTables.NODES.type(),
                    AttributeTable.NONE,
                    "Resident bytes of this region per NUMA node (from numa_maps, or all on node 0 where there is one node)",
                    false);
    private static final OpenMBeanAttributeInfoSupport DESCRIPTION =
            AttributeTable.info(
                    "Description",
                    SimpleType.STRING,
                    AttributeTable.NONE,
                    "What the region holds",
                    false);

    private final FootprintControl control;
    private final ThresholdControl thresholds;
    private final Region region;

    RegionBean(FootprintControl control, Region region) {
        super(
                "Memory of the JVM region " + region.id() + ": " + region.description(),
                MXBEAN,
                attributes(region),
                NO_OPERATIONS,
                ThresholdNotifications.INFO);
        this.control = control;
        this.thresholds = control.thresholds();
        this.region = region;
        thresholds.subscribe(new ThresholdNotifications.Forward(broadcaster(), this, region.id()));
    }

    @Override
    FootprintSnapshot source() {
        return latest(control);
    }

    @Override
    Object value(String name, FootprintSnapshot s) {
        return switch (name) {
            case "Committed" -> s.committedBytes(region);
            case "Max" -> control.regionLimits().max(region, s);
            case "MaxSource" -> control.regionLimits().source(region);
            case "NodeResident" -> FootprintRows.nodes(s.nodeResident(region));
            case "Description" -> region.description();
            case "SnapshotId" -> s.id();
            case "PssThreshold", "PssThresholdExceeded", "PssThresholdCount" ->
                    AttributeTable.threshold(name, thresholds, region.id());
            default -> AttributeTable.usage(name, s.region(region));
        };
    }

    @Override
    void set(String name, Object value) {
        if (name.equals("PssThreshold")) {
            thresholds.setPssThreshold(region.id(), (Long) value);
        } else {
            super.set(name, value);
        }
    }

    private static OpenMBeanAttributeInfoSupport[] attributes(Region region) {
        return new AttributeTable()
                .usage("region " + region.id())
                .add(COMMITTED)
                // referenced by examples/prometheus/wrss.yaml; do not rename
                .add(
                        region == Region.MALLOC
                                ? max(
                                        " (MaxDirectMemorySize: it bounds only the direct buffers here)")
                                : region == Region.THREAD_STACKS
                                        ? max(" (threads seen times ThreadStackSize)")
                                        : MAX)
                .add(MAX_SOURCE)
                .add(NODE_RESIDENT)
                .add(DESCRIPTION)
                .snapshotId()
                .threshold()
                .toArray();
    }

    private static OpenMBeanAttributeInfoSupport max(String which) {
        return AttributeTable.info(
                "Max",
                SimpleType.LONG,
                AttributeTable.BYTES,
                "The configured bound of this region, from the JVM's flags"
                        + which
                        + "; -1 when unbounded",
                false);
    }
}
