package dev.wrss.agent.aggregate;

/** Picks the indexes of the largest values, for the bounded top-N lists the MBeans publish. */
final class TopN {

    private TopN() {}

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
            if (present[i]) {
                size = offer(best, size, values, i);
            }
        }
        return size;
    }

    /** As {@link #into(int[], long[], boolean[], int)}, with index i present where {@code counts[i] > 0}. */
    static int into(int[] best, long[] values, int[] counts, int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (counts[i] > 0) {
                size = offer(best, size, values, i);
            }
        }
        return size;
    }

    /** As {@link #into(int[], long[], int[], int)} over int values. */
    static int into(int[] best, int[] values, int[] counts, int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (counts[i] > 0
                    && (size < best.length || size > 0 && values[i] > values[best[size - 1]])) {
                size = Math.min(best.length, size + 1);
                best[size - 1] = i;
                for (int j = size - 1; j > 0 && values[best[j]] > values[best[j - 1]]; j--) {
                    int t = best[j];
                    best[j] = best[j - 1];
                    best[j - 1] = t;
                }
            }
        }
        return size;
    }

    /** Inserts index i among the {@code size} best if its value is large enough; returns the new size. */
    private static int offer(int[] best, int size, long[] values, int i) {
        if (size < best.length) {
            best[size++] = i;
        } else if (size > 0 && values[i] > values[best[size - 1]]) {
            best[size - 1] = i;
        } else {
            return size;
        }
        for (int j = size - 1; j > 0 && values[best[j]] > values[best[j - 1]]; j--) {
            int t = best[j];
            best[j] = best[j - 1];
            best[j - 1] = t;
        }
        return size;
    }
}
