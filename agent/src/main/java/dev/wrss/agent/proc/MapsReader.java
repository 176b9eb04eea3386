package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the mappings of /proc/PID/maps that overlap an address range into reused parallel arrays; the
 * first stage of {@link Supermincore}. Format: {@code 7f2c1a000000-7f2c1a400000 r--s 00200000 fe:01 1234
 * /tmp/data.bin}; a malformed line fails the read with an IOException.
 */
public final class MapsReader {

    // maps is smaps without the field lines: the same parser reads it
    private final SmapsParser parser = new SmapsParser();
    private byte[] pathScratch = new byte[256];
    private long from;
    private long to;
    private final SmapsParser.Sink sink = this::keepIfInRange;
    public int count;
    public long[] starts = new long[16];
    public long[] ends = new long[16];
    public long[] offsets = new long[16];
    public long[] inodes = new long[16];
    public int[] prots = new int[16];
    private int[] pathFrom = new int[16];
    private int[] pathLength = new int[16];
    private byte[] paths = new byte[1024];
    private int pathsUsed;

    /** Fills the arrays with the mappings overlapping [from, to) and returns how many there are. */
    public int read(Path maps, long from, long to) throws IOException {
        count = 0;
        pathsUsed = 0;
        this.from = from;
        this.to = to;
        try (FileChannel ch = FileChannel.open(maps, StandardOpenOption.READ)) {
            parser.parse(ch, sink);
        }
        if (parser.malformedLines() > 0) {
            throw new IOException(parser.malformedLines() + " malformed lines in " + maps);
        }
        return count;
    }

    private void keepIfInRange(Mapping m) {
        if (Long.compareUnsigned(m.start(), to) >= 0 || Long.compareUnsigned(m.end(), from) <= 0) {
            return;
        }
        int len = m.pathLength();
        if (pathScratch.length < len) {
            pathScratch = new byte[Math.max(len, pathScratch.length * 2)];
        }
        for (int i = 0; i < len; i++) {
            pathScratch[i] = m.pathByte(i);
        }
        add(m.start(), m.end(), m.perms(), m.offset(), m.inode(), pathScratch, 0, len);
    }

    private void add(
            long start, long end, int prot, long offset, long inode, byte[] b, int from, int len) {
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
    public String path(int i) {
        return new String(paths, pathFrom[i], pathLength[i], StandardCharsets.UTF_8);
    }
}
