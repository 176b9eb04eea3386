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

    /** Set up by the first top list, then kept current while adding; null before. */
    private RunningTop running;

    private boolean runningThisScan;

    /** The list top() made last, and its entries' tid, rss, pss and virtual bytes, four longs each. */
    private List<ThreadStack> madeList;

    private long[] made = new long[0];
    private String[] madeNames = new String[0];

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
        runningThisScan = running != null;
        if (runningThisScan) {
            running.clear(n);
        }
    }

    public long retainedBytesEstimate() {
        return rss.length * (8L * 3 + 1 + 4); // + the running top's positions
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
        if (runningThisScan) {
            running.offer(t, rss[t]);
        }
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
        int size;
        if (runningThisScan && running.limit() == order.length) {
            size = running.into(order);
        } else {
            size = TopN.into(order, rss, seen, layout.threadCount());
            running = new RunningTop(order.length); // kept current from the next scan on
            runningThisScan = false;
        }
        if (same(size, previous)) {
            return previous;
        }
        List<ThreadStack> out = new ArrayList<>(size);
        made = new long[4 * size];
        madeNames = new String[size];
        for (int k = 0; k < size; k++) {
            int i = order[k];
            out.add(
                    new ThreadStack(
                            layout.threadTid(i), layout.threadName(i), rss[i], pss[i], virt[i]));
            made[4 * k] = layout.threadTid(i);
            made[4 * k + 1] = rss[i];
            made[4 * k + 2] = pss[i];
            made[4 * k + 3] = virt[i];
            madeNames[k] = layout.threadName(i);
        }
        madeList = List.copyOf(out);
        return madeList;
    }

    private boolean same(int size, List<ThreadStack> previous) {
        if (previous == madeList) {
            // the list made last: compare with the numbers it was made from, without a call per
            // field (this
            // runs once per scan, so in the interpreter)
            if (madeNames.length != size) {
                return false;
            }
            for (int k = 0; k < size; k++) {
                int i = order[k];
                String name = layout.threadName(i);
                if (made[4 * k] != layout.threadTid(i)
                        || made[4 * k + 1] != rss[i]
                        || made[4 * k + 2] != pss[i]
                        || made[4 * k + 3] != virt[i]
                        || madeNames[k] != name && !madeNames[k].equals(name)) {
                    return false;
                }
            }
            return true;
        }
        if (previous.size() != size) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            int i = order[k];
            ThreadStack p = previous.get(k);
            if (p.tid() != layout.threadTid(i)
                    || p.rssBytes() != rss[i]
                    || p.pssBytes() != pss[i]
                    || p.virtualBytes() != virt[i]
                    || !java.util.Objects.equals(p.name(), layout.threadName(i))) {
                return false;
            }
        }
        return true;
    }
}
