package dev.wrss.agent.layout;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.SmapsParser;
import java.io.IOException;
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
 * Only anonymous mappings, the ZGC heap's memfd and the main stack are kept; CDS archive files ({@code .jsa})
 * apart, as ranges only. Not thread-safe: owned by one
 * {@link LayoutProbe}.
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

    private static final byte[] MEMFD_JAVA_HEAP =
            "/memfd:java_heap".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] STACK =
            "[stack]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    // maps is smaps without the field lines: the same parser reads it
    private final SmapsParser parser =
            new SmapsParser(0); // read rarely: the smallest buffer, kept for the agent's life
    private final SmapsParser.Sink sink = this::add;
    private long[] starts = new long[512];
    private long[] ends = new long[512];
    private int[] flags = new int[512];
    private int count;

    /** {start, end, ...} of the mappings of {@code .jsa} files, kept apart: no shape rule may see them. */
    private long[] jsa = new long[8];

    private int jsaCount;

    /**
     * Replaces the content with the file's; false (and empty) if it cannot be read. A read that an application's
     * interrupt of the scanner thread cut short (the channel closes) is tried again, a few times: this file is
     * read once for the static layout, so one lost read would leave it degraded for good.
     */
    boolean read(Path file) {
        for (int attempt = 0; attempt < INTERRUPTED_READ_TRIES; attempt++) {
            count = 0;
            jsaCount = 0;
            Thread.interrupted();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                parser.parse(ch, sink);
                return true;
            } catch (java.nio.channels.ClosedByInterruptException e) {
                // try again with the flag cleared
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        count = 0;
        jsaCount = 0;
        return false;
    }

    private static final int INTERRUPTED_READ_TRIES = 5;

    void parse(byte[] b, int length) {
        count = 0;
        jsaCount = 0;
        parser.parse(Arrays.copyOf(b, length), sink);
    }

    private void add(Mapping m) {
        int f =
                (m.readable() ? READ : 0)
                        | (m.writable() ? WRITE : 0)
                        | (m.executable() ? EXEC : 0)
                        | (m.shared() ? SHARED : 0);
        if (m.anonymous()) {
            f |= ANON;
        } else if (m.pathStartsWith(MEMFD_JAVA_HEAP)) {
            f |= JAVA_HEAP_MEMFD;
        } else if (m.pathStartsWith(STACK)) {
            f |= MAIN_STACK;
        } else if (endsWithJsa(m)) {
            if (jsaCount + 2 > jsa.length) {
                jsa = Arrays.copyOf(jsa, jsa.length * 2);
            }
            jsa[jsaCount++] = m.start();
            jsa[jsaCount++] = m.end();
            return;
        } else {
            // no reader looks at other file or pseudo mappings, and adjacency is checked by
            // address: keeping
            // them would only cost 20 bytes each (tens of thousands in a process that maps many
            // files)
            return;
        }
        add(m.start(), m.end(), f);
    }

    private static boolean endsWithJsa(Mapping m) {
        int n = m.pathLength();
        return n > 4
                && m.pathByte(n - 4) == '.'
                && m.pathByte(n - 3) == 'j'
                && m.pathByte(n - 2) == 's'
                && m.pathByte(n - 1) == 'a';
    }

    /** Mappings of CDS archive files ({@code .jsa}) read last: {start, end, ...} in address order. */
    long[] archiveFiles() {
        return Arrays.copyOf(jsa, jsaCount);
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

    int count() {
        return count;
    }

    /** Entries the arrays hold before they grow. */
    int capacity() {
        return starts.length;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    int flags(int i) {
        return flags[i];
    }

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
