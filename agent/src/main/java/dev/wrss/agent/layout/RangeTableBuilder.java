package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;
import java.util.Arrays;

/**
 * Collects possibly overlapping ranges into a {@link RangeTable}; where two overlap, the higher priority keeps
 * the bytes, and of two of one priority the smaller range. Reusable: {@link #reset()} empties it, and its
 * arrays (including the sweep's work arrays) are kept, so a layout rebuilt when threads come and go allocates
 * only the finished table.
 */
final class RangeTableBuilder {

    private long[] starts = new long[64];
    private long[] ends = new long[64];
    private byte[] regions = new byte[64];
    private int[] priorities = new int[64];
    private int count;
    // the sweep's work arrays, grown to need and kept
    private long[] cuts = new long[0];
    private long[] byStart = new long[0];
    private int[] open = new int[0];
    private long[] outStarts = new long[0];
    private long[] outEnds = new long[0];
    private byte[] outRegions = new byte[0];

    RangeTableBuilder add(long start, long end, Region region, int priority) {
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

    RangeTableBuilder addAll(RangeTableBuilder other) {
        for (int i = 0; i < other.count; i++) {
            add(
                    other.starts[i],
                    other.ends[i],
                    Region.ofOrdinal(other.regions[i]),
                    other.priorities[i]);
        }
        return this;
    }

    /**
     * Drops every range that begins or ends inside one of {@code pairs} ({start, end, ...}, sorted and
     * disjoint): for guesses that can do neither there.
     */
    RangeTableBuilder removeReachingInto(long[] pairs) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (inside(pairs, starts[i]) || inside(pairs, ends[i] - 1)) {
                continue;
            }
            moveTo(kept++, i);
        }
        count = kept;
        return this;
    }

    /** Drops every range of {@code priority} that overlaps a range of higher priority. Quadratic: for guesses. */
    RangeTableBuilder removeOverlapping(int priority) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            boolean beaten = false;
            for (int j = 0; j < count && !beaten && priorities[i] == priority; j++) {
                beaten = priorities[j] > priority && starts[j] < ends[i] && starts[i] < ends[j];
            }
            if (beaten) {
                continue;
            }
            moveTo(kept++, i);
        }
        count = kept;
        return this;
    }

    /** Range {@code from} to index {@code to} (no greater), for the filters that keep in place. */
    private void moveTo(int to, int from) {
        starts[to] = starts[from];
        ends[to] = ends[from];
        regions[to] = regions[from];
        priorities[to] = priorities[from];
    }

    private static boolean inside(long[] pairs, long address) {
        int k = firstPairEndingAfter(pairs, address);
        return k < pairs.length / 2 && pairs[2 * k] <= address;
    }

    /** Which pair of {start, end, ...} is the first to end above {@code address}; the pair count if none. */
    private static int firstPairEndingAfter(long[] pairs, long address) {
        int lo = 0;
        int hi = pairs.length / 2;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pairs[2 * mid + 1] <= address) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Forgets every range added; keeps the arrays. */
    RangeTableBuilder reset() {
        count = 0;
        return this;
    }

    /** What the arrays kept between builds hold, roughly. */
    long retainedBytes() {
        return 21L * starts.length
                + 16L * cuts.length
                + 12L * byStart.length
                + 17L * outStarts.length;
    }

    /** Cuts the ranges at every boundary, keeps the winner of each piece and merges equal neighbours. */
    RangeTable build() {
        int c = 2 * count;
        if (cuts.length < c) {
            cuts = new long[c];
            outStarts = new long[c];
            outEnds = new long[c];
            outRegions = new byte[c];
            byStart = new long[count];
            open = new int[count];
        }
        for (int i = 0; i < count; i++) {
            cuts[2 * i] = starts[i];
            cuts[2 * i + 1] = ends[i];
        }
        Arrays.sort(cuts, 0, c);
        // ranges in order of start, then of adding: the start's rank among the cuts above the index
        for (int i = 0; i < count; i++) {
            byStart[i] = (long) Arrays.binarySearch(cuts, 0, c, starts[i]) << 32 | i;
        }
        Arrays.sort(byStart, 0, count);
        int n = 0;
        int openCount = 0;
        // a sweep over the pieces: ranges enter in order of start, and of those still open the one
        // that wins (higher priority, then smaller, then added first) keeps the piece. Ends are
        // cuts, so a range open at a piece's start covers it.
        // O(n log n): with thousands of thread stacks the pairwise way took ~100 ms a rebuild
        int next = 0;
        for (int k = 0; k + 1 < c; k++) {
            long a = cuts[k];
            long b = cuts[k + 1];
            if (a == b) {
                continue;
            }
            while (next < count && starts[(int) byStart[next]] <= a) {
                openCount = push(openCount, (int) byStart[next++]);
            }
            while (openCount > 0 && ends[open[0]] <= a) {
                openCount = pop(openCount); // ended before this piece
            }
            if (openCount == 0) {
                continue;
            }
            int winner = open[0];
            if (n > 0 && outEnds[n - 1] == a && outRegions[n - 1] == regions[winner]) {
                outEnds[n - 1] = b;
            } else {
                outStarts[n] = a;
                outEnds[n] = b;
                outRegions[n] = regions[winner];
                n++;
            }
        }
        return new RangeTable(
                Arrays.copyOf(outStarts, n),
                Arrays.copyOf(outEnds, n),
                Arrays.copyOf(outRegions, n));
    }

    /**
     * Whether range x wins over range y: higher priority, then the smaller range, then added first. Of two
     * size matches over the same bytes the smaller is the closer fit: a code heap's 48 KiB segment map
     * whose ---p tail a 512 KiB G1 table's guess also reaches, the table having merged with its head.
     */
    private boolean wins(int x, int y) {
        if (priorities[x] != priorities[y]) {
            return priorities[x] > priorities[y];
        }
        long sx = ends[x] - starts[x];
        long sy = ends[y] - starts[y];
        return sx != sy ? sx < sy : x < y;
    }

    // a binary heap of open range indices in open[0..size), the winner at the root

    private int push(int size, int range) {
        int i = size;
        while (i > 0 && wins(range, open[(i - 1) >>> 1])) {
            open[i] = open[(i - 1) >>> 1];
            i = (i - 1) >>> 1;
        }
        open[i] = range;
        return size + 1;
    }

    private int pop(int size) {
        int last = open[--size];
        int i = 0;
        while (2 * i + 1 < size) {
            int child = 2 * i + 1;
            if (child + 1 < size && wins(open[child + 1], open[child])) {
                child++;
            }
            if (!wins(open[child], last)) {
                break;
            }
            open[i] = open[child];
            i = child;
        }
        open[i] = last;
        return size;
    }
}
