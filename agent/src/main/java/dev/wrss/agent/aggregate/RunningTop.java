package dev.wrss.agent.aggregate;

import java.util.Arrays;

/**
 * The {@code limit} best entries of a table whose values only grow during a scan, kept up to date as each
 * value grows, so that publishing a top list costs O(limit) rather than a pass over every entry (which runs
 * in the interpreter: publication happens once per scan, too rarely to be compiled). Order: larger value
 * first, ties to the lower entry index, exactly as {@link TopN} orders them.
 */
final class RunningTop {

    private final int[] entries;
    private final long[] values;
    private int size;

    /** Position of each table entry in {@link #entries}, -1 if absent; indexed by entry. */
    private int[] position = new int[0];

    RunningTop(int limit) {
        entries = new int[limit];
        values = new long[limit];
    }

    int limit() {
        return entries.length;
    }

    /** Starts a scan over a table of at least {@code tableSize} entries: O(limit). */
    void clear(int tableSize) {
        for (int k = 0; k < size; k++) {
            position[entries[k]] = -1;
        }
        size = 0;
        ensure(tableSize);
    }

    /** Makes room for entries below {@code tableSize}, as the table grows during a scan. */
    void ensure(int tableSize) {
        if (position.length < tableSize) {
            int old = position.length;
            position = Arrays.copyOf(position, Math.max(tableSize, old + (old >> 1)));
            Arrays.fill(position, old, position.length, -1);
        }
    }

    /** Entry {@code e} now has {@code value}, no less than it had before in this scan. */
    void offer(int e, long value) {
        int p = position[e];
        if (p < 0) {
            if (size < entries.length) {
                p = size++;
            } else if (size > 0 && beats(value, e, values[size - 1], entries[size - 1])) {
                p = size - 1;
                position[entries[p]] = -1;
            } else {
                return;
            }
            entries[p] = e;
            position[e] = p;
        }
        values[p] = value;
        for (; p > 0 && beats(value, e, values[p - 1], entries[p - 1]); p--) {
            entries[p] = entries[p - 1];
            values[p] = values[p - 1];
            position[entries[p]] = p;
            entries[p - 1] = e;
            values[p - 1] = value;
            position[e] = p - 1;
        }
    }

    private static boolean beats(long value, int e, long otherValue, int other) {
        return value > otherValue || value == otherValue && e < other;
    }

    /** Copies the best entries, best first, into {@code out}; returns how many. */
    int into(int[] out) {
        System.arraycopy(entries, 0, out, 0, size);
        return size;
    }
}
