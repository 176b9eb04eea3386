package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;
import java.util.Arrays;

/**
 * Sorted, non-overlapping address ranges, each tagged with a {@link Region}; the lookup structure behind
 * {@link JvmLayout#regionOf}. Built by a {@link Builder} that resolves overlaps by priority, so a range from
 * a trusted source (the heap bounds) wins over one guessed from a mapping's shape.
 */
final class RangeTable {

    static final RangeTable EMPTY = new Builder().build();

    private final long[] starts;
    private final long[] ends;
    private final byte[] regions;

    private RangeTable(long[] starts, long[] ends, byte[] regions) {
        this.starts = starts;
        this.ends = ends;
        this.regions = regions;
    }

    int size() {
        return starts.length;
    }

    long start(int i) { return starts[i]; }
    long end(int i) { return ends[i]; }
    Region region(int i) { return Region.ofOrdinal(regions[i]); }

    /** The region with the most bytes in common with [start, end), or null; ties go to the lower address. */
    Region regionOf(long start, long end) {
        return regionFrom(firstEndingAfter(start), start, end);
    }

    /** As {@link #regionOf(long, long)}, given {@code first}, the index of the first range ending above start. */
    Region regionFrom(int first, long start, long end) {
        Region best = null;
        long bestBytes = 0;
        for (int i = first; i < starts.length && starts[i] < end; i++) {
            if (best != null && regions[i] == best.ordinal()) {
                continue;
            }
            // sum this region's overlap over all ranges in the window; windows are short (a VMA holds few ranges)
            long bytes = 0;
            for (int j = i; j < starts.length && starts[j] < end; j++) {
                if (regions[j] == regions[i]) {
                    bytes += Math.min(end, ends[j]) - Math.max(start, starts[j]);
                }
            }
            if (bytes > bestBytes) {
                bestBytes = bytes;
                best = Region.ofOrdinal(regions[i]);
            }
        }
        return best;
    }

    /** Index of the first range whose end is above {@code address}; {@code size()} if none. */
    int firstEndingAfter(long address) {
        return firstAbove(ends, address, 0);
    }

    /** As {@link #firstEndingAfter(long)}, starting from a hint (see {@link #firstAbove}). */
    int firstEndingAfter(long address, int hint) {
        return firstAbove(ends, address, hint);
    }

    /**
     * The first index whose value in the ascending {@code ends} is above {@code address}, looking first at and
     * just after {@code hint}: for addresses fed in ascending order the answer is usually there, and a binary
     * search is spared. Any hint is safe: one beyond the answer is ignored.
     */
    static int firstAbove(long[] ends, long address, int hint) {
        int n = ends.length;
        int lo = 0;
        if (hint >= 0 && hint <= n && (hint == 0 || ends[hint - 1] <= address)) {
            for (int stop = Math.min(n, hint + 4); hint < stop; hint++) {
                if (ends[hint] > address) {
                    return hint;
                }
            }
            lo = hint;
        }
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            // addresses are below 2^63 in user space, so signed comparison is safe
            if (ends[mid] <= address) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Collects possibly overlapping ranges; where two overlap, the higher priority keeps the bytes. */
    static final class Builder {
        private long[] starts = new long[64];
        private long[] ends = new long[64];
        private byte[] regions = new byte[64];
        private int[] priorities = new int[64];
        private int count;

        Builder add(long start, long end, Region region, int priority) {
            if (end <= start || region == null) {
                return this;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                regions = Arrays.copyOf(regions, count * 2);
                priorities = Arrays.copyOf(priorities, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            regions[count] = (byte) region.ordinal();
            priorities[count] = priority;
            count++;
            return this;
        }

        Builder addAll(Builder other) {
            for (int i = 0; i < other.count; i++) {
                add(other.starts[i], other.ends[i], Region.ofOrdinal(other.regions[i]), other.priorities[i]);
            }
            return this;
        }

        /** Cuts the ranges at every boundary, keeps the winner of each piece and merges equal neighbours. */
        RangeTable build() {
            long[] cuts = new long[count * 2];
            for (int i = 0; i < count; i++) {
                cuts[2 * i] = starts[i];
                cuts[2 * i + 1] = ends[i];
            }
            Arrays.sort(cuts);
            long[] outStarts = new long[cuts.length];
            long[] outEnds = new long[cuts.length];
            byte[] outRegions = new byte[cuts.length];
            int n = 0;
            // a sweep over the pieces: ranges enter in order of start, the highest priority (then the first
            // added) among those still open wins. Ends are cuts, so a range open at a piece's start covers it.
            // O(n log n): with thousands of thread stacks the pairwise way took ~100 ms a rebuild
            Integer[] byStart = new Integer[count];
            for (int i = 0; i < count; i++) {
                byStart[i] = i;
            }
            Arrays.sort(byStart, (x, y) -> Long.compare(starts[x], starts[y]));
            java.util.PriorityQueue<Integer> open = new java.util.PriorityQueue<>(Math.max(1, count),
                    (x, y) -> priorities[x] != priorities[y] ? Integer.compare(priorities[y], priorities[x])
                            : Integer.compare(x, y));
            int next = 0;
            for (int c = 0; c + 1 < cuts.length; c++) {
                long a = cuts[c];
                long b = cuts[c + 1];
                if (a == b) {
                    continue;
                }
                while (next < count && starts[byStart[next]] <= a) {
                    open.add(byStart[next++]);
                }
                while (!open.isEmpty() && ends[open.peek()] <= a) {
                    open.poll(); // ended before this piece
                }
                if (open.isEmpty()) {
                    continue;
                }
                int winner = open.peek();
                if (n > 0 && outEnds[n - 1] == a && outRegions[n - 1] == regions[winner]) {
                    outEnds[n - 1] = b;
                } else {
                    outStarts[n] = a;
                    outEnds[n] = b;
                    outRegions[n] = regions[winner];
                    n++;
                }
            }
            return new RangeTable(Arrays.copyOf(outStarts, n), Arrays.copyOf(outEnds, n), Arrays.copyOf(outRegions, n));
        }
    }
}
