package dev.wrss.agent;

/**
 * Bounds the walks that {@code scan()} and {@code mappings()} callers ask for, which the periodic budget does
 * not see: together they may use {@link #RATIO} times {@code budget} of one core, averaged, after a first burst
 * of {@link #BURST_MILLIS} worth. A token bucket of CPU time: each on-demand walk spends what it cost, time
 * earns it back; while the bucket is empty, callers are answered from the latest snapshot. One walk is always
 * allowed when the bucket holds anything, so a walk dearer than the bucket still runs, then waits its cost off.
 * Not thread-safe: the scanner thread alone uses it.
 */
final class OnDemandBudget {

    /** On-demand walks may use this many times the periodic budget. */
    static final int RATIO = 10;
    /** The bucket holds this long's worth of the on-demand share. */
    static final long BURST_MILLIS = 10_000;

    private final double share;
    private final long capacityNanos;
    private long creditNanos;
    private long lastNanos;

    /** @param budget the periodic walks' share of one core (0.005 = 0.5%) */
    OnDemandBudget(double budget, long nowNanos) {
        this.share = RATIO * budget;
        this.capacityNanos = (long) (share * BURST_MILLIS * 1_000_000);
        this.creditNanos = capacityNanos;
        this.lastNanos = nowNanos;
    }

    /** Whether an on-demand walk may run now. */
    boolean allows(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        creditNanos = (long) Math.min(capacityNanos, creditNanos + elapsed * share);
        return creditNanos > 0;
    }

    /** Whether less than half the bucket is left: callers come faster than walks are earned back. */
    boolean underPressure() {
        return creditNanos < capacityNanos / 2;
    }

    /** How long until {@link #allows} says yes again: 0 while it does. */
    long nanosUntilAllowed() {
        return creditNanos > 0 ? 0 : (long) ((1 - creditNanos) / share);
    }

    /** An on-demand walk cost {@code cpuNanos} of this thread. */
    void spent(long cpuNanos) {
        creditNanos -= Math.max(0, cpuNanos);
    }
}
