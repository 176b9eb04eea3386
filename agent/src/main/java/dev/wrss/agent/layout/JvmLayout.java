package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;

/**
 * What the JVM itself says about its address space: which ranges hold the Java heap, metaspace, class
 * space, CDS, code cache, GC structures and thread stacks. Immutable; a {@link LayoutProbe} builds a new
 * one when the facts change, and the classifier asks it about every mapping before its path rules.
 */
public final class JvmLayout {

    private static final JvmLayout EMPTY =
            new JvmLayout(
                    RangeTable.EMPTY,
                    new long[0],
                    new long[0],
                    new long[0],
                    new String[0],
                    null,
                    "unknown");

    private final RangeTable ranges;
    private final long[] stackStarts;
    private final long[] stackEnds;
    private final long[] tids;
    private final String[] names;
    private final String javaHome;
    private final String collector;

    /** Thread arrays are sorted by stack start and owned by the new instance. */
    JvmLayout(
            RangeTable ranges,
            long[] stackStarts,
            long[] stackEnds,
            long[] tids,
            String[] names,
            String javaHome,
            String collector) {
        this.ranges = ranges;
        this.stackStarts = stackStarts;
        this.stackEnds = stackEnds;
        this.tids = tids;
        this.names = names;
        this.javaHome = javaHome;
        this.collector = collector;
    }

    /** A layout that knows nothing: {@link #regionOf} always answers null. */
    public static JvmLayout empty() {
        return EMPTY;
    }

    /** The region of the known range that overlaps [start, end) most, or null if none does. */
    public Region regionOf(long start, long end) {
        return ranges.regionOf(start, end);
    }

    /**
     * As {@link #regionOf(long, long)}; {@code cursor} remembers where the lookup ended, so that mappings fed in
     * address order find their range in O(1) instead of by binary search. Same answer whatever the cursor holds.
     */
    public Region regionOf(long start, long end, Cursor cursor) {
        int first = ranges.firstEndingAfter(start, cursor.range);
        cursor.range = first;
        return ranges.regionFrom(first, start, end);
    }

    /** The index of the thread whose stack (guard pages included) overlaps [start, end), or -1. */
    public int threadIndexOf(long start, long end) {
        int lo = RangeTable.firstAbove(stackEnds, start, 0);
        return lo < stackStarts.length && stackStarts[lo] < end ? lo : -1;
    }

    /** As {@link #threadIndexOf(long, long)}, in O(1) for mappings fed in address order (see {@link Cursor}). */
    public int threadIndexOf(long start, long end, Cursor cursor) {
        int lo = RangeTable.firstAbove(stackEnds, start, cursor.thread);
        cursor.thread = lo;
        return lo < stackStarts.length && stackStarts[lo] < end ? lo : -1;
    }

    /**
     * Where a caller's last lookups ended, for any layout: a position that does not fit the address at hand
     * (a new layout, mappings out of order) is ignored. One per caller; not thread-safe.
     */
    public static final class Cursor {
        int range;
        int thread;
    }

    /** The OS thread id of thread {@code index}; 0 where only the stack's shape is known. */
    public long threadTid(int index) {
        return tids[index];
    }

    /** The full Java name where it is a Java thread, else the kernel's comm name; "?" if unknown. */
    public String threadName(int index) {
        return names[index];
    }

    public long threadStackStart(int index) {
        return stackStarts[index];
    }

    public long threadStackEnd(int index) {
        return stackEnds[index];
    }

    public int threadCount() {
        return tids.length;
    }

    /** The target's java.home (where lib/modules and the default classes.jsa live), or null if unknown. */
    public String javaHome() {
        return javaHome;
    }

    /** "G1", "Parallel", "Serial", "Z", "Shenandoah" or "unknown". */
    public String collector() {
        return collector;
    }

    int rangeCount() {
        return ranges.size();
    }

    long rangeStart(int i) {
        return ranges.start(i);
    }

    long rangeEnd(int i) {
        return ranges.end(i);
    }

    Region rangeRegion(int i) {
        return ranges.region(i);
    }

    /** A multi-line dump of every range and thread stack, for logs and debugging. */
    public String describe() {
        StringBuilder sb = new StringBuilder(256 + 64 * (ranges.size() + tids.length));
        sb.append("collector=")
                .append(collector)
                .append(" java.home=")
                .append(javaHome)
                .append('\n');
        for (int i = 0; i < ranges.size(); i++) {
            appendRange(sb, ranges.start(i), ranges.end(i))
                    .append(' ')
                    .append(ranges.region(i).id())
                    .append('\n');
        }
        for (int i = 0; i < tids.length; i++) {
            appendRange(sb, stackStarts[i], stackEnds[i])
                    .append(" stack tid=")
                    .append(tids[i])
                    .append(" name=")
                    .append(names[i])
                    .append('\n');
        }
        return sb.toString();
    }

    private static StringBuilder appendRange(StringBuilder sb, long start, long end) {
        return sb.append(String.format("%016x-%016x %10dK", start, end, (end - start) >> 10));
    }
}
