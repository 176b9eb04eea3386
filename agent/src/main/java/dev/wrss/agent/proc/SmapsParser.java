package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A push parser for /proc/PID/smaps: streams the text through one reused buffer and hands every mapping,
 * complete with its fields, to a {@link Sink}. It allocates nothing per line or per mapping once warm.
 *
 * <pre>
 * 7f2c48600000-7f2c48800000 rw-p 00000000 00:00 0
 * Size:               2048 kB
 * Pss:                1024 kB
 * VmFlags: rd wr mr mw me ac
 * </pre>
 *
 * A header line starts with a lowercase hex digit; field lines start with an upper-case name and a colon.
 * Unknown fields are skipped; a line that is neither is counted in {@link #malformedLines()} and skipped,
 * so a damaged file costs some accuracy, never an exception. Not thread-safe: one parser per scanning thread.
 */
public final class SmapsParser {

    /** Receives each mapping; must copy what it keeps, the instance is reused. */
    @FunctionalInterface
    public interface Sink {
        void mapping(Mapping mapping);
    }

    /** No legitimate line is longer: a path is at most PATH_MAX (4096) bytes. */
    private static final int MAX_LINE = 16 * 1024;

    private static final int PAGE = 4096;

    /** Text gathered before a parse: enough for long stretches, little enough to stay in the L1 cache. */
    private static final int BATCH = 32 * 1024;

    private final byte[] buf;
    private final ByteBuffer view;

    /** Bytes asked of each read: see {@link KernelPageSize#seqFileReadBytes}. */
    private int readBytes;

    private final Mapping mapping = new Mapping();
    private final HeaderLine header = new HeaderLine();
    private final FieldLines fields = new FieldLines();
    private boolean pending;
    private int malformedLines;
    private int mappings;

    public SmapsParser() {
        this(64 * 1024, PAGE);
    }

    /** @param bufferSize at least one longest line is used whatever is asked: a small one for rare reads */
    public SmapsParser(int bufferSize) {
        this(bufferSize, PAGE);
    }

    /**
     * @param bufferSize as above
     * @param kernelPageBytes the kernel's page size, which sizes the reads
     */
    public SmapsParser(int bufferSize, int kernelPageBytes) {
        buf = new byte[Math.max(bufferSize, MAX_LINE + 1)];
        view = ByteBuffer.wrap(buf);
        readBytes = KernelPageSize.seqFileReadBytes(kernelPageBytes);
    }

    /** Sets the bytes asked of each read from now on: a little less than the kernel's buffer for the file. */
    void readBytes(int bytes) {
        readBytes = Math.max(1, Math.min(bytes, buf.length));
    }

    /** The bytes asked of each read. */
    int readBytes() {
        return readBytes;
    }

    /** The text buffer, the path bytes and the kept reference blocks: for the agent's retained-heap estimate. */
    long retainedBytes() {
        return buf.length + mapping.path.length + fields.retainedBytes();
    }

    /** Lines of the last parse that were neither a header nor a well-formed field. */
    public int malformedLines() {
        return malformedLines;
    }

    /** Mappings the last parse delivered. */
    public int mappings() {
        return mappings;
    }

    /** Reads the channel to its end, delivering every mapping to {@code sink}. */
    public void parse(ReadableByteChannel in, Sink sink) throws IOException {
        pending = false;
        malformedLines = 0;
        mappings = 0;
        int filled = 0; // bytes of buf holding unread text
        int searched = 0; // bytes of an unfinished line already searched for its newline
        boolean eof = false;
        boolean skipping = false; // inside a line longer than MAX_LINE
        while (true) {
            if (!eof) {
                view.limit(Math.min(buf.length, filled + readBytes)).position(filled);
                int n = in.read(view);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                    if (filled < BATCH && buf.length - filled >= readBytes) {
                        // the kernel hands out a page a read: parse once 32 KiB have come, so the
                        // parser runs in long stretches instead of between every two system calls
                        continue;
                    }
                }
            }
            int lineStart = 0;
            if (skipping) {
                int nl = newline(0, filled);
                if (nl < 0) {
                    filled = 0;
                    if (eof) {
                        break;
                    }
                    continue;
                }
                skipping = false;
                lineStart = nl + 1;
                searched = 0;
            }
            lineStart = lines(lineStart, lineStart + searched, filled, sink);
            if (eof) {
                if (lineStart < filled) {
                    line(lineStart, filled, sink); // last line without a newline
                }
                break;
            }
            if (lineStart == 0 && filled == buf.length) {
                malformedLines++; // a line that fills the buffer: drop it up to its newline
                skipping = true;
                filled = 0;
                searched = 0;
                continue;
            }
            System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
            filled -= lineStart;
            searched = filled;
        }
        flush(sink);
    }

    /**
     * Parses the complete lines of {@code buf[from, filled)} and returns where the unfinished last line starts;
     * the first line holds no newline before {@code searchFrom}.
     */
    private int lines(int from, int searchFrom, int filled, Sink sink) {
        int p = from;
        while (true) {
            if (pending) {
                p = fields.takeExpected(buf, p, filled, mapping);
            }
            int nl = newline(Math.max(p, searchFrom), filled);
            if (nl < 0) {
                return p;
            }
            line(p, nl, sink);
            p = nl + 1;
        }
    }

    /** The index of the first newline in {@code buf[from, to)}, or -1. */
    private int newline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Parses smaps text held in memory: for tests and fixtures. */
    public void parse(byte[] text, Sink sink) {
        try {
            parse(new ByteArrayChannel(text), sink);
        } catch (IOException e) {
            throw new IllegalStateException(e); // cannot happen: memory does not fail
        }
    }

    private void flush(Sink sink) {
        if (pending) {
            pending = false;
            mappings++;
            sink.mapping(mapping);
        }
    }

    private void line(int from, int to, Sink sink) {
        if (from == to) {
            return;
        }
        byte first = buf[from];
        if ((first >= '0' && first <= '9') || (first >= 'a' && first <= 'f')) {
            flush(sink);
            if (header(from, to)) {
                pending = true;
            } else {
                malformedLines++;
            }
        } else if (first >= 'A' && first <= 'Z') {
            if (pending && !fields.field(buf, from, to, mapping, header)) {
                malformedLines++;
            }
        } else {
            malformedLines++;
        }
    }

    // ---- header: start-end perms offset major:minor inode [path] ----

    private boolean header(int from, int to) {
        mapping.reset();
        fields.startMapping();
        return header.read(buf, from, to, mapping);
    }
}
