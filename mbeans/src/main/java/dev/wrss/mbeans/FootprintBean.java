package dev.wrss.mbeans;

import java.util.function.LongSupplier;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=Footprint}: the process totals, the per-region table, scan health, and the operations
 * that scan on request. Published contract in {@link FootprintMXBean}.
 *
 * <p>One class past 250 lines because its attribute list (names, units, descriptions) is the published
 * metadata, kept beside the switch that answers each name.
 */
final class FootprintBean extends SnapshotMBean<FootprintSnapshot> {

    private final FootprintControl control;
    private final ThresholdControl thresholds;
    private final HistoryControl history;
    private final LongSupplier clockMillis;

    FootprintBean(FootprintControl control) {
        this(control, null, null);
    }

    /** @param history the history html() draws, null when history is off */
    FootprintBean(FootprintControl control, HistoryControl history) {
        this(control, history, null);
    }

    /** @param clockMillis wall clock for {@code DataAgeMillis} and the report; a test seam */
    FootprintBean(FootprintControl control, LongSupplier clockMillis) {
        this(control, null, clockMillis);
    }

    /** @param clockMillis null for the system clock */
    FootprintBean(FootprintControl control, HistoryControl history, LongSupplier clockMillis) {
        super(
                "Memory of this JVM process from /proc/self/smaps: totals, per-region usage and scan health",
                mxbean("FootprintMXBean"),
                attributes(),
                operations(),
                ThresholdNotifications.INFO);
        this.control = control;
        this.thresholds = control.thresholds();
        this.history = history;
        this.clockMillis = clockMillis;
        // like the JDK's MemoryMXBean for its pools: every crossing, the regions' and the total's
        thresholds.subscribe(new ThresholdNotifications.Forward(broadcaster(), this, null));
    }

    private long nowMillis() {
        return clockMillis == null ? System.currentTimeMillis() : clockMillis.getAsLong();
    }

    @Override
    FootprintSnapshot source() {
        return latest(control);
    }

    @Override
    Object value(String name, FootprintSnapshot s) {
        return switch (name) {
            case "Regions" -> FootprintRows.regions(s);
            case "ScanCount", "SnapshotId" -> s.id();
            case "LastScanDurationNanos" -> s.durationNanos();
            case "LastScanEpochMillis" -> s.epochMillis();
            case "DataAgeMillis" ->
                    s.epochMillis() == 0 ? -1L : Math.max(0L, nowMillis() - s.epochMillis());
            case "IntervalMillis" -> control.intervalMillis();
            case "Mode" -> s.mode();
            case "Status" -> s.status();
            case "Version" -> control.stats().version();
            case "EffectiveIntervalMillis" -> control.stats().effectiveIntervalMillis();
            case "EffectiveMaxAgeMillis" -> control.stats().effectiveMaxAgeMillis();
            case "SkippedIntervals" -> control.stats().skippedIntervals();
            case "FailedScans" -> control.stats().failedScans();
            case "SelfCpuNanos" -> control.stats().selfCpuNanos();
            case "SelfClassesLoaded" -> control.stats().selfClassesLoaded();
            case "SelfRetainedBytes" -> control.stats().selfRetainedBytes();
            case "ConfiguredMax" -> configuredMax(s);
            case "LimitMargin" -> limitMargin(s);
            case "SelfCost" -> FootprintRows.selfCost(control.selfCost());
            case "PssThreshold", "PssThresholdExceeded", "PssThresholdCount" ->
                    AttributeTable.threshold(name, thresholds, ThresholdControl.TOTAL);
            default -> AttributeTable.usage(name, s.total());
        };
    }

    @Override
    void set(String name, Object value) {
        switch (name) {
            case "IntervalMillis" -> control.setIntervalMillis((Long) value);
            case "PssThreshold" -> thresholds.setPssThreshold(ThresholdControl.TOTAL, (Long) value);
            default -> super.set(name, value);
        }
    }

    private long configuredMax(FootprintSnapshot s) {
        return control.regionLimits().configuredMax(s, control.nativeHeap().directBuffers());
    }

    private long limitMargin(FootprintSnapshot s) {
        long limit = s.system().limitBytes();
        long max = configuredMax(s);
        return limit < 0 || max < 0 ? 0 : limit - max;
    }

    @Override
    Object operation(String name, Object[] arguments) {
        return switch (name) {
            case "scan" -> FootprintRows.regions(control.scanNow());
            case "mappings" -> FootprintRows.mappings(control.mappings());
            case "report" -> FootprintReport.format(control.latest(), nowMillis());
            case "html" -> HtmlPage.render(control, history);
            default -> super.operation(name, arguments);
        };
    }

