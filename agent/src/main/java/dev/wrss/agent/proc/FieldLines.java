package dev.wrss.agent.proc;

/**
 * Reads the field lines of one mapping after another ({@code Size:}, {@code Rss:} ... {@code VmFlags:}) into a
 * {@link Mapping}: the general way, line by line with a name lookup, and, once {@link FieldOrder} has learned the
 * kernel's order, the fast ways that take a line, or a whole block of lines, at the offsets it predicts. Every
 * fast way makes the checks the general one makes, so a file parses the same whichever way it goes. One per
 * {@link SmapsParser}.
 *
 * <p>The fast ways and the general one stay in one class so that each check can be read against its twin.
 */
final class FieldLines {

    /**
     * The kernel prints nearly every field as the name padded to 16 columns, the kB value right-aligned in 8,
     * then " kB\n": 28 bytes, which {@link #expectedFields} takes whole when its name is the one {@link #order} expects.
     */
    private static final int FIXED_LINE = 28;

    /** " kB\n" read as a little-endian int. */
    private static final int KB_NEWLINE = ' ' | 'k' << 8 | 'B' << 16 | '\n' << 24;

    private final FieldOrder order = new FieldOrder();
    private final ReferenceBlocks references = new ReferenceBlocks();

    /** The slot of {@link #order} the next field line of the current mapping should fill. */
    private int slot;

    private static final long VMFLAGS =
            AsciiWords.longAt("VmFlags:".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);

    long retainedBytes() {
        return references.retainedBytes();
    }

    /** Starts a mapping: its first field line is expected next. */
    void startMapping() {
        slot = 0;
    }

    /**
     * Takes the field lines at {@code p} that are laid out as learned: the whole block when it is all in
     * {@code b[p, filled)}, otherwise line by line, then the {@code VmFlags:} line. Returns where it stopped;
     * whatever it did not take goes the general way ({@link #field}).
     */
    int takeExpected(byte[] b, int p, int filled, Mapping m) {
        if (slot == 0) {
            p = fieldBlock(b, p, filled, m);
        }
        p = expectedFields(b, p, filled, m);
        if (slot == order.learned()) {
            p = vmFlagsLine(b, p, filled, m);
        }
        return p;
    }

    /**
     * Takes the field lines from {@code p} on while each is the one {@link #order} expects next, with its value
     * in its 8 columns: two long compares a line, no name lookup, no newline search. Returns where it stopped.
     */
    private int expectedFields(byte[] b, int p, int filled, Mapping m) {
        long[] values = m.fieldBytes;
        long[] name0 = order.name0;
        long[] name1 = order.name1;
        int[] fields = order.field;
        int learned = order.learned();
        int[] lineBytes = order.lineBytes;
        int s = slot;
        while (p + FIXED_LINE <= filled
                && s < learned
                && name0[s] == AsciiWords.longAt(b, p)
                && name1[s] == AsciiWords.longAt(b, p + 8)) {
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
    private int fieldBlock(byte[] b, int p, int filled, Mapping m) {
        FieldOrder o = order;
        int blockBytes = o.blockBytes();
        // + 4: the last line's end is read as an int even when it is a 25-byte line
        if (blockBytes == 0 || p + blockBytes + 4 > filled) {
            return p;
        }
        long[] values = m.fieldBytes;
        int kind = ReferenceBlocks.kind(m);
        if (references.take(kind, b, p, o, values)) {
            slot = o.learned();
            return p + blockBytes;
        }
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
            bad |=
                    (AsciiWords.longAt(b, q) ^ name0[s])
                            | (AsciiWords.longAt(b, q + 8) ^ name1[s])
                            | ((AsciiWords.intAt(b, q + 24) ^ ends[s]) & endMasks[s]);
            int field = fields[s];
            if (field != FieldId.NONE) {
                long kb = lastKb[s];
                if (digits != lastDigits[s]) {
                    kb =
                            AsciiWords.rightAlignedDecimal(
                                    digits); // -1 for anything but a right-aligned number
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
            java.util.Arrays.fill(
                    values, Mapping.ABSENT); // the header left them so; slot is still 0
            return p;
        }
        slot = n;
        references.keep(kind, b, p, o, lastKb);
        return p + blockBytes;
    }

    /**
     * Reads a {@code VmFlags:} line as the kernel prints it (two letters and a space per flag) without a
     * newline search, a name lookup or a pass per byte; returns where the next line starts, or {@code p} for
     * any other line, which the general way then reads.
     */
    private int vmFlagsLine(byte[] b, int p, int filled, Mapping m) {
        int kind = ReferenceBlocks.kind(m);
        int same = references.sameFlagsLine(kind, b, p, filled);
        if (same > 0) {
            m.vmFlags = references.keptFlags(kind);
            m.vmFlagsPresent = true;
            return p + same;
        }
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
                m.vmFlags = flags;
                m.vmFlagsPresent = true;
                references.keepFlagsLine(kind, b, p, i + 1 - p, flags);
                return i + 1;
            } else if (i + 2 < filled && b[i + 1] != ' ' && b[i + 1] != '\n' && b[i + 2] == ' ') {
                flags |=
                        VmFlags.bitOf(
                                c, b[i + 1]); // a code followed by its space: as vmFlags() reads it
                i += 3;
            } else {
                return p;
            }
        }
        return p;
    }

    /**
     * The general way: one field line {@code buf[from, to)} (no newline) of the current mapping, by name; learns
     * the line's place in the kernel's order. False for a line that is not a well-formed field.
     */
    boolean field(byte[] buf, int from, int to, Mapping mapping, HeaderLine numbers) {
        int colon = from;
        while (colon < to && buf[colon] != ':') {
            colon++;
        }
        if (colon == to) {
            return false;
        }
        int nameLen = colon - from;
        if (nameLen == 7 && is(buf, from, "VmFlags")) {
            vmFlags(buf, colon + 1, to, mapping);
            return true;
        }
        int id = FieldId.of(buf, from, nameLen);
        if (to - from >= 16 && FieldOrder.paddedName(buf, from, colon)) {
            if (!order.expects(slot, buf, from)) {
                order.learn(
                        slot, buf, from, id); // first mapping, another kernel's order, or damage
            }
            slot++;
        }
        if (id == FieldId.NONE) {
            return true; // a field this parser does not need: KernelPageSize, Referenced,
            // THPeligible...
        }
        int p = colon + 1;
        while (p < to && buf[p] == ' ') {
            p++;
        }
        long kb = numbers.dec(buf, p, to);
        p += numbers.digits;
        if (numbers.digits == 0 || kb > (Long.MAX_VALUE >> 10)) {
            return false;
        }
        // Values are "N kB"; tolerate a missing unit but nothing else after the number.
        if (p < to && !(to - p == 3 && buf[p] == ' ' && buf[p + 1] == 'k' && buf[p + 2] == 'B')) {
            return false;
        }
        mapping.fieldBytes[id] = kb << 10;
        return true;
    }

    private static boolean is(byte[] buf, int from, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (buf[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static void vmFlags(byte[] buf, int from, int lineEnd, Mapping mapping) {
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
}
