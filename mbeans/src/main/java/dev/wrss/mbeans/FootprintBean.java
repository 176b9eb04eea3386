package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=Footprint}: the process totals, the per-region table, scan health, and the operations
 * that scan on request. Published contract in {@link FootprintMXBean}.
 */
final class FootprintBean extends SnapshotMBean {

    FootprintBean(FootprintControl control) {
        this(control, null, System::currentTimeMillis);
    }

    /** @param history the history html() draws, null when history is off */
    FootprintBean(FootprintControl control, HistoryControl history) {
        this(control, history, System::currentTimeMillis);
    }

    /** @param clockMillis wall clock for {@code DataAgeMillis} and the report; a test seam */
    FootprintBean(FootprintControl control, LongSupplier clockMillis) {
        this(control, null, clockMillis);
    }

    FootprintBean(FootprintControl control, HistoryControl history, LongSupplier clockMillis) {
        super(
                control,
                FootprintMXBean.class,
                "Memory of this JVM process from /proc/self/smaps: totals, per-region usage and scan health",
                attributes(control, clockMillis),
                operations(control, history, clockMillis),
                ThresholdNotifications.info());
        // like the JDK's MemoryMXBean for its pools: every crossing, the regions' and the total's
        control.thresholds().subscribe(c -> ThresholdNotifications.offer(broadcaster(), this, c));
    }

    // Attribute names are referenced by examples/prometheus/wrss.yaml; do not rename.
    private static List<SnapshotAttribute> attributes(
            FootprintControl control, LongSupplier clockMillis) {
        List<SnapshotAttribute> a =
                new ArrayList<>(SnapshotAttribute.usage("the whole process", s -> s.total()));
        a.add(
                SnapshotAttribute.of(
                        "Regions",
                        FootprintTables.REGIONS.type(),
                        null,
                        "Usage of every JVM region in the last scan, one row per region; the rows add up to the totals",
                        FootprintTables::regions));
        a.add(
                SnapshotAttribute.of(
                        "ScanCount",
                        SimpleType.LONG,
                        null,
                        "Number of completed scans (the id of the last one); 0 before the first",
                        FootprintSnapshot::id));
        a.add(
                SnapshotAttribute.of(
                        "LastScanDurationNanos",
                        SimpleType.LONG,
                        SnapshotAttribute.NANOSECONDS,
                        "How long the last scan took, reading and classifying every mapping",
                        FootprintSnapshot::durationNanos));
        a.add(
                SnapshotAttribute.of(
                        "LastScanEpochMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "When the last scan ended, in milliseconds since 1970-01-01 UTC; 0 before the first",
                        FootprintSnapshot::epochMillis));
        a.add(
                SnapshotAttribute.of(
                        "DataAgeMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "How old the published numbers are: now minus LastScanEpochMillis; -1 before the first scan",
                        s ->
                                s.epochMillis() == 0
                                        ? -1L
                                        : Math.max(0L, clockMillis.getAsLong() - s.epochMillis())));
        a.add(
                SnapshotAttribute.of(
                                "IntervalMillis",
                                SimpleType.LONG,
                                SnapshotAttribute.MILLISECONDS,
                                "Time between periodic scans; writable, clamped to 500 ms .. 1 h",
                                s -> control.intervalMillis())
                        .writable(v -> control.setIntervalMillis((Long) v)));
        a.add(
                SnapshotAttribute.of(
                        "Mode",
                        SimpleType.STRING,
                        null,
                        "How the numbers are obtained: smaps (kernel accounting) or pagemap",
                        FootprintSnapshot::mode));
        a.add(
                SnapshotAttribute.of(
                        "Status",
                        SimpleType.STRING,
                        null,
                        "ok, or why scanning is degraded (the numbers are then those of the last good scan)",
                        FootprintSnapshot::status));
        a.add(
                SnapshotAttribute.of(
                        "Version",
                        SimpleType.STRING,
                        null,
                        "Version of the wrss agent that publishes these MBeans",
                        s -> control.stats().version()));
        a.add(
                SnapshotAttribute.of(
                        "EffectiveIntervalMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "The interval full scans actually run at, at the fastest: IntervalMillis stretched by the CPU budget "
                                + "when scans are expensive",
                        s -> control.stats().effectiveIntervalMillis()));
        a.add(
                SnapshotAttribute.of(
                        "EffectiveMaxAgeMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "How old the numbers may grow when nothing moves before a full walk refreshes them: the maxAge option, "
                                + "stretched when walks are expensive so that an idle JVM pays almost nothing",
                        s -> control.stats().effectiveMaxAgeMillis()));
        a.add(
                SnapshotAttribute.of(
                        "SkippedIntervals",
                        SimpleType.LONG,
                        null,
                        "Intervals that ended without a full smaps walk because the resident size had not moved by the "
                                + "threshold (see DataAgeMillis for how old the numbers are)",
                        s -> control.stats().skippedIntervals()));
        a.add(
                SnapshotAttribute.of(
                        "FailedScans",
                        SimpleType.LONG,
                        null,
                        "Scans that failed since start; the last good numbers stayed published",
                        s -> control.stats().failedScans()));
        a.add(
                SnapshotAttribute.of(
                        "SelfCpuNanos",
                        SimpleType.LONG,
                        SnapshotAttribute.NANOSECONDS,
                        "CPU time the wrss-scanner thread has used since the agent started",
                        s -> control.stats().selfCpuNanos()));
        a.add(
                SnapshotAttribute.of(
                        "SelfClassesLoaded",
                        SimpleType.INTEGER,
                        null,
                        "Classes of the wrss agent loaded in this JVM; -1 if unknown",
                        s -> control.stats().selfClassesLoaded()));
        a.add(
                SnapshotAttribute.of(
                        "SelfRetainedBytes",
                        SimpleType.LONG,
                        SnapshotAttribute.BYTES,
                        "Estimate of the heap the agent keeps between scans: its buffers, tables and layout, plus a measured "
                                + "fixed share for its classes and MBean metadata",
                        s -> control.stats().selfRetainedBytes()));
        a.add(
                SnapshotAttribute.bytes(
                        "ConfiguredMax",
                        "What the JVM's flags let the process grow to: every "
                                + "bounded region at its bound (Max of its Region bean), the unbounded ones at their present Pss; "
                                + "-1 when no bound is known",
                        s ->
                                control.regionLimits()
                                        .configuredMax(s, control.nativeHeap().directBuffers())));
        a.add(
                SnapshotAttribute.bytes(
                        "LimitMargin",
                        "The container's memory limit minus ConfiguredMax: negative "
                                + "means the flags allow the JVM to outgrow its container; 0 without a limit (see System Limit)",
                        s -> limitMargin(control, s)));
        a.add(
                SnapshotAttribute.of(
                        "SelfCost",
                        FootprintTables.SELF_COST.type(),
                        null,
                        "Memory the agent itself costs, by region: what the JVM would not hold without it, with how each "
                                + "number is estimated",
                        s -> FootprintTables.selfCost(control.selfCost())));
        a.add(SnapshotAttribute.snapshotId());
        a.addAll(SnapshotAttribute.threshold(ThresholdControl.TOTAL, control.thresholds()));
        return a;
    }

