package dev.wrss.agent.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * /proc/PID/maps read into reused parallel arrays: cheap (no page-table walk, unlike smaps) and enough to
 * resolve stack pointers to stack mappings and to recognise reservations by size. Lines look like:
 * <pre>
 * 7f1813702000-7f18137fe000 rw-p 00000000 00:00 0
 * 40000000000-40010000000 rw-s 00000000 00:01 3                            /memfd:java_heap (deleted)
 * </pre>
 * Not thread-safe: owned by one {@link LayoutProbe}.
 */
final class ProcMaps {

    static final int READ = 1;
    static final int WRITE = 2;
    static final int EXEC = 4;
    static final int SHARED = 8;
    /** No path: anonymous private or shared memory. */
    static final int ANON = 16;
    static final int JAVA_HEAP_MEMFD = 32;
    static final int MAIN_STACK = 64;

    private static final byte[] MEMFD_JAVA_HEAP = "/memfd:java_heap".getBytes();
    private static final byte[] STACK = "[stack]".getBytes();

    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long[] starts = new long[512];
    private long[] ends = new long[512];
    private int[] flags = new int[512];
    private int count;

    /** Replaces the content with the file's; false (and empty) if it cannot be read. */
    boolean read(Path file) {
        count = 0;
        buffer.clear();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        parse(buffer.array(), buffer.position());
        return true;
    }

    void parse(byte[] b, int length) {
        count = 0;
        int i = 0;
        while (i < length) {
            int lineEnd = i;
            while (lineEnd < length && b[lineEnd] != '\n') {
                lineEnd++;
            }
            parseLine(b, i, lineEnd);
            i = lineEnd + 1;
        }
    }

    private void parseLine(byte[] b, int from, int to) {
        int i = from;
        long start = 0;
        for (; i < to && b[i] != '-'; i++) {
            start = (start << 4) | Character.digit(b[i], 16);
        }
        long end = 0;
        for (i++; i < to && b[i] != ' '; i++) {
            end = (end << 4) | Character.digit(b[i], 16);
        }
        if (i + 5 > to) {
            return;
        }
        int f = (b[i + 1] == 'r' ? READ : 0) | (b[i + 2] == 'w' ? WRITE : 0) | (b[i + 3] == 'x' ? EXEC : 0)
                | (b[i + 4] == 's' ? SHARED : 0);
        // skip perms, offset, dev and inode: four fields, then padding before the optional path
        i += 5;
        for (int field = 0; field < 3 && i < to; field++) {
            while (i < to && b[i] == ' ') i++;
            while (i < to && b[i] != ' ') i++;
        }
        while (i < to && b[i] == ' ') i++;
        if (i >= to) {
            f |= ANON;
        } else if (startsWith(b, i, to, MEMFD_JAVA_HEAP)) {
            f |= JAVA_HEAP_MEMFD;
        } else if (startsWith(b, i, to, STACK)) {
            f |= MAIN_STACK;
        }
        add(start, end, f);
    }

    void add(long start, long end, int f) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            flags = Arrays.copyOf(flags, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        flags[count] = f;
        count++;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    int count() { return count; }
    long start(int i) { return starts[i]; }
    long end(int i) { return ends[i]; }
    int flags(int i) { return flags[i]; }

    boolean is(int i, int mask, int value) {
        return (flags[i] & mask) == value;
    }

    /** Anonymous private with no access: a reservation or a guard. */
    boolean isAnonNone(int i) {
        return is(i, ANON | READ | WRITE | EXEC | SHARED, ANON);
    }

    /** Anonymous private read-write: committed memory. */
    boolean isAnonRw(int i) {
        return is(i, ANON | READ | WRITE | EXEC | SHARED, ANON | READ | WRITE);
    }

    /** Index of the mapping containing {@code address}, or -1. */
    int indexOf(long address) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= address) {
                lo = mid + 1;
            } else if (starts[mid] > address) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
