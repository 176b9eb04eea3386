package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;

/**
 * Sorted, non-overlapping address ranges, each tagged with a {@link Region}; the lookup structure behind
 * {@link JvmLayout#regionOf}. Built by a {@link RangeTableBuilder} that resolves overlaps by priority, so a
 * range from a trusted source (the heap bounds) wins over one guessed from a mapping's shape.
 */
final class RangeTable {

    static final RangeTable EMPTY = new RangeTableBuilder().build();

    private final long[] starts;
    private final long[] ends;
    private final byte[] regions;

    /** Sorted, disjoint ranges, as {@link RangeTableBuilder#build()} makes them; the arrays are kept. */
    RangeTable(long[] starts, long[] ends, byte[] regions) {
        this.starts = starts;
        this.ends = ends;
        this.regions = regions;
    }

    int size() {
        return starts.length;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    Region region(int i) {
        return Region.ofOrdinal(regions[i]);
    }

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
            // sum this region's overlap over all ranges in the window; windows are short (a VMA
            // holds few ranges)
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
}
