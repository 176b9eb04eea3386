package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The attribute metadata of one bean, as data: name, open type, units and description of each attribute, in
 * the order MBeanInfo lists them. The description becomes the JConsole tooltip and the jmx_exporter HELP text,
 * so it says what the number means, not what it is called. Values are read by the bean's {@code value} switch;
 * the families several beans share (usage, thresholds, SnapshotId) are read here.
 */
final class AttributeTable {

    static final Descriptor BYTES = units("bytes");
    static final Descriptor NANOSECONDS = units("nanoseconds");
    static final Descriptor MILLISECONDS = units("milliseconds");
    static final Descriptor NONE = ImmutableDescriptor.EMPTY_DESCRIPTOR;

    /** Every bean carries it, so a client can tell that one bulk read came from one scan. */
    static final OpenMBeanAttributeInfoSupport SNAPSHOT_ID =
            info(
                    "SnapshotId",
                    SimpleType.LONG,
                    NONE,
                    "Id of the scan every value of this read comes from; one getAttributes call never mixes scans",
                    false);

    /** PssThreshold (writable), PssThresholdExceeded and PssThresholdCount: of one region or the total. */
    private static final OpenMBeanAttributeInfoSupport[] THRESHOLD = {
        info(
                "PssThreshold",
                SimpleType.LONG,
                BYTES,
                "PSS at which a wrss.threshold.exceeded notification is sent, as the JDK's "
                        + "MemoryPoolMXBean usage threshold; writable, bytes, 0 = off",
                true),
        info(
                "PssThresholdExceeded",
                SimpleType.BOOLEAN,
                NONE,
                "Whether PSS is at or above PssThreshold (until it falls 5 % below it)",
                false),
        info(
                "PssThresholdCount",
                SimpleType.LONG,
                NONE,
                "How many times PSS crossed PssThreshold",
                false)
    };

    private final List<OpenMBeanAttributeInfoSupport> infos = new ArrayList<>(40);

    AttributeTable add(String name, OpenType<?> type, Descriptor units, String description) {
        infos.add(info(name, type, units, description, false));
        return this;
    }

    AttributeTable writable(String name, OpenType<?> type, Descriptor units, String description) {
        infos.add(info(name, type, units, description, true));
        return this;
    }

    AttributeTable bytes(String name, String description) {
        return add(name, SimpleType.LONG, BYTES, description);
    }

    /** An attribute whose metadata is shared by several beans. */
    AttributeTable add(OpenMBeanAttributeInfoSupport shared) {
        infos.add(shared);
        return this;
    }

    AttributeTable snapshotId() {
        return add(SNAPSHOT_ID);
    }

    AttributeTable threshold() {
        for (OpenMBeanAttributeInfoSupport a : THRESHOLD) {
            infos.add(a);
        }
        return this;
    }

    /**
     * The usage attributes of one {@link RegionUsage}, in this order, restricted to {@code names} when given;
     * read with {@link #usage(String, RegionUsage)}. Referenced by examples/prometheus/wrss.yaml, do not rename.
     */
    AttributeTable usage(String whose, String... names) {
        usage(
                names,
                "Rss",
                "Resident bytes of " + whose + ", shared pages counted in full (smaps Rss)");
        usage(
                names,
                "Pss",
                "Weighted resident bytes of "
                        + whose
                        + ": each page divided by the number of processes mapping it (smaps Pss)");
        usage(
                names,
                "Uss",
                "Resident bytes of "
                        + whose
                        + " that no other process maps (smaps Private_Clean + Private_Dirty)");
        usage(names, "Swap", "Bytes of " + whose + " swapped out (smaps Swap)");
        usage(
                names,
                "SwapPss",
                "Swapped-out bytes of "
                        + whose
                        + " weighted like Pss (smaps SwapPss); negative where the kernel does not say");
        usage(names, "Virtual", "Size of the address ranges of " + whose + ", resident or not");
        if (chosen(names, "Mappings")) {
            add("Mappings", SimpleType.INTEGER, NONE, "Number of memory mappings in " + whose);
        }
        return this;
    }

    private void usage(String[] names, String name, String description) {
        if (chosen(names, name)) {
            bytes(name, description);
        }
    }

    private static boolean chosen(String[] names, String name) {
        if (names.length == 0) {
            return true;
        }
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    OpenMBeanAttributeInfoSupport[] toArray() {
        return infos.toArray(new OpenMBeanAttributeInfoSupport[0]);
    }

    /** The value of a usage attribute; IllegalArgumentException for any other name. */
    static Object usage(String name, RegionUsage u) {
        return switch (name) {
            case "Rss" -> u.rssBytes();
            case "Pss" -> u.pssBytes();
            case "Uss" -> u.ussBytes();
            case "Swap" -> u.swapBytes();
            case "SwapPss" -> u.swapPssBytes();
            case "Virtual" -> u.virtualBytes();
            case "Mappings" -> u.mappings();
            default -> throw new IllegalArgumentException("no attribute " + name);
        };
    }

    /** The value of a threshold attribute of {@code region} (a region id or {@code total}). */
    static Object threshold(String name, ThresholdControl thresholds, String region) {
        return switch (name) {
            case "PssThreshold" -> thresholds.pssThreshold(region);
            case "PssThresholdExceeded" -> thresholds.exceeded(region);
            case "PssThresholdCount" -> thresholds.count(region);
            default -> throw new IllegalArgumentException("no attribute " + name);
        };
    }

    static OpenMBeanAttributeInfoSupport info(
            String name, OpenType<?> type, Descriptor units, String description, boolean writable) {
        return new OpenMBeanAttributeInfoSupport(
                name, description, type, true, writable, false, units);
    }

    private static Descriptor units(String units) {
        return new ImmutableDescriptor(new String[] {"units"}, new Object[] {units});
    }
}
