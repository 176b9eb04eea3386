package dev.wrss.mbeans;

import javax.management.MBeanOperationInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=History}: samples the agent kept, growth rates over them, and the diff against a baseline.
 * Contract in {@link HistoryMXBean}; the numbers come from a {@link HistoryControl}.
 */
final class HistoryBean extends SnapshotMBean<HistoryControl> {

    private final FootprintControl control;
    private final HistoryControl history;

    HistoryBean(FootprintControl control, HistoryControl history) {
        super(
                "How this JVM's memory moved: samples kept in the agent, PSS growth per region, and the diff "
                        + "against a baseline",
                mxbean("HistoryMXBean"),
                attributes(),
                operations(),
                NO_NOTIFICATIONS);
        this.control = control;
        this.history = history;
    }

    @Override
    HistoryControl source() {
        return history;
    }

    @Override
    Object value(String name, HistoryControl h) {
        return switch (name) {
            case "Retention" -> h.retention();
            case "Samples" -> h.samples();
            case "OldestEpochMillis" -> h.oldestEpochMillis();
            case "RetainedBytes" -> h.retainedBytes();
            case "Growth" -> HistoryTables.growth(h.growth());
            case "BaselineEpochMillis" -> h.baseline().epochMillis();
            case "ReportStatus" -> h.reportStatus();
            default -> throw new IllegalArgumentException("no attribute " + name);
        };
    }

    @Override
    Object operation(String name, Object[] a) {
        return switch (name) {
            case "samples" ->
                    HistoryTables.samples(
                            history.samples(
                                    ((Number) a[0]).longValue(), ((Number) a[1]).longValue()));
            case "baseline" -> FootprintRows.regions(history.takeBaseline());
            case "diff" -> HistoryTables.diff(history.baseline(), control.latest());
            case "diffTop" -> HistoryTables.diffTop(history.diffTop());
            default -> super.operation(name, a);
        };
    }

    // Attribute names are read by the command line; do not rename.
    private static OpenMBeanAttributeInfoSupport[] attributes() {
        return new AttributeTable()
                .add(
                        "Retention",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "Resolutions kept: duration@step, finest first, e.g. 1h@10s,24h@1m")
                .add(
                        "Samples",
                        SimpleType.LONG,
                        AttributeTable.NONE,
                        "Samples held over all resolutions")
                .add(
                        "OldestEpochMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "Time of the oldest sample held, ms since 1970-01-01 UTC; -1 when none")
                .bytes(
                        "RetainedBytes",
                        "Heap the history's arrays hold: they double as they fill, up to the bound the resolutions set")
                .add(
                        "Growth",
                        HistoryTables.GROWTH,
                        AttributeTable.NONE,
                        "PSS growth per region in bytes per hour, least squares over the samples of the last 10 "
                                + "minutes, the last hour and since start; NaN where a window holds fewer than two")
                .add(
                        "BaselineEpochMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "When the baseline diff() compares with was taken: baseline(), or else the first scan")
                .add(
                        "ReportStatus",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "Reports before the OOM kill (agent option reportDir): ok and where, disabled and why, or "
                                + "the last failure; off without reportDir")
                .toArray();
    }

    private static OpenMBeanOperationInfoSupport[] operations() {
        return new OpenMBeanOperationInfoSupport[] {
            operationInfo(
                    "samples",
                    "The samples between two times, one row per sample and region "
                            + "(and total), the finest resolution kept for each time",
                    HistoryTables.SAMPLES,
                    MBeanOperationInfo.INFO,
                    new OpenMBeanParameterInfoSupport(
                            "fromMillis",
                            "Earliest sample time, epoch milliseconds",
                            SimpleType.LONG),
                    new OpenMBeanParameterInfoSupport(
                            "toMillis", "Latest sample time, epoch milliseconds", SimpleType.LONG)),
            operationInfo(
                    "baseline",
                    "Scans now and keeps the result, with its mappings, threads and "
                            + "files, as the baseline diff() and diffTop() compare with; returns its Regions table",
                    FootprintTables.REGIONS.type(),
                    MBeanOperationInfo.ACTION_INFO),
            operationInfo(
                    "diff",
                    "PSS per region in the latest scan against the baseline",
                    HistoryTables.DIFF,
                    MBeanOperationInfo.INFO),
            operationInfo(
                    "diffTop",
                    "Scans now; the threads, mapped files and mappings that grew most "
                            + "since the baseline",
                    HistoryTables.DIFF_TOP,
                    MBeanOperationInfo.INFO)
        };
    }
}