    // Attribute names are referenced by examples/prometheus/wrss.yaml; do not rename.
    private static OpenMBeanAttributeInfoSupport[] attributes() {
        return new AttributeTable()
                .usage("the whole process")
                .add(
                        "Regions",
                        FootprintTables.REGIONS.type(),
                        AttributeTable.NONE,
                        "Usage of every JVM region in the last scan, one row per region; the rows add up to the totals")
                .add(
                        "ScanCount",
                        SimpleType.LONG,
                        AttributeTable.NONE,
                        "Number of completed scans (the id of the last one); 0 before the first")
                .add(
                        "LastScanDurationNanos",
                        SimpleType.LONG,
                        AttributeTable.NANOSECONDS,
                        "How long the last scan took, reading and classifying every mapping")
                .add(
                        "LastScanEpochMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "When the last scan ended, in milliseconds since 1970-01-01 UTC; 0 before the first")
                .add(
                        "DataAgeMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "How old the published numbers are: now minus LastScanEpochMillis; -1 before the first scan")
                .writable(
                        "IntervalMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "Time between periodic scans; writable, clamped to 500 ms .. 1 h")
                .add(
                        "Mode",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "How the numbers are obtained: smaps (kernel accounting) or pagemap")
                .add(
                        "Status",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "ok, or why scanning is degraded (the numbers are then those of the last good scan)")
                .add(
                        "Version",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "Version of the wrss agent that publishes these MBeans")
                .add(
                        "EffectiveIntervalMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "The interval full scans actually run at, at the fastest: IntervalMillis stretched by the CPU budget "
                                + "when scans are expensive")
                .add(
                        "EffectiveMaxAgeMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "How old the numbers may grow when nothing moves before a full scan refreshes them: the maxAge option, "
                                + "stretched when scans are expensive so that an idle JVM pays almost nothing")
                .add(
                        "SkippedIntervals",
                        SimpleType.LONG,
                        AttributeTable.NONE,
                        "Intervals that ended without a full smaps scan because the resident size had not moved by the "
                                + "threshold (see DataAgeMillis for how old the numbers are)")
                .add(
                        "FailedScans",
                        SimpleType.LONG,
                        AttributeTable.NONE,
                        "Scans that failed since start; the last good numbers stayed published")
                .add(
                        "SelfCpuNanos",
                        SimpleType.LONG,
                        AttributeTable.NANOSECONDS,
                        "CPU time the wrss-scanner thread has used since the agent started")
                .add(
                        "SelfClassesLoaded",
                        SimpleType.INTEGER,
                        AttributeTable.NONE,
                        "Classes of the wrss agent loaded in this JVM; -1 if unknown")
                .add(
                        "SelfRetainedBytes",
                        SimpleType.LONG,
                        AttributeTable.BYTES,
                        "Estimate of the heap the agent keeps between scans: its buffers, tables and layout, plus a measured "
                                + "fixed share for its classes and MBean metadata")
                .bytes(
                        "ConfiguredMax",
                        "What the JVM's flags let the process grow to: every "
                                + "bounded region at its bound (Max of its Region bean), the unbounded ones at their present Pss; "
                                + "-1 when no bound is known")
                .bytes(
                        "LimitMargin",
                        "The container's memory limit minus ConfiguredMax: negative "
                                + "means the flags allow the JVM to outgrow its container; 0 without a limit (see System Limit)")
                .add(
                        "SelfCost",
                        FootprintTables.SELF_COST.type(),
                        AttributeTable.NONE,
                        "Memory the agent itself costs, by region: what the JVM would not hold without it, with how each "
                                + "number is estimated")
                .snapshotId()
                .threshold()
                .toArray();
    }

    private static OpenMBeanOperationInfoSupport[] operations() {
        return new OpenMBeanOperationInfoSupport[] {
            operationInfo(
                    "scan",
                    "Scans now, publishes the result and returns its Regions table",
                    FootprintTables.REGIONS.type(),
                    MBeanOperationInfo.ACTION_INFO),
            operationInfo(
                    "mappings",
                    "Scans now and returns every mapping with the region it was attributed to",
                    FootprintTables.MAPPINGS.type(),
                    MBeanOperationInfo.INFO),
            operationInfo(
                    "report",
                    "The last scan as a human-readable table, one row per region",
                    SimpleType.STRING,
                    MBeanOperationInfo.INFO),
            operationInfo(
                    "html",
                    "Scans now and returns one self-contained HTML page (save it as a .html file and open it in a "
                            + "browser): totals against the container limit, the history as a timeline, each "
                            + "region's parts, the diff since the baseline, the native heap, the thread stacks",
                    SimpleType.STRING,
                    MBeanOperationInfo.INFO)
        };
    }
}
