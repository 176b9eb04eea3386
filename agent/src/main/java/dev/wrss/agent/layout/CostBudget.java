package dev.wrss.agent.layout;

/**
 * Rate-limits an expensive diagnostic command by what it costs rather than by a fixed period: after a call
 * that took {@code d}, the next is allowed {@code 100 d} later (so it uses at most about 1% of a core), and
 * never sooner than a floor nor later than a ceiling. A 20-thread JVM can then refresh names within a
 * second while a 10,000-thread one waits tens of seconds. Not thread-safe: owned by one of a
 * {@link LayoutProbe}'s refresh policies.
 */
final class CostBudget {

    /** Wall time allowed per unit of time spent in the command. */
    private static final long SHARE = 100;

    private final long minIntervalNanos;
    private final long maxIntervalNanos;
    private long lastStartNanos;
    private long intervalNanos;
    private boolean used;

    CostBudget(long minIntervalNanos, long maxIntervalNanos) {
        this.minIntervalNanos = minIntervalNanos;
        this.maxIntervalNanos = maxIntervalNanos;
        this.intervalNanos = minIntervalNanos;
    }

    /** True if a call starting at {@code nowNanos} is within budget; the first call always is. */
    boolean allows(long nowNanos) {
        return !used || nowNanos - lastStartNanos >= intervalNanos;
    }

    /** True once a call was recorded. */
    boolean used() {
        return used;
    }

    /**
     * Records a call that ran cold (the first in a JVM: class loading, interpreted code), which says nothing of
     * what the next will cost: the next is allowed after the floor, and the next call's cost sets the pace.
     */
    void spentCold(long startNanos) {
        used = true;
        lastStartNanos = startNanos;
        intervalNanos = minIntervalNanos;
    }

    /** Records a call that ran from {@code startNanos} to {@code endNanos}. */
    void spent(long startNanos, long endNanos) {
        used = true;
        lastStartNanos = startNanos;
        long cost = Math.max(0, endNanos - startNanos);
        intervalNanos = Math.min(maxIntervalNanos, Math.max(minIntervalNanos, cost * SHARE));
    }
}
