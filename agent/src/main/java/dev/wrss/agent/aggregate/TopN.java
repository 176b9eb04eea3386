package dev.wrss.agent.aggregate;

/** Picks the indexes of the largest values, for the bounded top-N lists the MBeans publish. */
final class TopN {

    private TopN() {
    }

    /**
     * The indexes {@code i < n} with {@code present[i]}, of the {@code limit} largest {@code values[i]},
     * largest first; ties by lower index. O(n * limit), and limit is small (tens).
     */
    static int[] indexes(long[] values, boolean[] present, int n, int limit) {
        int[] best = new int[Math.max(0, limit)];
        return java.util.Arrays.copyOf(best, into(best, values, present, n));
    }

    /** As {@link #indexes} into the caller's {@code best}, whose length is the limit; returns how many. */
    static int into(int[] best, long[] values, boolean[] present, int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                continue;
            }
            if (size < best.length) {
                best[size++] = i;
            } else if (size > 0 && values[i] > values[best[size - 1]]) {
                best[size - 1] = i;
            } else {
                continue;
            }
            for (int j = size - 1; j > 0 && values[best[j]] > values[best[j - 1]]; j--) {
                int t = best[j];
                best[j] = best[j - 1];
                best[j - 1] = t;
            }
        }
        return size;
    }
}
