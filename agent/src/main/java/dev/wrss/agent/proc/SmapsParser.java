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

    private final byte[] buf;
    private final ByteBuffer view;
    private final Mapping mapping = new Mapping();
    private boolean pending;
    private int malformedLines;
    private int mappings;

    public SmapsParser() {
        this(64 * 1024);
    }

    /** @param bufferSize at least one longest line is used whatever is asked: a small one for rare reads */
    public SmapsParser(int bufferSize) {
        buf = new byte[Math.max(bufferSize, MAX_LINE + 1)];
        view = ByteBuffer.wrap(buf);
    }

    int bufferBytes() {
        return buf.length + mapping.path.length;
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
        int filled = 0;      // bytes of buf holding unread text
        boolean eof = false;
        boolean skipping = false; // inside a line longer than MAX_LINE
        while (true) {
            if (!eof && filled < buf.length) {
                view.limit(buf.length).position(filled);
                int n = in.read(view);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                }
            }
            int lineStart = 0;
            for (int i = 0; i < filled; i++) {
                if (!skipping && i == lineStart && i + FIXED_LINE <= filled && fixedField(i)) {
                    i += FIXED_LINE - 1; // the common field line, taken whole without a byte-by-byte search
                    lineStart = i + 1;
                    continue;
                }
                if (buf[i] != '\n') {
                    continue;
                }
                if (skipping) {
                    skipping = false;
                } else {
                    line(lineStart, i, sink);
                }
                lineStart = i + 1;
            }
            if (eof) {
                if (lineStart < filled && !skipping) {
                    line(lineStart, filled, sink); // last line without a newline
                }
                break;
            }
            if (lineStart == 0 && filled == buf.length) {
                if (!skipping) {
                    malformedLines++;   // a line that fills the buffer: drop it up to its newline
                }
                skipping = true;
                filled = 0;
                continue;
            }
            System.arraycopy(buf, lineStart, buf, 0, filled - lineStart);
            filled -= lineStart;
        }
        flush(sink);
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
            if (pending && !field(from, to)) {
                malformedLines++;
            }
        } else {
            malformedLines++;
        }
    }

    // ---- header: start-end perms offset major:minor inode [path] ----

    private int pos;
    private int lineEnd;

    private boolean header(int from, int to) {
        Mapping m = mapping;
        m.reset();
        pos = from;
        lineEnd = to;
        // addresses are unsigned: [vsyscall] at ffffffffff600000 is negative as a long
        long start = hex('-');
        if (!hexOk || !skip('-')) return false;
        long end = hex(' ');
        // a span of 2^63 bytes or more is no mapping (user space is 2^47): it would make virtualBytes negative
        if (!hexOk || Long.compareUnsigned(end, start) < 0 || end - start < 0 || !skip(' ')) return false;
        if (pos + 4 > lineEnd) return false;
        int perms = 0;
        if (buf[pos] == 'r') perms |= Mapping.READ;
        if (buf[pos + 1] == 'w') perms |= Mapping.WRITE;
        if (buf[pos + 2] == 'x') perms |= Mapping.EXEC;
        if (buf[pos + 3] == 's') perms |= Mapping.SHARED;
        pos += 4;
        if (!skip(' ')) return false;
        long offset = hex(' ');
        if (!hexOk || !skip(' ')) return false;
        long major = hex(':');
        if (!hexOk || major > 0xfff || !skip(':')) return false;
        long minor = hex(' ');
        if (!hexOk || minor > 0xfffff || !skip(' ')) return false;
        long inode = dec();
        if (inode < 0) return false;
        while (pos < lineEnd && buf[pos] == ' ') {
            pos++;
        }
        m.start = start;
        m.end = end;
        m.perms = perms;
        m.offset = offset;
        m.devMajor = (int) major;
        m.devMinor = (int) minor;
        m.inode = inode;
        m.setPath(buf, pos, lineEnd - pos);
        return true;
    }

    private boolean skip(char c) {
        if (pos < lineEnd && buf[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean hexOk;

    /** Hex digits up to {@code stop} or the line's end; {@link #hexOk} false if none, another byte, or over 16. */
    private long hex(char stop) {
        long v = 0;
        int digits = 0;
        hexOk = false;
        while (pos < lineEnd && buf[pos] != stop) {
            int d = Character.digit(buf[pos], 16);
            if (d < 0 || ++digits > 16) return 0;
            v = (v << 4) | d;
            pos++;
        }
        hexOk = digits > 0;
        return v;
    }

    /** Decimal digits up to a space or the line's end; -1 if none, another byte, or overflow. */
    private long dec() {
        long v = 0;
        int digits = 0;
        while (pos < lineEnd && buf[pos] != ' ') {
            int d = buf[pos] - '0';
            if (d < 0 || d > 9 || ++digits > 18) return -1;
            v = v * 10 + d;
            pos++;
        }
        return digits == 0 ? -1 : v;
    }

    // ---- fields: "Name:   123 kB" ----

    /**
     * The kernel prints nearly every field as the name padded to 16 columns, the kB value right-aligned in 8,
     * then " kB\n": 28 bytes. Parsing text is most of a scan's Java-side cost, so such lines are recognised
     * by their shape and read at fixed columns; anything else goes the general way.
     */
    private static final int FIXED_LINE = 28;

    /** Takes the fixed-width field line at {@code at} if it is one; false leaves it to {@link #line}. */
    private boolean fixedField(int at) {
        byte[] b = buf;
        if (b[at + 27] != '\n' || b[at + 26] != 'B' || b[at + 25] != 'k' || b[at + 24] != ' ' || !pending) {
            return false;
        }
        byte first = b[at];
        if (first < 'A' || first > 'Z') {
            return false;
        }
        int colon = at + 1;
        while (colon < at + 16 && b[colon] != ':') {
            if (b[colon] == '\n') {
                return false;
            }
            colon++;
        }
        if (colon == at + 16) {
            return false;
        }
        int p = colon + 1;
        while (p < at + 24 && b[p] == ' ') {
            p++;
        }
        if (p == at + 24) {
            return false;
        }
        long kb = 0;
        for (; p < at + 24; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return false; // also catches a newline: this was not one line
            }
            kb = kb * 10 + d;
        }
        FieldId id = FieldId.of(b, at, colon - at);
        if (id != null) {
            id.set(mapping, kb << 10);
        }
        return true;
    }

    private boolean field(int from, int to) {
        int colon = from;
        while (colon < to && buf[colon] != ':') {
            colon++;
        }
        if (colon == to) {
            return false;
        }
        int nameLen = colon - from;
        pos = colon + 1;
        lineEnd = to;
        if (nameLen == 7 && is(from, "VmFlags")) {
            vmFlags();
            return true;
        }
        FieldId id = FieldId.of(buf, from, nameLen);
        if (id == null) {
            return true; // a field this parser does not need: KernelPageSize, Referenced, THPeligible...
        }
        while (pos < to && buf[pos] == ' ') {
            pos++;
        }
        long kb = dec();
        if (kb < 0 || kb > (Long.MAX_VALUE >> 10)) {
            return false;
        }
        // Values are "N kB"; tolerate a missing unit but nothing else after the number.
        if (pos < to && !(to - pos == 3 && buf[pos] == ' ' && buf[pos + 1] == 'k' && buf[pos + 2] == 'B')) {
            return false;
        }
        id.set(mapping, kb << 10);
        return true;
    }

    private boolean is(int from, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (buf[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void vmFlags() {
        long flags = 0;
        int i = pos;
        while (i + 1 < lineEnd) {
            if (buf[i] == ' ') {
                i++;
                continue;
            }
            flags |= VmFlags.bitOf(buf[i], buf[i + 1]);
            i += 2;
            while (i < lineEnd && buf[i] != ' ') {
                i++;
            }
        }
        mapping.vmFlags = flags;
        mapping.vmFlagsPresent = true;
    }

    /** A channel over a byte array, so that fixtures go through the same code path as /proc. */
    private static final class ByteArrayChannel implements ReadableByteChannel {
        private final byte[] text;
        private int at;

        ByteArrayChannel(byte[] text) {
            this.text = text;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (at == text.length) {
                return -1;
            }
            // at most 4 KiB per read, as the kernel hands out /proc text
            int n = Math.min(Math.min(dst.remaining(), text.length - at), 4096);
            dst.put(text, at, n);
            at += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
