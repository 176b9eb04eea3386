package dev.wrss.mbeans;

import java.util.List;

/**
 * What {@code wrss:type=History} needs from the agent's history: the samples it keeps, growth rates over
 * them, and a baseline to diff against. Every method is called from JMX threads and never throws.
 */
public interface HistoryControl {

    /** The resolutions kept, e.g. {@code 1h@10s,24h@1m}; {@code off} when history is disabled. */
    String retention();

    /** Samples held over all resolutions. */
    long samples();

    /** Time of the oldest sample held, epoch milliseconds; -1 when none. */
    long oldestEpochMillis();

    /** The heap the history's arrays hold, fixed at start. */
    long retainedBytes();

    /**
     * PSS growth per region (and {@code total}), bytes per hour, least squares over the samples of each
     * window; NaN where a window holds fewer than two samples.
     */
    List<Growth> growth();

    /** The samples whose time lies in {@code [fromMillis, toMillis]}, oldest first, finest resolution first. */
    List<Sample> samples(long fromMillis, long toMillis);

    /** Takes a full scan now and keeps it as the baseline, with its mappings; returns it. */
    FootprintSnapshot takeBaseline();

    /** The baseline: the explicit one, else the first snapshot after start; an unavailable one before that. */
    FootprintSnapshot baseline();

    /** The threads, mapped files and mappings that grew most since the baseline, largest growth first. */
    List<DiffTopRow> diffTop();

    /** Whether reports are written before the OOM kill, where, and the last failure; {@code off} without. */
    default String reportStatus() {
        return "off";
    }

    /** One region's growth rates in PSS bytes per hour. */
    record Growth(String region, double last10m, double last1h, double sinceStart) {}

    /**
     * One sample: per region (by ordinal) rss, pss, uss and swap in bytes, and the process's view of the time.
     *
     * @param threads the thread count; -1 where unknown
     * @param cgroupUsage the memory cgroup's usage, -1 where unknown
     * @param cgroupLimit the memory cgroup's limit, -1 where unlimited or unknown
     */
    record Sample(
            long epochMillis,
            long[] rss,
            long[] pss,
            long[] uss,
            long[] swap,
            long threads,
            long cgroupUsage,
            long cgroupLimit) {}

    /**
     * One thing that grew since the baseline.
     *
     * @param kind {@code thread}, {@code file} or {@code mapping}
     * @param name the thread's name and tid, the file's path, or the mapping's address range and path
     * @param baselineBytes PSS (RSS for threads) at the baseline; 0 where it did not exist then
     */
    record DiffTopRow(String kind, String name, long baselineBytes, long nowBytes) {
        public long deltaBytes() {
            return nowBytes - baselineBytes;
        }
    }
}
