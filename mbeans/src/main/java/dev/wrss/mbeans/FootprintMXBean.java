package dev.wrss.mbeans;

import javax.management.openmbean.TabularData;

/**
 * The published contract of {@value #OBJECT_NAME}: memory of the whole process, per region, and scan
 * health. Getters answer from the last published scan and never scan; use it as a typed client with
 * {@code JMX.newMBeanProxy(connection, new ObjectName(OBJECT_NAME), FootprintMXBean.class)}; not
 * {@code newMXBeanProxy}, which cannot map {@link TabularData} return types back.
 * Byte amounts are in bytes; names and table items are referenced by examples/prometheus/wrss.yaml.
 */
public interface FootprintMXBean {

    /** Referenced by examples and the command line; do not rename. */
    String OBJECT_NAME = "wrss:type=Footprint";

    /** Resident bytes of the process, shared pages counted in full. */
    long getRss();

    /** Weighted resident bytes: each page divided by the number of processes mapping it. */
    long getPss();

    /** Resident bytes that no other process maps. */
    long getUss();

    long getSwap();

    /** Swapped-out bytes weighted like Pss; negative where the kernel does not say. */
    long getSwapPss();

    /** Size of all mapped address ranges. */
    long getVirtual();

    int getMappings();

    /**
     * One row per region, indexed by {@code region}; items {@code region} (String), {@code rss},
     * {@code pss}, {@code uss}, {@code swap}, {@code swapPss}, {@code virtual} (long), {@code mappings} (int).
     */
    TabularData getRegions();

    /** Number of completed scans, which is the id of the last one; 0 before the first. */
    long getScanCount();

    long getLastScanDurationNanos();

    /** 0 before the first scan. */
    long getLastScanEpochMillis();

    /** Now minus {@link #getLastScanEpochMillis()}, or -1 before the first scan. */
    long getDataAgeMillis();

    long getIntervalMillis();

    /** Changes the scan interval; out-of-range values are clamped to 500 ms .. 1 h. */
    void setIntervalMillis(long millis);

    /** {@code smaps} or {@code pagemap}. */
    String getMode();

    /** {@code ok}, or why scanning is degraded. */
    String getStatus();

    /** Version of the agent publishing these MBeans. */
    String getVersion();

    /** The interval full scans actually run at, at the fastest, after the CPU budget. */
    long getEffectiveIntervalMillis();

    /** How old unchanged numbers may grow before a scan refreshes them: maxAge, stretched when scans are expensive. */
    long getEffectiveMaxAgeMillis();

    /** Intervals that ended without a full scan because the resident size had not moved. */
    long getSkippedIntervals();

    long getFailedScans();

    /** CPU time of the wrss-scanner thread since start. */
    long getSelfCpuNanos();

    int getSelfClassesLoaded();

    /** Estimate of the heap the agent retains between scans. */
    long getSelfRetainedBytes();

    /**
     * What the flags let the process grow to: the bounded regions at their bound, the others at their Pss;
     * -1 when no bound is known.
     */
    long getConfiguredMax();

    /** The container limit minus {@link #getConfiguredMax()}; negative: the flags let the JVM outgrow it. */
    long getLimitMargin();

    /**
     * Memory the agent itself costs, by region, indexed by {@code region}; items {@code region}, {@code estimate}
     * (String), {@code bytes} (long, -1 unknown).
     */
    TabularData getSelfCost();

    /** Same as {@link #getScanCount()}: read it with other attributes to check they come from one scan. */
    long getSnapshotId();

    /** Scans now, publishes the result and returns its table, shaped like {@link #getRegions()}. */
    TabularData scan();

    /**
     * Scans now and returns every mapping, indexed by {@code start}; items {@code start}, {@code end},
     * {@code offset}, {@code rss}, {@code pss}, {@code uss}, {@code swap} (long), {@code perms}, {@code path},
     * {@code region} (String).
     */
    TabularData mappings();

    /** The last scan as a human-readable table; see {@link FootprintReport#format}. */
    String report();

    /**
     * Scans now and returns the page {@code wrss report <pid> --html} writes ({@link HtmlReport}): one
     * self-contained HTML file, with the history's timeline and diff when History is registered.
     */
    String html();

    /**
     * The process's PSS threshold in bytes (0 = off). This bean sends a {@code wrss.threshold.exceeded}
     * notification for it and for every region's threshold.
     */
    long getPssThreshold();

    void setPssThreshold(long bytes);

    boolean isPssThresholdExceeded();

    long getPssThresholdCount();
}
