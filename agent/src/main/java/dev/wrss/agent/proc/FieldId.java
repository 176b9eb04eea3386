package dev.wrss.agent.proc;

import java.nio.charset.StandardCharsets;

/**
 * The smaps fields wrss keeps, as indexes into {@link Mapping}'s value array, matched on the name's bytes
 * without building a String. The name is matched in full up to the colon, so {@code Pss_Dirty} is not taken
 * for {@code Pss}. Indexes rather than an enum with a setter each: the parser stores through one array
 * write instead of a megamorphic call per line.
 */
final class FieldId {

    static final int SIZE = 0;
    static final int RSS = 1;
    static final int PSS = 2;
    static final int PSS_ANON = 3;
    static final int PSS_FILE = 4;
    static final int PSS_SHMEM = 5;
    static final int SHARED_CLEAN = 6;
    static final int SHARED_DIRTY = 7;
    static final int PRIVATE_CLEAN = 8;
    static final int PRIVATE_DIRTY = 9;
    static final int ANONYMOUS = 10;
    static final int ANON_HUGE_PAGES = 11;
    static final int SWAP = 12;
    static final int SWAP_PSS = 13;
    static final int LOCKED = 14;
    static final int COUNT = 15;

    /** Returned by {@link #of} for a field this parser does not keep. */
    static final int NONE = -1;

    // index i names field i
    private static final String[] NAMES = {
        "Size",
        "Rss",
        "Pss",
        "Pss_Anon",
        "Pss_File",
        "Pss_Shmem",
        "Shared_Clean",
        "Shared_Dirty",
        "Private_Clean",
        "Private_Dirty",
        "Anonymous",
        "AnonHugePages",
        "Swap",
        "SwapPss",
        "Locked"
    };

    /** Kept fields' indexes by name length, so that a lookup compares bytes with at most a few candidates. */
    private static final int[][] BY_LENGTH = new int[32][];

    private static final byte[][] NAME_BYTES = new byte[COUNT][];

    static {
        for (int len = 0; len < BY_LENGTH.length; len++) {
            int n = 0;
            int[] ids = new int[COUNT];
            for (int f = 0; f < COUNT; f++) {
                if (NAMES[f].length() == len) {
                    ids[n++] = f;
                }
            }
            BY_LENGTH[len] = java.util.Arrays.copyOf(ids, n);
        }
        for (int f = 0; f < COUNT; f++) {
            NAME_BYTES[f] = NAMES[f].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private FieldId() {}

    /** The index of the field named by {@code len} bytes of {@code buf} at {@code from}, or {@link #NONE}. */
    static int of(byte[] buf, int from, int len) {
        if (len >= BY_LENGTH.length) {
            return NONE;
        }
        outer:
        for (int f : BY_LENGTH[len]) {
            byte[] n = NAME_BYTES[f];
            for (int i = 0; i < len; i++) {
                if (buf[from + i] != n[i]) {
                    continue outer;
                }
            }
            return f;
        }
        return NONE;
    }
}
