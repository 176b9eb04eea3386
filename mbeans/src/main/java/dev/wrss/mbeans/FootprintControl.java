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

    /**
     * What the agent itself costs, by region (its classes' metaspace, its methods' code, its thread's stack, its
     * heap, the native memory its commands made the JVM keep); empty where unknown. May read the JVM (cached
     * by the implementation); never scans.
     */
    default List<SelfCostRow> selfCost() {
        return List.of();
    }
}
