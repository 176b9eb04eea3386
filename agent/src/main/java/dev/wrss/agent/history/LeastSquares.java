package dev.wrss.agent.history;

/**
 * The slope of a least-squares line through (time, value) points, in value units per hour: what a steady leak
 * looks like, robust to one noisy sample in a way that the difference of the end points is not.
 */
final class LeastSquares {

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private LeastSquares() {}

    /**
     * @param region the region's ordinal, or -1 for the sum of all regions
     * @param fromIndex the first sample of the copy to use
     * @return bytes per hour of PSS; NaN below two samples of distinct times
     */
    static double pssPerHour(HistoryRing.Copy c, int fromIndex, int region) {
        int n = c.count() - fromIndex;
        if (n < 2) {
            return Double.NaN;
        }
        long t0 = c.times()[fromIndex];
        double meanT = 0;
        double meanY = 0;
        for (int k = fromIndex; k < c.count(); k++) {
            meanT += (c.times()[k] - t0) / MILLIS_PER_HOUR;
            meanY += pss(c, k, region);
        }
        meanT /= n;
        meanY /= n;
        double sxy = 0;
        double sxx = 0;
        for (int k = fromIndex; k < c.count(); k++) {
            double dt = (c.times()[k] - t0) / MILLIS_PER_HOUR - meanT;
            sxy += dt * (pss(c, k, region) - meanY);
            sxx += dt * dt;
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    private static double pss(HistoryRing.Copy c, int k, int region) {
        if (region >= 0) {
            return c.value(k, region, 1);
        }
        long sum = 0;
        for (int r = 0; r < dev.wrss.mbeans.Region.count(); r++) {
            sum += c.value(k, r, 1);
        }
        return sum;
    }
}
