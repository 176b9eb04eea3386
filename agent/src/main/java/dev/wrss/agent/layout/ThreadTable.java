package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;

/**
 * The thread stacks of one layout as sorted, non-overlapping parallel arrays: resolved threads first, then
 * stack-shaped runs no resolved thread claims (tid 0, name "?"). Built in O(n log n) into arrays of exactly
 * the final size: a layout is rebuilt whenever threads come and go.
 */
final class ThreadTable {

    final long[] starts;
    final long[] ends;
    final long[] tids;
    final String[] names;

    private ThreadTable(int n) {
        starts = new long[n];
        ends = new long[n];
        tids = new long[n];
        names = new String[n];
    }

    /**
     * @param byStart the resolved threads sorted by stack start (stable), {@code count} of them; where two
     *                overlap (a dead thread's stack reused by a new one until the next relist) the first is kept
     */
    static ThreadTable of(ThreadStacks.Entry[] byStart, int count, StackShapes shapes) {
        int kept = 0;
        for (int i = 0; i < count; i++) {
            ThreadStacks.Entry e = byStart[i];
            // sorted by start and kept apart, the last kept one reaches furthest
            if (kept == 0 || e.start >= byStart[kept - 1].end) {
                byStart[kept++] = e;
            }
        }
        long[] found = shapes.found();
        int shapesKept = 0;
        for (int i = 0, r = 0; i < found.length; i += 2) {
            r = firstEndingAfter(byStart, kept, r, found[i]);
            if (r == kept || byStart[r].start >= found[i + 1]) {
                shapesKept++;
            }
        }
        ThreadTable t = new ThreadTable(kept + shapesKept);
        int n = 0;
        int r = 0;
        for (int i = 0, scan = 0; i < found.length; i += 2) {
            scan = firstEndingAfter(byStart, kept, scan, found[i]);
            if (scan < kept && byStart[scan].start < found[i + 1]) {
                continue; // a resolved thread's stack
            }
            while (r < kept && byStart[r].start < found[i]) {
                n = put(t, n, byStart[r++]);
            }
            t.starts[n] = found[i];
            t.ends[n] = found[i + 1];
            t.names[n] = "?";
            n++;
        }
        while (r < kept) {
            n = put(t, n, byStart[r++]);
        }
        return t;
    }

    private static int put(ThreadTable t, int n, ThreadStacks.Entry e) {
        t.starts[n] = e.start;
        t.ends[n] = e.end;
        t.tids[n] = e.tid;
        t.names[n] = e.name == null ? "?" : e.name;
        return n + 1;
    }

    /** From {@code from} on (callers ask in ascending address order), the first entry ending above address. */
    private static int firstEndingAfter(
            ThreadStacks.Entry[] byStart, int count, int from, long address) {
        while (from < count && byStart[from].end <= address) {
            from++;
        }
        return from;
    }

    void addTo(RangeTableBuilder out, int priority) {
        for (int i = 0; i < starts.length; i++) {
            out.add(starts[i], ends[i], Region.THREAD_STACKS, priority);
        }
    }
}
