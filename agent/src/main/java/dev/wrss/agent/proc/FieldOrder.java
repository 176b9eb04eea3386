package dev.wrss.agent.proc;

/**
 * The field lines of a mapping in the order the running kernel prints them, learned from the text itself:
 * slot k holds the first 16 bytes (the name padded to 16 columns) of the k-th such line and the
 * {@link FieldId} they name. The kernel prints the same fields in the same order for every mapping, so the
 * parser can recognise a line by comparing two longs with the slot it expects, instead of reading the name.
 * A line that does not match goes the general way and overwrites its slot, so a different order, a missing
 * field or a damaged file costs speed, never correctness: a slot's field is always the one its bytes name.
 */
final class FieldOrder {

    /** Recent kernels print 25 field lines; further lines are parsed the general way. */
    static final int SLOTS = 48;

    final long[] name0 = new long[SLOTS];
    final long[] name1 = new long[SLOTS];

    /** The {@link FieldId} of each slot, or {@link FieldId#NONE} for a field not kept. */
    final int[] field = new int[SLOTS];

    /**
     * The {@link FieldId} of each slot of a block laid out by {@link #layout} whose value the mapping shows:
     * {@link #field} for the last slot of each field, {@link FieldId#NONE} for a slot a later one overrides
     * (only a damaged or unheard-of text names a field twice) and for a field not kept.
     */
    final int[] shownField = new int[SLOTS];

    /** Slots 0 to learned - 1 hold a name: a slot is learned only after every slot before it. */
    private int learned;

    /** The length of the line last taken at each slot by the parser's fixed path: 28, 25, or 0 if none. */
    final int[] lineBytes = new int[SLOTS];

    /** Where each slot's line starts in a block laid out by {@link #layout}, and how its end must read. */
    final int[] offset = new int[SLOTS];

    final int[] lineEnd = new int[SLOTS];
    final int[] lineEndMask = new int[SLOTS];

    /**
     * The value columns each slot last held and their value: most values repeat from mapping to mapping, so
     * the parser converts only those that changed. Eight zero bytes are no number: -1, as converting says.
     */
    final long[] lastDigits = new long[SLOTS];

    final long[] lastKb = new long[SLOTS];

    {
        java.util.Arrays.fill(lastKb, -1);
    }

    /** The length of a whole block of slots 0 to learned - 1, or 0 while there is no layout. */
    private int blockBytes;

    /** The slot each byte of a block laid out by {@link #layout} belongs to. */
    byte[] slotAt = new byte[0];

    /** Changes whenever the layout does, so that blocks kept from another layout are not compared. */
    private int layoutVersion;

    /** Whether the 16 bytes at {@code at} hold a name and its colon followed by spaces up to column 16. */
    static boolean paddedName(byte[] b, int at, int colon) {
        if (colon >= at + 16) {
            return false;
        }
        for (int i = colon + 1; i < at + 16; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Makes {@code slot} expect the padded name at {@code at}, which names {@code fieldId}. */
    void learn(int slot, byte[] b, int at, int fieldId) {
        if (slot < SLOTS) {
            name0[slot] = AsciiWords.longAt(b, at);
            name1[slot] = AsciiWords.longAt(b, at + 8);
            field[slot] = fieldId;
            learned = Math.max(learned, slot + 1);
            lineBytes[slot] = 0;
            blockBytes = 0;
            layoutVersion++;
        }
    }

    /**
     * Lays the slots out end to end with the line lengths last seen, so that a block can be checked at fixed
     * offsets; leaves no layout if a slot has no length yet. A 28-byte line ends in " kB\n", a 25-byte one
     * (THPeligible, ProtectionKey) in "\n".
     */
    void layout() {
        int at = 0;
        for (int s = 0; s < learned; s++) {
            int len = lineBytes[s];
            if (len == 0) {
                blockBytes = 0;
                return;
            }
            offset[s] = at;
            lineEnd[s] = len == 28 ? (' ' | 'k' << 8 | 'B' << 16 | '\n' << 24) : '\n';
            lineEndMask[s] = len == 28 ? -1 : 0xff;
            at += len;
        }
        if (slotAt.length < at) {
            slotAt = new byte[at];
        }
        for (int s = 0; s < learned; s++) {
            java.util.Arrays.fill(slotAt, offset[s], offset[s] + lineBytes[s], (byte) s);
            shownField[s] = field[s];
            for (int later = s + 1; later < learned; later++) {
                if (field[later] == field[s]) {
                    shownField[s] = FieldId.NONE;
                }
            }
        }
        blockBytes = at;
        layoutVersion++;
    }

    int layoutVersion() {
        return layoutVersion;
    }

    int blockBytes() {
        return blockBytes;
    }

    int learned() {
        return learned;
    }

    boolean expects(int slot, byte[] b, int at) {
        return slot < learned
                && name0[slot] == AsciiWords.longAt(b, at)
                && name1[slot] == AsciiWords.longAt(b, at + 8);
    }
}
