package dev.wrss.mbeans;

import javax.management.openmbean.TabularData;

/**
 * The published contract of {@code wrss:type=History}: the agent's own record of how the process's memory
 * moved, with growth rates, a baseline and the diff against it. Registered only when history is on.
 */
public interface HistoryMXBean {

    /** Referenced by the command line's history and report --diff; do not rename. */
    String OBJECT_NAME = "wrss:type=History";

    /** The resolutions kept, e.g. {@code 1h@10s,24h@1m}. */
    String getRetention();

    /** Samples held over all resolutions. */
    long getSamples();

    /** Time of the oldest sample held, epoch milliseconds; -1 when none. */
    long getOldestEpochMillis();

    /** Heap held by the history's arrays: fixed at start, whatever the process does. */
    long getRetainedBytes();

    /**
     * Rows indexed by {@code region} (the regions and {@code total}), items {@code last10m}, {@code last1h},
     * {@code sinceStart}: PSS growth in bytes per hour, least squares; NaN below two samples.
     */
    TabularData getGrowth();

    /** When the baseline was taken, epoch milliseconds; 0 before the first scan. */
    long getBaselineEpochMillis();

    /** Whether reports are written before the OOM kill (agent option reportDir), where, and the last failure. */
    String getReportStatus();

    /** Rows indexed by {@code time} and {@code region}: rss, pss, uss, swap, threads, cgroupUsage, cgroupLimit. */
    TabularData samples(long fromMillis, long toMillis);

    /** Takes a full scan now and keeps it as the baseline; returns its Regions table. */
    TabularData baseline();

    /** Rows indexed by {@code region}: {@code baseline}, {@code now}, {@code delta} (PSS bytes), {@code deltaPercent}. */
    TabularData diff();

    /** Rows indexed by {@code kind} and {@code name}: the threads, files and mappings that grew most. */
    TabularData diffTop();
}
