package dev.wrss.agent.proc;

import java.util.Arrays;

/**
 * The last field block and VmFlags line taken whole for each kind of mapping (its permissions, and whether
 * it has a path), so that the next block of that kind is compared with it instead of read line by line.
 * Thread stacks, guard pages, reservations and small file mappings repeat their kind's block byte for byte
 * but for a few values: {@link Arrays#mismatch}, 32 or 64 bytes at a time, says whether any differ; if one
 * does, only the lines whose value columns differ are read. A block is kept only after every one of its lines passed the checks of
 * {@link FieldLines}, and a line is written into a kept block only after passing them, so bytes equal to a
 * kept block are well-formed and mean what they meant there. One per {@link FieldLines}.
 */
final class ReferenceBlocks {

    /** Four permission bits and "no path". */
    private static final int KINDS = 32;

    /** A VmFlags line longer than this (the kernel prints at most ~30 flags) is not kept. */
    private static final int MAX_FLAGS_LINE = 128;

    private final byte[][] blocks = new byte[KINDS][];

    /** The kept block's values in bytes by FieldId, ABSENT for a field not in the block: copied whole on a match. */
    private final long[][] bytesByField = new long[KINDS][];

    /** The {@link FieldOrder#layoutVersion()} each kept block was laid out by; 0 for none. */
    private final int[] version = new int[KINDS];

    private final byte[][] flagsLines = new byte[KINDS][];
    private final int[] flagsLength = new int[KINDS];
    private final long[] flags = new long[KINDS];

    /** What the kept blocks and lines hold: a few kinds occur (r--p, rw-p, ---p, r-xp, with and without a path). */
    long retainedBytes() {
        long n = 0;
        for (int k = 0; k < KINDS; k++) {
            n +=
                    (blocks[k] == null ? 0 : blocks[k].length + 8L * FieldId.COUNT)
                            + (flagsLines[k] == null ? 0 : MAX_FLAGS_LINE);
        }
        return n;
    }

    static int kind(Mapping m) {
        return m.perms | (m.pathLength == 0 ? 16 : 0);
    }

    /**
     * Takes the block at {@code b[p, p + blockBytes)} if it differs from the kept block of its kind only in
     * value columns that read as values: fills {@code values} by {@link FieldId} and keeps the block. False,
     * with {@code values} untouched, for anything else; the kept block is then still well-formed.
     */
    boolean take(int kind, byte[] b, int p, FieldOrder o, long[] values) {
        int len = o.blockBytes();
        if (version[kind] != o.layoutVersion()) {
            return false;
        }
        byte[] kept = blocks[kind];
        long[] bytes = bytesByField[kind];
        int[] fields = o.field;
        int[] shown = o.shownField;
        int n = o.learned();
        int mismatch = Arrays.mismatch(b, p, p + len, kept, 0, len);
        if (mismatch >= 0) {
            // Values first: each line's value columns that differ are read, checked and written
            // into the kept block, which so stays well-formed; then one compare finds any other
            // difference (a name, a line end)
            int[] offsets = o.offset;
            int from = offsets[o.slotAt[mismatch]];
            for (int s = o.slotAt[mismatch]; s < n; s++) {
                int v = offsets[s] + 16;
                long digits = AsciiWords.longAt(b, p + v);
                if (digits != AsciiWords.longAt(kept, v)) {
                    if (fields[s] != FieldId.NONE) {
                        long value = AsciiWords.rightAlignedDecimal(digits);
                        if (value < 0) {
                            return false;
                        }
                        if (shown[s] != FieldId.NONE) {
                            bytes[shown[s]] = value << 10;
                        }
                    } else if (AsciiWords.hasNewline(digits)) {
                        return false;
                    }
                    AsciiWords.putLong(kept, v, digits);
                }
            }
            if (Arrays.mismatch(b, p + from, p + len, kept, from, len) >= 0) {
                return false; // a name or a line end: not this layout, or damage
            }
        }
        System.arraycopy(bytes, 0, values, 0, FieldId.COUNT);
        return true;
    }

    /** Keeps the block at {@code b[p, p + blockBytes)}, just read whole and well-formed, with its slots' values. */
    void keep(int kind, byte[] b, int p, FieldOrder o, long[] slotKb) {
        int len = o.blockBytes();
        if (blocks[kind] == null || blocks[kind].length < len) {
            blocks[kind] = new byte[Math.max(len, 768)];
            bytesByField[kind] = new long[FieldId.COUNT];
        }
        System.arraycopy(b, p, blocks[kind], 0, len);
        version[kind] = o.layoutVersion();
        long[] bytes = bytesByField[kind];
        Arrays.fill(bytes, Mapping.ABSENT);
        for (int s = 0; s < o.learned(); s++) {
            if (o.shownField[s] != FieldId.NONE) {
                bytes[o.shownField[s]] = slotKb[s] << 10;
            }
        }
    }

    /**
     * The length of the VmFlags line at {@code b[p, filled)} if it is the kept one of its kind, with its
     * flags in {@link #keptFlags}; 0 otherwise.
     */
    int sameFlagsLine(int kind, byte[] b, int p, int filled) {
        int len = flagsLength[kind];
        if (len == 0 || p + len > filled) {
            return 0;
        }
        return Arrays.equals(b, p, p + len, flagsLines[kind], 0, len) ? len : 0;
    }

    long keptFlags(int kind) {
        return flags[kind];
    }

    /** Keeps the VmFlags line {@code b[p, p + len)}, newline included, just read with these flags. */
    void keepFlagsLine(int kind, byte[] b, int p, int len, long lineFlags) {
        if (len > MAX_FLAGS_LINE) {
            flagsLength[kind] = 0;
            return;
        }
        if (flagsLines[kind] == null) {
            flagsLines[kind] = new byte[MAX_FLAGS_LINE];
        }
        System.arraycopy(b, p, flagsLines[kind], 0, len);
        flagsLength[kind] = len;
        flags[kind] = lineFlags;
    }
}
