package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * One row of an MBean's attribute table: the published name, open type, human description and units, and
 * how to read the value from one {@link FootprintSnapshot}. The description becomes the JConsole tooltip and
 * the jmx_exporter HELP text, so it says what the number means, not what it is called.
 *
 * @param setter null for a read-only attribute
 */
record SnapshotAttribute(
        String name,
        OpenType<?> type,
        String units,
        String description,
        Function<FootprintSnapshot, Object> value,
        Consumer<Object> setter) {

    static final String BYTES = "bytes";
    static final String NANOSECONDS = "nanoseconds";
    static final String MILLISECONDS = "milliseconds";

    static SnapshotAttribute of(
            String name,
            OpenType<?> type,
            String units,
            String description,
            Function<FootprintSnapshot, Object> value) {
        return new SnapshotAttribute(name, type, units, description, value, null);
    }

    static SnapshotAttribute bytes(
            String name, String description, Function<FootprintSnapshot, Object> value) {
        return of(name, SimpleType.LONG, BYTES, description, value);
    }

    /** The scan id every bean carries, so a client can tell that one bulk read came from one scan. */
    static SnapshotAttribute snapshotId() {
        return of(
                "SnapshotId",
                SimpleType.LONG,
                null,
                "Id of the scan every value of this read comes from; one getAttributes call never mixes scans",
                FootprintSnapshot::id);
    }

    /**
     * The usage attributes of one {@link RegionUsage}, restricted to {@code names}; attribute names are
     * referenced by examples/prometheus/wrss.yaml, do not rename.
     */
    static List<SnapshotAttribute> usage(
            String whose, Function<FootprintSnapshot, RegionUsage> of, String... names) {
        List<SnapshotAttribute> all =
                List.of(
                        bytes(
                                "Rss",
                                "Resident bytes of "
                                        + whose
                                        + ", shared pages counted in full (smaps Rss)",
                                s -> of.apply(s).rssBytes()),
                        bytes(
                                "Pss",
                                "Weighted resident bytes of "
                                        + whose
                                        + ": each page divided by the number of processes mapping it (smaps Pss)",
                                s -> of.apply(s).pssBytes()),
                        bytes(
                                "Uss",
                                "Resident bytes of "
                                        + whose
                                        + " that no other process maps (smaps Private_Clean + Private_Dirty)",
                                s -> of.apply(s).ussBytes()),
                        bytes(
                                "Swap",
                                "Bytes of " + whose + " swapped out (smaps Swap)",
                                s -> of.apply(s).swapBytes()),
                        bytes(
                                "SwapPss",
                                "Swapped-out bytes of "
                                        + whose
                                        + " weighted like Pss (smaps SwapPss); negative where the kernel does not say",
                                s -> of.apply(s).swapPssBytes()),
                        bytes(
                                "Virtual",
                                "Size of the address ranges of " + whose + ", resident or not",
                                s -> of.apply(s).virtualBytes()),
                        of(
                                "Mappings",
                                SimpleType.INTEGER,
                                null,
                                "Number of memory mappings in " + whose,
                                s -> of.apply(s).mappings()));
        if (names.length == 0) {
            return all;
        }
        List<SnapshotAttribute> chosen = new ArrayList<>();
        for (String n : names) {
            all.stream().filter(a -> a.name.equals(n)).forEach(chosen::add);
        }
        return chosen;
    }

    SnapshotAttribute writable(Consumer<Object> newSetter) {
        return new SnapshotAttribute(name, type, units, description, value, newSetter);
    }

    OpenMBeanAttributeInfoSupport info() {
        Descriptor descriptor =
                units == null
                        ? ImmutableDescriptor.EMPTY_DESCRIPTOR
                        : new ImmutableDescriptor(Map.of("units", units));
        return new OpenMBeanAttributeInfoSupport(
                name, description, type, true, setter != null, false, descriptor);
    }

    /** PssThreshold (writable), PssThresholdExceeded and PssThresholdCount of one region or {@code total}. */
    static List<SnapshotAttribute> threshold(String region, ThresholdControl thresholds) {
        return List.of(
                bytes(
                                "PssThreshold",
                                "PSS at which a wrss.threshold.exceeded notification is sent, as the JDK's "
                                        + "MemoryPoolMXBean usage threshold; writable, bytes, 0 = off",
                                s -> thresholds.pssThreshold(region))
                        .writable(v -> thresholds.setPssThreshold(region, (Long) v)),
                of(
                        "PssThresholdExceeded",
                        SimpleType.BOOLEAN,
                        null,
                        "Whether PSS is at or above PssThreshold "
                                + "(until it falls 5 % below it)",
                        s -> thresholds.exceeded(region)),
                of(
                        "PssThresholdCount",
                        SimpleType.LONG,
                        null,
                        "How many times PSS crossed PssThreshold",
                        s -> thresholds.count(region)));
    }
}