    private static long limitMargin(FootprintControl control, FootprintSnapshot s) {
        long limit = s.system().limitBytes();
        long max = control.regionLimits().configuredMax(s, control.nativeHeap().directBuffers());
        return limit < 0 || max < 0 ? 0 : limit - max;
    }

    private static List<SnapshotOperation> operations(
            FootprintControl control, HistoryControl history, LongSupplier clockMillis) {
        return List.of(
                new SnapshotOperation(
                        "scan",
                        "Scans now, publishes the result and returns its Regions table",
                        FootprintTables.REGIONS.type(),
                        MBeanOperationInfo.ACTION_INFO,
                        () -> FootprintTables.regions(control.scanNow())),
                new SnapshotOperation(
                        "mappings",
                        "Scans now and returns every mapping with the region it was attributed to",
                        FootprintTables.MAPPINGS.type(),
                        MBeanOperationInfo.INFO,
                        () -> FootprintTables.mappings(control.mappings())),
                new SnapshotOperation(
                        "report",
                        "The last scan as a human-readable table, one row per region",
                        SimpleType.STRING,
                        MBeanOperationInfo.INFO,
                        () -> FootprintReport.format(control.latest(), clockMillis.getAsLong())),
                new SnapshotOperation(
                        "html",
                        "Scans now and returns one self-contained HTML page (save it as a .html file and open it in a "
                                + "browser): totals against the container limit, the history as a timeline, each "
                                + "region's parts, the diff since the baseline, the native heap, the thread stacks",
                        SimpleType.STRING,
                        MBeanOperationInfo.INFO,
                        () -> HtmlPage.render(control, history)));
    }
}
