package dev.wrss.agent.aggregate;

import dev.wrss.agent.layout.JvmLayout;
import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.FootprintSnapshot.ThreadStack;

import java.util.ArrayList;
import java.util.List;

/**
 * Sums thread-stack mappings per thread (as {@link JvmLayout} numbers them) and picks the top N by RSS.
 * Stack mappings the layout does not tie to a thread count toward the region only. A thread's sums are
 * zeroed when the scan first touches it, so starting a scan costs one array fill, not four.
 */
public final class ThreadTotals {

    private long[] rss = new long[64];
    private long[] pss = new long[64];
    private long[] virt = new long[64];
    private boolean[] seen = new boolean[64];
    private JvmLayout layout = JvmLayout.empty();
    private final JvmLayout.Cursor cursor = new JvmLayout.Cursor();
    private int[] order = new int[0];
    private int touched;

    public void clear(JvmLayout layout) {
        this.layout = layout;
        touched = 0;
        int n = layout.threadCount();
        if (rss.length < n) {
            int cap = Math.max(n, rss.length * 2);
            rss = new long[cap];
            pss = new long[cap];
            virt = new long[cap];
            seen = new boolean[cap];
        } else {
            java.util.Arrays.fill(seen, 0, n, false);
        }
    }

    public long retainedBytesEstimate() {
        return rss.length * (8L * 3 + 1);
    }

    /** Adds a mapping classified as a thread stack. */
    public void add(Mapping m) {
        int t = layout.threadIndexOf(m.start(), m.end(), cursor);
        if (t < 0 || t >= seen.length) {
            return;
        }
        if (!seen[t]) {
            seen[t] = true;
            touched++;
            rss[t] = 0;
            pss[t] = 0;
            virt[t] = 0;
        }
        rss[t] += Mapping.orZero(m.rssBytes());
        pss[t] += Mapping.orZero(m.pssBytes());
        virt[t] += m.virtualBytes();
    }

    /** How many of the layout's threads had a stack mapping in this scan. */
    public int count() {
        return touched;
    }

    /** The {@code limit} threads with the most stack RSS, largest first. */
    public List<ThreadStack> top(int limit) {
        return top(limit, List.of());
    }

    /**
     * As {@link #top(int)}, but returns {@code previous} itself when it holds exactly the same entries, so
     * that a steady process publishes no new list.
     */
    public List<ThreadStack> top(int limit, List<ThreadStack> previous) {
        if (order.length != limit) {
            order = new int[Math.max(0, limit)];
        }
        int size = TopN.into(order, rss, seen, layout.threadCount());
        if (same(size, previous)) {
            return previous;
        }
        List<ThreadStack> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int i = order[k];
            out.add(new ThreadStack(layout.threadTid(i), layout.threadName(i), rss[i], pss[i], virt[i]));
        }
        return List.copyOf(out);
    }

    private boolean same(int size, List<ThreadStack> previous) {
        if (previous.size() != size) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            int i = order[k];
            ThreadStack p = previous.get(k);
            if (p.tid() != layout.threadTid(i) || p.rssBytes() != rss[i] || p.pssBytes() != pss[i]
                    || p.virtualBytes() != virt[i] || !java.util.Objects.equals(p.name(), layout.threadName(i))) {
                return false;
            }
        }
        return true;
    }
}
