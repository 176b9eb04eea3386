package dev.wrss.mbeans;

import java.util.List;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.OpenMBeanParameterInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=History}: samples the agent kept, growth rates over them, and the diff against a baseline.
 * Contract in {@link HistoryMXBean}; the numbers come from a {@link HistoryControl}.
 */
final class HistoryBean extends SnapshotMBean {

    HistoryBean(FootprintControl control, HistoryControl history) {
        super(
                control,
                HistoryMXBean.class,
                "How this JVM's memory moved: samples kept in the agent, PSS growth per region, and the diff "
                        + "against a baseline",
                attributes(history),
                operations(control, history));
    }

    // Attribute names are read by the command line; do not rename.
    private static List<SnapshotAttribute> attributes(HistoryControl history) {
        return List.of(
                SnapshotAttribute.of(
                        "Retention",
                        SimpleType.STRING,
                        null,
                        "Resolutions kept: duration@step, finest first, e.g. 1h@10s,24h@1m",
                        s -> history.retention()),
                SnapshotAttribute.of(
                        "Samples",
                        SimpleType.LONG,
                        null,
                        "Samples held over all resolutions",
                        s -> history.samples()),
                SnapshotAttribute.of(
                        "OldestEpochMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "Time of the oldest sample held, ms since 1970-01-01 UTC; -1 when none",
                        s -> history.oldestEpochMillis()),
                SnapshotAttribute.bytes(
                        "RetainedBytes",
                        "Heap the history's arrays hold: allocated once at start, whatever the process does",
                        s -> history.retainedBytes()),
                SnapshotAttribute.of(
                        "Growth",
                        HistoryTables.GROWTH,
                        null,
                        "PSS growth per region in bytes per hour, least squares over the samples of the last 10 "
                                + "minutes, the last hour and since start; NaN where a window holds fewer than two",
                        s -> HistoryTables.growth(history.growth())),
                SnapshotAttribute.of(
                        "BaselineEpochMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "When the baseline diff() compares with was taken: baseline(), or else the first scan",
                        s -> history.baseline().epochMillis()),
                SnapshotAttribute.of(
                        "ReportStatus",
                        SimpleType.STRING,
                        null,
                        "Reports before the OOM kill (agent option reportDir): ok and where, disabled and why, or "
                                + "the last failure; off without reportDir",
                        s -> history.reportStatus()));
    }

    private static List<SnapshotOperation> operations(
            FootprintControl control, HistoryControl history) {
        OpenMBeanParameterInfo[] range = {
            new OpenMBeanParameterInfoSupport(
                    "fromMillis", "Earliest sample time, epoch milliseconds", SimpleType.LONG),
            new OpenMBeanParameterInfoSupport(
                    "toMillis", "Latest sample time, epoch milliseconds", SimpleType.LONG)
        };
        return List.of(
                new SnapshotOperation(
                        "samples",
                        "The samples between two times, one row per sample and region "
                                + "(and total), the finest resolution kept for each time",
                        HistoryTables.SAMPLES,
                        MBeanOperationInfo.INFO,
                        a ->
                                HistoryTables.samples(
                                        history.samples(
                                                ((Number) a[0]).longValue(),
                                                ((Number) a[1]).longValue())),
                        range),
                new SnapshotOperation(
                        "baseline",
                        "Scans now and keeps the result, with its mappings, threads and "
                                + "files, as the baseline diff() and diffTop() compare with; returns its Regions table",
                        FootprintTables.REGIONS.type(),
                        MBeanOperationInfo.ACTION_INFO,
                        () -> FootprintTables.regions(history.takeBaseline())),
                new SnapshotOperation(
                        "diff",
                        "PSS per region in the latest scan against the baseline",
                        HistoryTables.DIFF,
                        MBeanOperationInfo.INFO,
                        () -> HistoryTables.diff(history.baseline(), control.latest())),
                new SnapshotOperation(
                        "diffTop",
                        "Scans now; the threads, mapped files and mappings that grew most "
                                + "since the baseline",
                        HistoryTables.DIFF_TOP,
                        MBeanOperationInfo.INFO,
                        () -> HistoryTables.diffTop(history.diffTop())));
    }
}
