package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The one reader of /proc/PID/maps: keeps the mappings a {@link MapsSelector} accepts in reused parallel arrays,
 * in address order, allocating nothing per line once warm. Lines look like:
 *
 * <pre>
 * 7f1813702000-7f18137fe000 rw-p 00000000 00:00 0
 * 40000000000-40010000000 rw-s 00000000 00:01 3                            /memfd:java_heap (deleted)
 * 7f2c1a000000-7f2c1a400000 r--s 00200000 fe:01 1234                       /tmp/data.bin
 * </pre>
 *
 * maps is smaps without the field lines, so {@link SmapsParser} reads it. Each kept entry has its start, end
 * and flags (the {@link Mapping} permission bits, {@link #ANON}, and the selector's own marks); a reader made
 * with {@code details} also keeps the offset, inode and path. Not thread-safe: one owner.
 *
 * <p>One class because the parallel arrays are one structure: the parser fills them and the queries index them
 * in place, without a row object.
 */
public final class MapsReader {

    /** No path: anonymous private or shared memory; above {@link Mapping}'s permission bits. */
    public static final int ANON = 16;

    /** The first flag bit a {@link MapsSelector} may use for its own marks. */
    public static final int FIRST_MARK = 32;

    private static final int PERMS = Mapping.READ | Mapping.WRITE | Mapping.EXEC | Mapping.SHARED;

    /** A read that an application's interrupt cut short (the channel closes) is tried again this often. */
    private static final int INTERRUPTED_READ_TRIES = 5;

    private final SmapsParser parser;
    private final MapsSelector selector;
    private final boolean details;
    private final SmapsParser.Sink sink = this::accept;
    private long from;
    private long to = -1;
    private int count;
    private long[] starts;
    private long[] ends;
    private int[] flags;
    private long[] offsets;
    private long[] inodes;
    private int[] pathFrom;
    private int[] pathLength;
    private byte[] paths;
    private int pathsUsed;
    private long[] apart = new long[8];
    private int apartCount;

    /** Keeps every mapping with its offset, inode and path: for queries of a few ranges. */
    public MapsReader() {
        this(64 * 1024, MapsSelector.ALL, true, 16);
    }

    /**
     * @param parserBytes the parser's buffer: a small one for rare reads
     * @param selector which mappings to keep, and with which marks
     * @param details whether to keep the offset, inode and path of each kept mapping
     * @param capacity entries before the arrays grow
     */
    public MapsReader(int parserBytes, MapsSelector selector, boolean details, int capacity) {
        this.parser = new SmapsParser(parserBytes);
        this.selector = selector;
        this.details = details;
        starts = new long[capacity];
        ends = new long[capacity];
        flags = new int[capacity];
        int d = details ? capacity : 0;
        offsets = new long[d];
        inodes = new long[d];
        pathFrom = new int[d];
        pathLength = new int[d];
        paths = new byte[details ? 1024 : 0];
    }

    /**
     * Keeps the selected mappings overlapping [from, to) and returns how many there are; a malformed line fails
     * the read with an IOException.
     */
    public int read(Path maps, long from, long to) throws IOException {
        clear(from, to);
        try (FileChannel ch = FileChannel.open(maps, StandardOpenOption.READ)) {
            parser.parse(ch, sink);
        }
        if (parser.malformedLines() > 0) {
            throw new IOException(parser.malformedLines() + " malformed lines in " + maps);
        }
        return count;
    }

    /**
     * Keeps the selected mappings of the whole address space; false (and empty) if the file cannot be read. A
     * read that an interrupt cut short is tried again, a few times: a caller that reads the file once at start
     * would otherwise stay degraded for good. Malformed lines are skipped.
     */
    public boolean readAll(Path maps) {
        for (int attempt = 0; attempt < INTERRUPTED_READ_TRIES; attempt++) {
            clear(0, -1);
            Thread.interrupted();
            try (FileChannel ch = FileChannel.open(maps, StandardOpenOption.READ)) {
                parser.parse(ch, sink);
                return true;
            } catch (ClosedByInterruptException e) {
                // try again with the flag cleared
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        clear(0, -1);
        return false;
    }

    /** Keeps the selected mappings of a captured text: for tests. */
    public void parse(byte[] text, int length) {
        clear(0, -1);
        parser.parse(Arrays.copyOf(text, length), sink);
    }

    private void clear(long from, long to) {
        this.from = from;
        this.to = to;
        count = 0;
        pathsUsed = 0;
        apartCount = 0;
    }

    private void accept(Mapping m) {
        if (Long.compareUnsigned(m.start(), to) >= 0 || Long.compareUnsigned(m.end(), from) <= 0) {
            return;
        }
        int marks = selector.select(m);
        if (marks == MapsSelector.SET_APART) {
            if (apartCount + 2 > apart.length) {
                apart = Arrays.copyOf(apart, apart.length * 2);
            }
            apart[apartCount++] = m.start();
            apart[apartCount++] = m.end();
            return;
        }
        if (marks == MapsSelector.SKIP) {
            return;
        }
        if (count == starts.length) {
            grow();
        }
        starts[count] = m.start();
        ends[count] = m.end();
        flags[count] = (m.perms() & PERMS) | (m.anonymous() ? ANON : 0) | marks;
        if (details) {
            keepDetails(m);
        }
        count++;
    }

    private void keepDetails(Mapping m) {
        int len = m.pathLength();
        if (pathsUsed + len > paths.length) {
            paths = Arrays.copyOf(paths, Math.max(paths.length * 2, pathsUsed + len));
        }
        for (int i = 0; i < len; i++) {
            paths[pathsUsed + i] = m.pathByte(i);
        }
        offsets[count] = m.offset();
        inodes[count] = m.inode();
        pathFrom[count] = pathsUsed;
        pathLength[count] = len;
        pathsUsed += len;
    }

    private void grow() {
        int n = Math.max(16, count * 2);
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        flags = Arrays.copyOf(flags, n);
        if (details) {
            offsets = Arrays.copyOf(offsets, n);
            inodes = Arrays.copyOf(inodes, n);
            pathFrom = Arrays.copyOf(pathFrom, n);
            pathLength = Arrays.copyOf(pathLength, n);
        }
    }

    public int count() {
        return count;
    }

    /** The arrays' bytes, roughly: for the agent's own retained memory. */
    public long retainedBytes() {
        long perEntry = 20 + (details ? 24 : 0);
        return perEntry * starts.length + paths.length;
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    /** The {@link Mapping} permission bits of entry {@code i}. */
    public int perms(int i) {
        return flags[i] & PERMS;
    }

    /** Only with details, as {@link #inode} and {@link #path}. */
    public long offset(int i) {
        return offsets[i];
    }

    public long inode(int i) {
        return inodes[i];
    }

    /** Allocates, so only queries call it. */
    public String path(int i) {
        return new String(paths, pathFrom[i], pathLength[i], StandardCharsets.UTF_8);
    }

    public boolean is(int i, int mask, int value) {
        return (flags[i] & mask) == value;
    }

    /** Anonymous private with no access: a reservation or a guard. */
    public boolean isAnonNone(int i) {
        return is(i, ANON | PERMS, ANON);
    }

    /** Anonymous private read-write: committed memory. */
    public boolean isAnonRw(int i) {
        return is(i, ANON | PERMS, ANON | Mapping.READ | Mapping.WRITE);
    }

    /** Index of the entry containing {@code address}, or -1. */
    public int indexOf(long address) {
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

    /** The mappings the selector set apart, {start, end, ...} in address order; a copy. */
    public long[] setApart() {
        return Arrays.copyOf(apart, apartCount);
    }
}
