package dev.wrss.agent.proc;

import java.nio.charset.StandardCharsets;

/**
 * One mapping of /proc/PID/smaps, as a flyweight: the parser owns one instance, resets it for every
 * mapping and hands it to a {@link SmapsParser.Sink}, which must copy what it keeps. Sizes are bytes
 * (the parser converts smaps' kB once); a field the kernel did not print is {@link #ABSENT}.
 *
 * <p>The path is kept as raw bytes: it may hold any byte but NUL and newline, and need not be UTF-8.
 *
 * <p>One class over 250 lines on purpose: a flyweight whose accessors and path queries are the parser's
 * contract with every sink, called per mapping, so none sits behind a second object.
 */
public final class Mapping {

    /** The value of a field the kernel did not print. */
    public static final long ABSENT = -1;

    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXEC = 4;

    /** 's' in the fourth permission column; 'p' (private, copy-on-write) otherwise. */
    public static final int SHARED = 8;

    private static final byte[] DELETED_SUFFIX = " (deleted)".getBytes(StandardCharsets.US_ASCII);

    long start;
    long end;
    int perms;
    long offset;
    int devMajor;
    int devMinor;
    long inode;
    byte[] path = new byte[256];
    int pathLength;

    /** The kept fields' values in bytes, indexed by {@link FieldId}; {@link #ABSENT} if not printed. */
    final long[] fieldBytes = new long[FieldId.COUNT];

    /** VmFlags as two-letter codes packed by {@link VmFlags}; 0 if absent. */
    long vmFlags;

    boolean vmFlagsPresent;

