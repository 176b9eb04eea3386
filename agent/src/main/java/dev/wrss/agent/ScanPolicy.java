package dev.wrss.agent;

/**
 * Decides when the expensive smaps walk runs. Between walks the sampler reads an O(1) resident-size counter
 * every interval; a walk runs when someone asked for one, when the counter moved by at least the threshold
 * since the last walk, or when the last walk is older than the maximum age. A CPU budget spaces walks out
 * when they are expensive: never more than {@code budget} of one core on average.
 */
final class ScanPolicy {

    private final double threshold;
    private final long maxAgeMillis;
    private final double budget;
    private long lastWalkMillis = Long.MIN_VALUE;
    private long residentAtLastWalk = -1;
    private long lastWalkCpuNanos;
    private long skipped;

    /**
     * @param threshold relative change of the resident size that triggers a walk (0.01 = 1%)
     * @param budget    share of one core that walks may use on average (0.005 = 0.5%)
     */
    ScanPolicy(double threshold, long maxAgeMillis, double budget) {
        this.threshold = threshold;
        this.maxAgeMillis = maxAgeMillis;
        this.budget = budget;
    }

    /** Whether to walk now; {@code residentBytes} is -1 when the counter could not be read (then walk). */
    boolean shouldWalk(long nowMillis, long residentBytes, boolean requested) {
        if (requested || residentAtLastWalk < 0 || residentBytes < 0) {
            return true;
        }
        if (nowMillis - lastWalkMillis < minSpacingMillis()) {
            skipped++;
            return false;
        }
        boolean moved = Math.abs(residentBytes - residentAtLastWalk) >= threshold * residentAtLastWalk;
        boolean old = nowMillis - lastWalkMillis >= maxAgeMillis;
        if (!moved && !old) {
            skipped++;
        }
        return moved || old;
    }

    void walked(long nowMillis, long residentBytes, long cpuNanos) {
        lastWalkMillis = nowMillis;
        residentAtLastWalk = residentBytes;
        lastWalkCpuNanos = Math.max(0, cpuNanos);
    }

    /** The least time between two periodic walks that keeps them within the budget. */
    long minSpacingMillis() {
        return (long) (lastWalkCpuNanos / budget / 1_000_000);
    }

    /** The interval periodic walks effectively run at, at the fastest: the configured one or the budget's. */
    long effectiveIntervalMillis(long intervalMillis) {
        return Math.max(intervalMillis, minSpacingMillis());
    }

    /** Intervals that ended without a walk because nothing had moved (or the budget said wait). */
    long skipped() {
        return skipped;
    }
}
