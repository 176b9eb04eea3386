package dev.wrss.agent.proc;

/**
 * The smaps fields wrss keeps, matched on the name's bytes without building a String. The name is
 * matched in full up to the colon, so {@code Pss_Dirty} is not taken for {@code Pss}.
 */
enum FieldId {
    SIZE("Size") { void set(Mapping m, long v) { m.size = v; } },
    RSS("Rss") { void set(Mapping m, long v) { m.rss = v; } },
    PSS("Pss") { void set(Mapping m, long v) { m.pss = v; } },
    PSS_ANON("Pss_Anon") { void set(Mapping m, long v) { m.pssAnon = v; } },
    PSS_FILE("Pss_File") { void set(Mapping m, long v) { m.pssFile = v; } },
    PSS_SHMEM("Pss_Shmem") { void set(Mapping m, long v) { m.pssShmem = v; } },
    SHARED_CLEAN("Shared_Clean") { void set(Mapping m, long v) { m.sharedClean = v; } },
    SHARED_DIRTY("Shared_Dirty") { void set(Mapping m, long v) { m.sharedDirty = v; } },
    PRIVATE_CLEAN("Private_Clean") { void set(Mapping m, long v) { m.privateClean = v; } },
    PRIVATE_DIRTY("Private_Dirty") { void set(Mapping m, long v) { m.privateDirty = v; } },
    ANONYMOUS("Anonymous") { void set(Mapping m, long v) { m.anonymous = v; } },
    ANON_HUGE_PAGES("AnonHugePages") { void set(Mapping m, long v) { m.anonHugePages = v; } },
    SWAP("Swap") { void set(Mapping m, long v) { m.swap = v; } },
    SWAP_PSS("SwapPss") { void set(Mapping m, long v) { m.swapPss = v; } },
    LOCKED("Locked") { void set(Mapping m, long v) { m.locked = v; } };

    private static final FieldId[] VALUES = values();

    private final byte[] name;

    FieldId(String name) {
        this.name = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    abstract void set(Mapping m, long bytes);

    /** Kept fields by name length, so that a lookup compares bytes with at most a few candidates. */
    private static final FieldId[][] BY_LENGTH = byLength();

    private static FieldId[][] byLength() {
        FieldId[][] t = new FieldId[32][];
        for (int len = 0; len < t.length; len++) {
            java.util.List<FieldId> l = new java.util.ArrayList<>();
            for (FieldId f : VALUES) {
                if (f.name.length == len) {
                    l.add(f);
                }
            }
            t[len] = l.toArray(new FieldId[0]);
        }
        return t;
    }

    /** The field named by {@code len} bytes of {@code buf} at {@code from}, or null if not kept. */
    static FieldId of(byte[] buf, int from, int len) {
        if (len >= BY_LENGTH.length) {
            return null;
        }
        outer:
        for (FieldId f : BY_LENGTH[len]) {
            byte[] n = f.name;
            for (int i = 0; i < len; i++) {
                if (buf[from + i] != n[i]) {
                    continue outer;
                }
            }
            return f;
        }
        return null;
    }
}
