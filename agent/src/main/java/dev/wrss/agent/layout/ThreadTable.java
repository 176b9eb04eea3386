package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The thread stacks of one layout as sorted, non-overlapping parallel arrays: resolved threads first, then
 * stack-shaped runs no resolved thread claims (tid 0, name "?").
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

    static ThreadTable of(Collection<ThreadStacks.Entry> entries, StackShapes shapes) {
        List<ThreadStacks.Entry> all = new ArrayList<>();
        for (ThreadStacks.Entry e : entries) {
            if (e.end != 0 && !overlaps(all, e.start, e.end)) {
                all.add(e);
            }
        }
        long[] found = shapes.found();
        for (int i = 0; i < found.length; i += 2) {
            if (!overlaps(all, found[i], found[i + 1])) {
                ThreadStacks.Entry e = new ThreadStacks.Entry(0);
                e.start = found[i];
                e.end = found[i + 1];
                e.name = "?";
                all.add(e);
            }
        }
        all.sort((a, b) -> Long.compare(a.start, b.start));
        ThreadTable t = new ThreadTable(all.size());
        for (int i = 0; i < all.size(); i++) {
            ThreadStacks.Entry e = all.get(i);
            t.starts[i] = e.start;
            t.ends[i] = e.end;
            t.tids[i] = e.tid;
            t.names[i] = e.name == null ? "?" : e.name;
        }
        return t;
    }

    void addTo(RangeTable.Builder out, int priority) {
        for (int i = 0; i < starts.length; i++) {
            out.add(starts[i], ends[i], Region.THREAD_STACKS, priority);
        }
    }

    private static boolean overlaps(List<ThreadStacks.Entry> list, long start, long end) {
        for (ThreadStacks.Entry e : list) {
            if (e.start < end && start < e.end) {
                return true;
            }
        }
        return false;
    }
}
