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
        int searched = 0;    // bytes of an unfinished line already searched for its newline
        boolean eof = false;
        boolean skipping = false; // inside a line longer than MAX_LINE
        while (true) {
            if (!eof) {
                view.limit(buf.length).position(filled);
                int n = in.read(view);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                    if (filled < BATCH && buf.length - filled >= PAGE) {
                        // the kernel hands out a page a read: parse once 32 KiB have come, so the
                        // parser runs in long stretches instead of between every two system calls
                        continue;
                    }
                }
            }
            int lineStart = 0;
            if (skipping) {
                int nl = AsciiWords.indexOfNewline(buf, 0, filled);
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
                malformedLines++;   // a line that fills the buffer: drop it up to its newline
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
                if (slot == 0) {
                    p = fieldBlock(p, filled);
                }
                p = expectedFields(p, filled);
                if (slot == order.learned()) {
                    p = vmFlagsLine(p, filled);
                }
            }
            if (p < filled && isHexDigit(buf[p])) {
                int end = header.readKernelLayout(buf, p, filled);
                if (end >= 0) {
                    flush(sink);
                    mapping.reset();
                    header.copyTo(buf, mapping);
                    slot = 0;
                    pending = true;
                    p = end + 1;
                    continue;
                }
            }
            int nl = AsciiWords.indexOfNewline(buf, Math.max(p, searchFrom), filled);
            if (nl < 0) {
                return p;
            }
            line(p, nl, sink);
            p = nl + 1;
        }
    }

    /**
     * Takes the field lines from {@code p} on while each is the one {@link #order} expects next, with its value
     * in its 8 columns: two long compares a line, no name lookup, no newline search. Returns where it stopped.
     */
    private int expectedFields(int p, int filled) {
        byte[] b = buf;
        long[] values = mapping.fieldBytes;
        long[] name0 = order.name0;
        long[] name1 = order.name1;
        int[] fields = order.field;
        int learned = order.learned();
        int[] lineBytes = order.lineBytes;
        int s = slot;
        while (p + FIXED_LINE <= filled && s < learned
                && name0[s] == AsciiWords.longAt(b, p) && name1[s] == AsciiWords.longAt(b, p + 8)) {
            long digits = AsciiWords.longAt(b, p + 16);
            int tail = AsciiWords.intAt(b, p + 24);
            int field = fields[s];
            if (field != FieldId.NONE) {
                long kb = AsciiWords.rightAlignedDecimal(digits);
                if (tail != KB_NEWLINE || kb < 0) {
                    break;
                }
                values[field] = kb << 10;
                p += FIXED_LINE;
                lineBytes[s] = FIXED_LINE;
            } else if (AsciiWords.hasNewline(digits)) {
                break;
            } else if (tail == KB_NEWLINE) {
                p += FIXED_LINE; // a field not kept (KernelPageSize, Referenced...): skipped unread
                lineBytes[s] = FIXED_LINE;
            } else if ((byte) tail == '\n') {
                p += FIXED_LINE - 3; // THPeligible: no unit
                lineBytes[s] = FIXED_LINE - 3;
            } else {
                break;
            }
            s++;
        }
        if (s == learned && slot == 0 && order.blockBytes() == 0) {
            order.layout(); // a whole block went this way: the next ones can be taken at once
        }
        slot = s;
        return p;
    }

    /**
     * Takes a mapping's whole block of field lines at once when it is laid out as {@link FieldOrder#layout}
     * predicts: each line's name, value columns and line end at its offset, kept values read, nothing else.
     * Every check of {@link #expectedFields} is made for every line (names, no newline inside a value, " kB\n"
     * or "\n" ending it), only without a branch per line, so the block parses exactly as line by line would.
     * A value wider than 8 columns or any other difference fails a check: the values are reset and the block
     * goes the line-by-line way. Returns where the block ends, or {@code p} if it was not taken.
     */
    private int fieldBlock(int p, int filled) {
        FieldOrder o = order;
        int blockBytes = o.blockBytes();
        // + 4: the last line's end is read as an int even when it is a 25-byte line
        if (blockBytes == 0 || p + blockBytes + 4 > filled) {
            return p;
        }
        byte[] b = buf;
        long[] values = mapping.fieldBytes;
        long[] name0 = o.name0;
        long[] name1 = o.name1;
        int[] fields = o.field;
        int[] offsets = o.offset;
        int[] ends = o.lineEnd;
        int[] endMasks = o.lineEndMask;
        long[] lastDigits = o.lastDigits;
        long[] lastKb = o.lastKb;
        int n = o.learned();
        long bad = 0;
        for (int s = 0; s < n; s++) {
            int q = p + offsets[s];
            long digits = AsciiWords.longAt(b, q + 16);
            bad |= (AsciiWords.longAt(b, q) ^ name0[s]) | (AsciiWords.longAt(b, q + 8) ^ name1[s])
                    | ((AsciiWords.intAt(b, q + 24) ^ ends[s]) & endMasks[s]);
            int field = fields[s];
            if (field != FieldId.NONE) {
                long kb = lastKb[s];
                if (digits != lastDigits[s]) {
                    kb = AsciiWords.rightAlignedDecimal(digits); // -1 for anything but a right-aligned number
                    lastDigits[s] = digits;
                    lastKb[s] = kb;
                }
                bad |= kb & Long.MIN_VALUE;
                values[field] = kb << 10;
            } else {
                bad |= AsciiWords.newlineBytes(digits);
            }
        }
        if (bad != 0) {
            java.util.Arrays.fill(values, Mapping.ABSENT); // the header left them so; slot is still 0
            return p;
        }
        slot = n;
        return p + blockBytes;
    }

    private static final long VMFLAGS = AsciiWords.longAt("VmFlags:".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);

    /**
     * Reads a {@code VmFlags:} line as the kernel prints it (two letters and a space per flag) without a
     * newline search, a name lookup or a pass per byte; returns where the next line starts, or {@code p} for
     * any other line, which the general way then reads.
     */
    private int vmFlagsLine(int p, int filled) {
        byte[] b = buf;
        if (p + 8 > filled || AsciiWords.longAt(b, p) != VMFLAGS) {
            return p;
        }
        long flags = 0;
        int i = p + 8;
        while (i < filled) {
            byte c = b[i];
            if (c == ' ') {
                i++;
            } else if (c == '\n') {
                mapping.vmFlags = flags;
                mapping.vmFlagsPresent = true;
                return i + 1;
            } else if (i + 2 < filled && b[i + 1] != ' ' && b[i + 1] != '\n' && b[i + 2] == ' ') {
                flags |= VmFlags.bitOf(c, b[i + 1]); // a code followed by its space: as vmFlags() reads it
                i += 3;
            } else {
                return p;
            }
        }
        return p;
    }

    private static boolean isHexDigit(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
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

    private final HeaderLine header = new HeaderLine();

    private boolean header(int from, int to) {
        mapping.reset();
        slot = 0;
        return header.read(buf, from, to, mapping);
    }

    // ---- fields: "Name:   123 kB" ----

    /**
     * The kernel prints nearly every field as the name padded to 16 columns, the kB value right-aligned in 8,
     * then " kB\n": 28 bytes, which {@link #lines} takes whole when its name is the one {@link #order} expects.
     */
    private static final int FIXED_LINE = 28;
    /** " kB\n" read as a little-endian int. */
    private static final int KB_NEWLINE = ' ' | 'k' << 8 | 'B' << 16 | '\n' << 24;

    private final FieldOrder order = new FieldOrder();
    /** The slot of {@link #order} the next field line of the current mapping should fill. */
    private int slot;

    private boolean field(int from, int to) {
        int colon = from;
        while (colon < to && buf[colon] != ':') {
            colon++;
        }
        if (colon == to) {
            return false;
        }
        int nameLen = colon - from;
        if (nameLen == 7 && is(from, "VmFlags")) {
            vmFlags(colon + 1, to);
            return true;
        }
        int id = FieldId.of(buf, from, nameLen);
        if (to - from >= 16 && FieldOrder.paddedName(buf, from, colon)) {
            if (!order.expects(slot, buf, from)) {
                order.learn(slot, buf, from, id); // first mapping, another kernel's order, or damage
            }
            slot++;
        }
        if (id == FieldId.NONE) {
            return true; // a field this parser does not need: KernelPageSize, Referenced, THPeligible...
        }
        int p = AsciiWords.skipSpaces(buf, colon + 1, to);
        long kb = header.dec(buf, p, to);
        p += header.digits;
        if (header.digits == 0 || kb > (Long.MAX_VALUE >> 10)) {
            return false;
        }
        // Values are "N kB"; tolerate a missing unit but nothing else after the number.
        if (p < to && !(to - p == 3 && buf[p] == ' ' && buf[p + 1] == 'k' && buf[p + 2] == 'B')) {
            return false;
        }
        mapping.fieldBytes[id] = kb << 10;
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

    private void vmFlags(int from, int lineEnd) {
        long flags = 0;
        int i = from;
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
