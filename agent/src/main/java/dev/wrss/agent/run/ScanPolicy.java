package dev.wrss.agent.run;

/**
 * Decides when the expensive smaps scan runs. Between scans the sampler reads an O(1) resident-size counter
 * every interval; a scan runs when someone asked for one, when the counter moved by at least the threshold
 * since the last scan, or when the last scan is older than the maximum age. A CPU budget spaces scans out
 * when they are expensive: never more than {@code budget} of one core on average. A scan that only refreshes
 * data nothing says has changed gets a twentieth of that budget: the maximum age stretches until such scans
 * cost at most 0.025% of a core (at the default budget), so an idle JVM with an expensive scan (a large touched
 * heap) pays almost nothing, while a small one still refreshes every {@code maxAge}.
 *
 * <p>The budget is charged by the steady cost of a scan: the first {@code warmUpScans} run cold (interpreted
 * code, class loading, the layout's diagnostic commands; 0.9 s of CPU for the first on a loaded 2-core machine,
 * against 25-30 ms warm) and charge nothing, so they never stretch the interval of the scans after them.
 */
final class ScanPolicy {

    private final double threshold;
    private final long maxAgeMillis;
    private final double budget;

    /** The part of the budget that scans forced by age alone may use. */
    private static final double AGE_ONLY_SHARE = 1.0 / 20;

    private long lastWalkMillis = Long.MIN_VALUE;
    private long residentAtLastScan = -1;
    private long lastScanCpuNanos;
    private long skipped;
    private final int warmUpScans;
    private int scans;

    /**
     * @param threshold relative change of the resident size that triggers a scan (0.01 = 1%)
     * @param budget    share of one core that scans may use on average (0.005 = 0.5%)
     */
    ScanPolicy(double threshold, long maxAgeMillis, double budget) {
        this(threshold, maxAgeMillis, budget, 0);
    }

    /** @param warmUpScans how many first scans are cold: the budget is not charged for them */
    ScanPolicy(double threshold, long maxAgeMillis, double budget, int warmUpScans) {
        this.threshold = threshold;
        this.maxAgeMillis = maxAgeMillis;
        this.budget = budget;
        this.warmUpScans = warmUpScans;
    }

    /** Whether to scan now; {@code residentBytes} is -1 when the counter could not be read (then scan). */
    boolean shouldScan(long nowMillis, long residentBytes, boolean onRequest) {
        if (onRequest || residentAtLastScan < 0 || residentBytes < 0) {
            return true;
        }
        if (nowMillis - lastWalkMillis < minSpacingMillis()) {
            skipped++;
            return false;
        }
        boolean moved =
                Math.abs(residentBytes - residentAtLastScan) >= threshold * residentAtLastScan;
        boolean old = nowMillis - lastWalkMillis >= effectiveMaxAgeMillis();
        if (!moved && !old) {
            skipped++;
        }
        return moved || old;
    }

    void scanned(long nowMillis, long residentBytes, long cpuNanos) {
        lastWalkMillis = nowMillis;
        residentAtLastScan = residentBytes;
        lastScanCpuNanos = scans++ < warmUpScans ? 0 : Math.max(0, cpuNanos);
    }

    /** The least time between two periodic scans that keeps them within the budget. */
    long minSpacingMillis() {
        return (long) (lastScanCpuNanos / budget / 1_000_000);
    }

    /** The interval periodic scans effectively run at, at the fastest: the configured one or the budget's. */
    long effectiveIntervalMillis(long intervalMillis) {
        return Math.max(intervalMillis, minSpacingMillis());
    }

    /** The age at which data nothing has moved is scanned again: the configured one or the idle budget's. */
    long effectiveMaxAgeMillis() {
        return Math.max(
                maxAgeMillis, (long) (lastScanCpuNanos / (budget * AGE_ONLY_SHARE) / 1_000_000));
    }

    /** Intervals that ended without a scan because nothing had moved (or the budget said wait). */
    long skipped() {
        return skipped;
    }

    /**
     * Whether the resident size is within the threshold of the last scan's: the last scan's numbers still
     * hold, so a history may record them again. False before the first scan and when the counter is unreadable.
     */
    boolean unmoved(long residentBytes) {
        return residentAtLastScan >= 0
                && residentBytes >= 0
                && Math.abs(residentBytes - residentAtLastScan) < threshold * residentAtLastScan;
    }
}
