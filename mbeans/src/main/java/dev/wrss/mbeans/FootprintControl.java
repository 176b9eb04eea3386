package dev.wrss.mbeans;

import java.util.List;

/**
 * What the MBeans need from the scanner behind them. The agent implements it; the MBeans only read
 * {@link #latest()} in getters, and call the rest from operations and setters.
 */
public interface FootprintControl {

    /** The latest published snapshot; never null, never blocks, never scans. */
    FootprintSnapshot latest();

    /**
     * Scans now and returns that scan's snapshot. Concurrent callers share one scan.
     * Never throws: a failed scan returns the last good snapshot with a status saying what failed.
     */
    FootprintSnapshot scanNow();

    /** One row per mapping, from a fresh scan. */
    List<MappingRow> mappings();

    long intervalMillis();

    /** Changes the interval of periodic scans; out-of-range values are clamped to 500 ms .. 1 h. */
    void setIntervalMillis(long millis);

    /**
     * Per-page facts for {@code [start, end)} of this process (at most 1 GiB); with {@code pages} false only
     * the per-mapping summaries are built. Throws IllegalArgumentException with a clear message for a bad
     * range, UnsupportedOperationException where per-page queries are unavailable.
     */
    default PageQuery supermincore(long start, long end, boolean pages) {
        throw new UnsupportedOperationException("per-page queries are not available here");
    }

    /** Whether per-page queries see physical frames and map counts (CAP_SYS_ADMIN). */
    default boolean pagesPrivileged() {
        return false;
    }

    /** The agent's own cost and schedule; cheap, never scans. */
    default AgentStats stats() {
        return AgentStats.UNKNOWN;
    }

    /** The latest native heap view; never null, never runs a diagnostic command. */
    default NativeHeapView nativeHeap() {
        return NativeHeapView.UNKNOWN;
    }

    /** Reads the allocator's counters again (a diagnostic command) and scans; returns the new view. */
    default NativeHeapView refreshNativeHeap() {
        return nativeHeap();
    }

    /**
     * Runs System.trim_native_heap and returns the bytes it released. Throws UnsupportedOperationException
     * with a clear message where trimming is not allowed or not available.
     */
    default long trimNativeHeap() {
        throw new UnsupportedOperationException("trimming the native heap is not available here");
    }

    /** The configured bound of each region; read once, never null. */
    default RegionLimits regionLimits() {
        return RegionLimits.UNKNOWN;
    }

    /** The PSS thresholds and their crossings; none unless the agent keeps them. */
    default ThresholdControl thresholds() {
        return ThresholdControl.NONE;
    }

    /**
     * What the agent itself costs, by region (its classes' metaspace, its methods' code, its thread's stack, its
     * heap, the native memory its commands made the JVM keep); empty where unknown. May read the JVM (cached
     * by the implementation); never scans.
     */
    default List<SelfCostRow> selfCost() {
        return List.of();
    }
}
