package dev.wrss.agent.layout;

/**
 * When a layout lists a process's threads again and retries the stacks not found yet. /proc/PID/task, and
 * with it /proc/PID/maps and the threads' syscall files, is read again only when the thread count or the
 * number of Java threads ever started changed, a listed thread is still unresolved, or 5 minutes passed (30 s
 * where that number cannot be read). Not thread-safe: one {@link LayoutProbe} owns it.
 */
final class ThreadRefresh {

    private static final long RATE_LIMIT_NANOS = 30_000_000_000L;

    /**
     * Threads are relisted when their count changed or a Java thread started; only a native thread that
     * replaced another between two scans shows neither, so the listing (~100 bytes of the JDK's a thread)
     * is otherwise repeated only this rarely. Without the started count (unreadable), every 30 s as before.
     */
    private static final long RELIST_MAX_AGE_NANOS = 300_000_000_000L;

    private static final int RESOLVE_FREE_TRIES = 8;
    private static final long RESOLVE_FIRST_DELAY_NANOS = 1_000_000_000L;
    private static final long RESOLVE_MAX_DELAY_NANOS = 60_000_000_000L;

    private final JvmFacts endpoint;
    private final ThreadStacks stacks;
    private final ThreadCount threadCount;

    private int lastThreadCount = -1;
    private long lastStartedThreads = -1;
    private long lastListNanos;
    private int failedResolves;
    private long nextResolveNanos = Long.MIN_VALUE / 2;
    private int mapsReads;

    ThreadRefresh(JvmFacts endpoint, ThreadStacks stacks, ThreadCount threadCount) {
        this.endpoint = endpoint;
        this.stacks = stacks;
        this.threadCount = threadCount;
    }

    /** Lists the threads again if that is due; true if a thread came or went. */
    boolean relistIfDue(long now) {
        int count = threadCount.threads();
        long started = endpoint.startedThreads();
        long maxAge = started < 0 ? RATE_LIMIT_NANOS : RELIST_MAX_AGE_NANOS;
        if (count != lastThreadCount
                || started != lastStartedThreads
                || now - lastListNanos >= maxAge) {
            lastThreadCount = count;
            lastStartedThreads = started;
            lastListNanos = now;
            return stacks.relist();
        }
        return false;
    }

    /**
     * Whether /proc/PID/maps is to be read to resolve stacks: after a relist that changed something, or while a
     * thread is unresolved, when its next try is due or the refresh is on request. Counts the reads it allows.
     */
    boolean resolveDue(long now, boolean onRequest, boolean relisted) {
        boolean due =
                relisted || stacks.hasUnresolved() && (onRequest || now - nextResolveNanos >= 0);
        if (due) {
            mapsReads++;
        }
        return due;
    }

    /**
     * Schedules the next try after one that {@code changed} the layout or not. A thread that is always on a CPU
     * when asked (a busy worker) never shows a stack pointer, and every try re-reads the maps: in a small JVM
     * that was a scan's CPU +20-75% and 1.6 KB of garbage, for good. After {@link #RESOLVE_FREE_TRIES} tries in
     * a row that leave someone unresolved and change nothing, tries are spaced out, doubling up to
     * {@link #RESOLVE_MAX_DELAY_NANOS}; its stack is meanwhile known by its shape.
     */
    void resolved(long now, boolean changed) {
        if (!stacks.hasUnresolved() || changed) {
            failedResolves = 0;
        } else {
            failedResolves++;
        }
        int over = failedResolves - RESOLVE_FREE_TRIES;
        long delay =
                over <= 0
                        ? 0
                        : Math.min(
                                RESOLVE_MAX_DELAY_NANOS,
                                RESOLVE_FIRST_DELAY_NANOS << Math.min(over - 1, 16));
        nextResolveNanos = now + delay;
    }

    /** How often /proc/PID/maps was read to resolve stacks: for tests. */
    int mapsReads() {
        return mapsReads;
    }
}
