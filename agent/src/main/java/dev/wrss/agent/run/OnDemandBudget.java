package dev.wrss.agent.run;

import dev.wrss.mbeans.FootprintSnapshot;

/**
 * Bounds the scans that {@code scan()} and {@code mappings()} callers ask for, which the periodic budget does
 * not see: together they may use {@link #RATIO} times {@code budget} of one core, averaged, after a first burst
 * of {@link #BURST_MILLIS} worth. A token bucket of CPU time: each on-demand scan spends what it cost, time
 * earns it back; while the bucket is empty, callers are answered from the latest snapshot. One scan is always
 * allowed when the bucket holds anything, so a scan dearer than the bucket still runs, then waits its cost off.
 * While more than half the bucket is spent (callers keep coming), a successful on-demand scan also answers the
 * callers of the next four scans' time (at most 250 ms). An occasional caller always gets a scan made after its
 * request, so one who just changed something sees it. Not thread-safe: the scanner thread alone uses it.
 */
final class OnDemandBudget {

    /** On-demand scans may use this many times the periodic budget. */
    static final int RATIO = 10;

    /** The bucket holds this long's worth of the on-demand share. */
    static final long BURST_MILLIS = 10_000;

    /** Under pressure, an on-demand scan answers callers within this many scans' time of its end, at most the cap. */
    static final long RECENT_WALKS = 4;

    static final long RECENT_MAX_MILLIS = 250;

    private final double share;
    private final long capacityNanos;
    private long creditNanos;
    private long lastNanos;
    private long serveUntilNanos;

    /** @param budget the periodic scans' share of one core (0.005 = 0.5%) */
    OnDemandBudget(double budget, long nowNanos) {
        this.share = RATIO * budget;
        this.capacityNanos = (long) (share * BURST_MILLIS * 1_000_000);
        this.creditNanos = capacityNanos;
        this.lastNanos = nowNanos;
    }

    /**
     * The snapshot that answers an on-demand request instead of a scan, its Status saying so (e.g. "ok (served
     * from scan 12, 40 ms old: on-demand budget)"), or null: scan.
     *
     * @param lastScanStatus   the Status the last scan published
     * @param lastScanOnDemand whether the last scan was one a caller asked for
     */
    FootprintSnapshot servedInstead(
            FootprintSnapshot last, String lastScanStatus, boolean lastScanOnDemand) {
        long nowNanos = System.nanoTime();
        long ageMillis = System.currentTimeMillis() - last.epochMillis();
        long window = Math.min(RECENT_MAX_MILLIS, RECENT_WALKS * last.durationNanos() / 1_000_000);
        boolean allowed = allows(nowNanos);
        String why =
                last.id() == 0
                        ? null
                        : !allowed
                                ? "on-demand budget"
                                : underPressure()
                                                && lastScanOnDemand
                                                && "ok".equals(lastScanStatus)
                                                && ageMillis < window
                                        ? "recent"
                                        : null;
        if (why == null) {
            return null;
        }
        serveUntilNanos =
                nowNanos + (allowed ? (window - ageMillis) * 1_000_000 : nanosUntilAllowed());
        return last.withStatus(
                lastScanStatus
                        + " (served from scan "
                        + last.id()
                        + ", "
                        + ageMillis
                        + " ms old: "
                        + why
                        + ")");
    }

    /** Until when the last {@link #servedInstead} answer holds for further callers. */
    long serveUntilNanos() {
        return serveUntilNanos;
    }

    /** Whether an on-demand scan may run now. */
    boolean allows(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = nowNanos;
        creditNanos = (long) Math.min(capacityNanos, creditNanos + elapsed * share);
        return creditNanos > 0;
    }

    /** Whether less than half the bucket is left: callers come faster than scans are earned back. */
    boolean underPressure() {
        return creditNanos < capacityNanos / 2;
    }

    /** How long until {@link #allows} says yes again: 0 while it does. */
    long nanosUntilAllowed() {
        return creditNanos > 0 ? 0 : (long) ((1 - creditNanos) / share);
    }

    /** An on-demand scan cost {@code cpuNanos} of this thread. */
    void spent(long cpuNanos) {
        creditNanos -= Math.max(0, cpuNanos);
    }
}
