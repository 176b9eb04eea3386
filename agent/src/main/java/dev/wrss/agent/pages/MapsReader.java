package dev.wrss.agent.pages;

import dev.wrss.agent.proc.Mapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the mappings of /proc/PID/maps that overlap an address range into reused parallel arrays; the
 * first stage of {@link Supermincore}. Lines are ascending, so reading stops at the first mapping past
 * the range. Format: {@code 7f2c1a000000-7f2c1a400000 r--s 00200000 fe:01 1234   /tmp/data.bin}.
 */
final class MapsReader {

    private static final int MAX_LINE_BYTES = 1 << 16;

    private ByteBuffer buf = ByteBuffer.allocate(8192);
    int count;
    long[] starts = new long[16];
    long[] ends = new long[16];
    long[] offsets = new long[16];
    long[] inodes = new long[16];
    int[] prots = new int[16];
    private int[] pathFrom = new int[16];
    private int[] pathLength = new int[16];
    private byte[] paths = new byte[1024];
    private int pathsUsed;

    /** Fills the arrays with the mappings overlapping [from, to) and returns how many there are. */
    int read(Path maps, long from, long to) throws IOException {
        count = 0;
        pathsUsed = 0;
        buf.clear();
        try (FileChannel ch = FileChannel.open(maps, StandardOpenOption.READ)) {
            while (true) {
                int n = ch.read(buf);
                buf.flip();
                int consumed = parseLines(from, to, n < 0);
                if (consumed < 0 || n < 0) {
                    return count;
                }
                buf.position(consumed);
                buf.compact();
                if (!buf.hasRemaining()) {
                    if (buf.capacity() >= MAX_LINE_BYTES) {
                        throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes in " + maps);
                    }
                    buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
                }
            }
        }
    }

    /** Parses whole lines; returns bytes consumed, or -1 once past {@code to}. */
    private int parseLines(long from, long to, boolean eof) throws IOException {
        byte[] b = buf.array();
        int limit = buf.limit();
        int lineStart = 0;
        while (lineStart < limit) {
            int nl = lineStart;
            while (nl < limit && b[nl] != '\n') {
                nl++;
            }
            if (nl == limit && !eof) {
                return lineStart;
            }
            if (nl > lineStart && !parseLine(b, lineStart, nl, from, to)) {
                return -1;
            }
            lineStart = nl + 1;
        }
        return limit;
    }

    private boolean parseLine(byte[] b, int p, int eol, long from, long to) throws IOException {
        int dash = indexOf(b, p, eol, (byte) '-');
        int sp = indexOf(b, dash + 1, eol, (byte) ' ');
        long start = hex(b, p, dash);
        long end = hex(b, dash + 1, sp);
        if (Long.compareUnsigned(start, to) >= 0) {
            return false;
        }
        if (Long.compareUnsigned(end, from) <= 0) {
            return true;
        }
        p = sp + 1;
        if (p + 5 > eol) {
            throw new IOException("malformed maps line");
        }
        int prot = (b[p] == 'r' ? Mapping.READ : 0) | (b[p + 1] == 'w' ? Mapping.WRITE : 0)
                | (b[p + 2] == 'x' ? Mapping.EXEC : 0) | (b[p + 3] == 's' ? Mapping.SHARED : 0);
        int offsetEnd = indexOf(b, p + 5, eol, (byte) ' ');
        long offset = hex(b, p + 5, offsetEnd);
        int devEnd = indexOf(b, offsetEnd + 1, eol, (byte) ' ');
        long inode = 0;
        for (p = devEnd + 1; p < eol && b[p] != ' '; p++) {
            inode = inode * 10 + (b[p] - '0');
        }
        while (p < eol && b[p] == ' ') {
            p++;
        }
        add(start, end, prot, offset, inode, b, p, eol - p);
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) throws IOException {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IOException("malformed maps line");
    }

    private static long hex(byte[] b, int from, int to) throws IOException {
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                throw new IOException("malformed maps line");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private void add(long start, long end, int prot, long offset, long inode, byte[] b, int from, int len) {
        if (count == starts.length) {
            int n = count * 2;
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            offsets = Arrays.copyOf(offsets, n);
            inodes = Arrays.copyOf(inodes, n);
            prots = Arrays.copyOf(prots, n);
            pathFrom = Arrays.copyOf(pathFrom, n);
            pathLength = Arrays.copyOf(pathLength, n);
        }
        if (pathsUsed + len > paths.length) {
            paths = Arrays.copyOf(paths, Math.max(paths.length * 2, pathsUsed + len));
        }
        System.arraycopy(b, from, paths, pathsUsed, len);
        starts[count] = start;
        ends[count] = end;
        offsets[count] = offset;
        inodes[count] = inode;
        prots[count] = prot;
        pathFrom[count] = pathsUsed;
        pathLength[count] = len;
        pathsUsed += len;
        count++;
    }

    /** The path of mapping {@code i}; allocates, so only the query path calls it. */
    String path(int i) {
        return new String(paths, pathFrom[i], pathLength[i], StandardCharsets.UTF_8);
    }
}