    void reset() {
        start = end = offset = inode = 0;
        perms = devMajor = devMinor = 0;
        pathLength = 0;
        java.util.Arrays.fill(fieldBytes, ABSENT);
        vmFlags = 0;
        vmFlagsPresent = false;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    /** {@code end - start}: the virtual size, known from the header whatever fields follow. */
    public long virtualBytes() {
        return end - start;
    }

    public int perms() {
        return perms;
    }

    public boolean readable() {
        return (perms & READ) != 0;
    }

    public boolean writable() {
        return (perms & WRITE) != 0;
    }

    public boolean executable() {
        return (perms & EXEC) != 0;
    }

    public boolean shared() {
        return (perms & SHARED) != 0;
    }

    public long offset() {
        return offset;
    }

    public int devMajor() {
        return devMajor;
    }

    public int devMinor() {
        return devMinor;
    }

    public long inode() {
        return inode;
    }

    public long sizeBytes() {
        return fieldBytes[FieldId.SIZE];
    }

    public long rssBytes() {
        return fieldBytes[FieldId.RSS];
    }

    public long pssBytes() {
        return fieldBytes[FieldId.PSS];
    }

    public long pssAnonBytes() {
        return fieldBytes[FieldId.PSS_ANON];
    }

    public long pssFileBytes() {
        return fieldBytes[FieldId.PSS_FILE];
    }

    public long pssShmemBytes() {
        return fieldBytes[FieldId.PSS_SHMEM];
    }

    public long sharedCleanBytes() {
        return fieldBytes[FieldId.SHARED_CLEAN];
    }

    public long sharedDirtyBytes() {
        return fieldBytes[FieldId.SHARED_DIRTY];
    }

    public long privateCleanBytes() {
        return fieldBytes[FieldId.PRIVATE_CLEAN];
    }

    public long privateDirtyBytes() {
        return fieldBytes[FieldId.PRIVATE_DIRTY];
    }

    public long anonymousBytes() {
        return fieldBytes[FieldId.ANONYMOUS];
    }

    public long anonHugePagesBytes() {
        return fieldBytes[FieldId.ANON_HUGE_PAGES];
    }

    public long swapBytes() {
        return fieldBytes[FieldId.SWAP];
    }

    public long swapPssBytes() {
        return fieldBytes[FieldId.SWAP_PSS];
    }

    public long lockedBytes() {
        return fieldBytes[FieldId.LOCKED];
    }

    public long vmFlags() {
        return vmFlags;
    }

    public boolean vmFlagsPresent() {
        return vmFlagsPresent;
    }

    /** USS: resident bytes no other process maps (Private_Clean + Private_Dirty); 0 if neither is known. */
    public long ussBytes() {
        return Math.max(fieldBytes[FieldId.PRIVATE_CLEAN], 0)
                + Math.max(fieldBytes[FieldId.PRIVATE_DIRTY], 0);
    }

    /** The same value as {@code f} returns, or 0 if the field was absent. */
    public static long orZero(long value) {
        return value < 0 ? 0 : value;
    }

    // ---- path ----

    public int pathLength() {
        return pathLength;
    }

    public byte pathByte(int i) {
        return path[i];
    }

    /** No path at all: plain anonymous memory. */
    public boolean anonymous() {
        return pathLength == 0;
    }

    /** A kernel pseudo-path such as [heap], [stack], [vdso] or [anon:name]. */
    public boolean pseudoPath() {
        return pathLength > 0 && path[0] == '[';
    }

    /** A path naming a file (it starts with '/'), memfd and deleted files included. */
    public boolean fileBacked() {
        return pathLength > 0 && path[0] == '/';
    }

    public boolean pathEquals(byte[] other) {
        if (other.length != pathLength) {
            return false;
        }
        for (int i = 0; i < pathLength; i++) {
            if (path[i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean pathStartsWith(byte[] prefix) {
        if (prefix.length > pathLength) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (path[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the path ends with {@code suffix}, ignoring a trailing " (deleted)". */
    public boolean pathEndsWith(byte[] suffix) {
        int len = deleted() ? pathLength - DELETED_SUFFIX.length : pathLength;
        return endsWith(suffix, len);
    }

    /**
     * Whether the file name, the part after the last '/', contains {@code needle}: a library's version suffix
     * ({@code libz.so.1}), never a directory's. Looks at the name only, so it costs little for long paths.
     */
    public boolean fileNameContains(byte[] needle) {
        int from = pathLength;
        while (from > 0 && path[from - 1] != '/') {
            from--;
        }
        outer:
        for (int i = from; i + needle.length <= pathLength; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (path[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The kernel appends " (deleted)" to the path of a file unlinked since it was mapped. */
    public boolean deleted() {
        return endsWith(DELETED_SUFFIX, pathLength);
    }

    private boolean endsWith(byte[] suffix, int len) {
        if (suffix.length > len) {
            return false;
        }
        int off = len - suffix.length;
        for (int i = 0; i < suffix.length; i++) {
            if (path[off + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The path as a String (allocates; call it only where a region or a report needs it). Bytes that
     * are not UTF-8 become U+FFFD.
     */
    public String pathString() {
        return new String(path, 0, pathLength, StandardCharsets.UTF_8);
    }

    /** A copy of the raw path bytes. */
    public byte[] pathBytes() {
        return java.util.Arrays.copyOf(path, pathLength);
    }

    /** Sets the header fields directly: for tests and for sources other than smaps (pagemap mode). */
    public void setHeader(
            long start, long end, int perms, long offset, long inode, byte[] pathBytes) {
        reset();
        this.start = start;
        this.end = end;
        this.perms = perms;
        this.offset = offset;
        this.inode = inode;
        setPath(pathBytes, 0, pathBytes.length);
        fieldBytes[FieldId.SIZE] = end - start;
    }

    /** Sets the resident fields directly: for tests and for sources other than smaps. */
    public void setResident(
            long rss, long pss, long privateClean, long privateDirty, long swap, long swapPss) {
        long[] f = fieldBytes;
        f[FieldId.RSS] = rss;
        f[FieldId.PSS] = pss;
        f[FieldId.PRIVATE_CLEAN] = privateClean;
        f[FieldId.PRIVATE_DIRTY] = privateDirty;
        f[FieldId.SHARED_CLEAN] = 0;
        f[FieldId.SHARED_DIRTY] = Math.max(0, rss - privateClean - privateDirty);
        f[FieldId.SWAP] = swap;
        f[FieldId.SWAP_PSS] = swapPss;
    }

    void setPath(byte[] src, int from, int length) {
        if (path.length < length) {
            path = new byte[Math.max(length, path.length * 2)];
        }
        System.arraycopy(src, from, path, 0, length);
        pathLength = length;
    }

    @Override
    public String toString() {
        return Long.toHexString(start)
                + '-'
                + Long.toHexString(end)
                + ' '
                + VmFlags.permsString(perms)
                + ' '
                + pathString()
                + " rss="
                + rssBytes()
                + " pss="
                + pssBytes();
    }
}
