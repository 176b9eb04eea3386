package dev.wrss.agent.proc;

/**
 * Reads the header line of a smaps mapping into a {@link Mapping}: addresses, permissions, offset, device,
 * inode and the path after the column padding. Headers are a fifth of the text, so hex numbers are read
 * eight digits at a time.
 *
 * <pre>
 * 7f2c48600000-7f2c48800000 rw-p 00000000 00:00 0
 * 7f2c4a000000-7f2c4a021000 r--p 00000000 fe:01 1234                       /usr/lib/libc.so.6
 * </pre>
 */
final class HeaderLine {

    /** How many digits the last {@link #hex} or {@link #dec} read: 0 for none or too many. */
    int digits;

    /** Fills the header fields of {@code m} from the line {@code b[from, to)}; false if it is no header. */
    boolean read(byte[] b, int from, int to, Mapping m) {
        int p = from;
        // addresses are unsigned: [vsyscall] at ffffffffff600000 is negative as a long
        long start = hex(b, p, to);
        p += digits;
        if (digits == 0 || p >= to || b[p++] != '-') return false;
        long end = hex(b, p, to);
        p += digits;
        // a span of 2^63 bytes or more is no mapping (user space is 2^47): it would make
        // virtualBytes negative
        if (digits == 0 || Long.compareUnsigned(end, start) < 0 || end - start < 0) return false;
        if (p + 6 > to || b[p] != ' ' || b[p + 5] != ' ') return false;
        int perms = 0;
        if (b[p + 1] == 'r') perms |= Mapping.READ;
        if (b[p + 2] == 'w') perms |= Mapping.WRITE;
        if (b[p + 3] == 'x') perms |= Mapping.EXEC;
        if (b[p + 4] == 's') perms |= Mapping.SHARED;
        p += 6;
        long offset = hex(b, p, to);
        p += digits;
        if (digits == 0 || p >= to || b[p++] != ' ') return false;
        long major = hex(b, p, to);
        p += digits;
        if (digits == 0 || major > 0xfff || p >= to || b[p++] != ':') return false;
        long minor = hex(b, p, to);
        p += digits;
        if (digits == 0 || minor > 0xfffff || p >= to || b[p++] != ' ') return false;
        long inode = dec(b, p, to);
        p += digits;
        if (digits == 0 || (p < to && b[p] != ' ')) return false;
        p = AsciiWords.skipSpaces(b, p, to);
        m.start = start;
        m.end = end;
        m.perms = perms;
        m.offset = offset;
        m.devMajor = (int) major;
        m.devMinor = (int) minor;
        m.inode = inode;
        m.setPath(b, p, to - p);
        return true;
    }

    // ---- the kernel's own layout, read before its newline is known ----

    private long start;
    private long end;
    private int perms;
    private long offset;
    private int devMajor;
    private int devMinor;
    private long inode;
    private int pathFrom;
    private int pathTo;

    /**
     * Reads a header laid out as the kernel prints it ({@code "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu "}, both
     * addresses as wide, an offset below 4 GiB, two-digit device numbers) without searching its newline first.
     * Returns the index of its newline, or -1 for any other layout or a line not complete in
     * {@code b[from, filled)}: the caller then reads it the general way, which gives the same result for this
     * layout. Nothing is written to a mapping; {@link #copyTo} does that.
     */
    int readKernelLayout(byte[] b, int from, int filled) {
        // the fixed part is at most 2 * 16 + 22 bytes, and the inode's first 8 bytes follow it
        if (from + 80 > filled) return -1;
        if (b[from + 12] == '-') {
            return readUserSpaceLayout(b, from, filled);
        }
        if (AsciiWords.hexDigits(AsciiWords.longAt(b, from)) != 8) return -1;
        int w = 8 + AsciiWords.hexDigits(AsciiWords.longAt(b, from + 8));
        int e = from + w + 1;
        int q = e + w;
        if (b[from + w] != '-'
                || b[q] != ' '
                || b[q + 5] != ' '
                || AsciiWords.hexDigits(AsciiWords.longAt(b, e)) != 8
                || AsciiWords.hexDigits(AsciiWords.longAt(b, q - 8)) != 8) return -1;
        long s = hexOfWidth(b, from, w);
        long t = hexOfWidth(b, e, w);
        if (Long.compareUnsigned(t, s) < 0 || t - s < 0) return -1;
        int o = q + 6;
        int d = o + 9;
        if (AsciiWords.hexDigits(AsciiWords.longAt(b, o)) != 8
                || b[o + 8] != ' '
                || b[d + 2] != ':'
                || b[d + 5] != ' ') return -1;
        int major0 = HEX_DIGITS[b[d] & 0xff];
        int major1 = HEX_DIGITS[b[d + 1] & 0xff];
        int minor0 = HEX_DIGITS[b[d + 3] & 0xff];
        int minor1 = HEX_DIGITS[b[d + 4] & 0xff];
        if ((major0 | major1 | minor0 | minor1) < 0) return -1;
        int i = d + 6;
        long ino = dec(b, i, filled);
        i += digits;
        if (digits == 0 || i >= filled) return -1;
        int pf = i;
        if (b[i] == ' ') {
            pf = AsciiWords.skipSpaces(b, i, filled);
        } else if (b[i] != '\n') {
            return -1;
        }
        int nl = AsciiWords.indexOfNewline(b, pf, filled);
        if (nl < 0) return -1;
        start = s;
        end = t;
        perms =
                (b[q + 1] == 'r' ? Mapping.READ : 0)
                        | (b[q + 2] == 'w' ? Mapping.WRITE : 0)
                        | (b[q + 3] == 'x' ? Mapping.EXEC : 0)
                        | (b[q + 4] == 's' ? Mapping.SHARED : 0);
        offset = AsciiWords.hexValue(AsciiWords.longAt(b, o), 8);
        devMajor = major0 << 4 | major1;
        devMinor = minor0 << 4 | minor1;
        inode = ino;
        pathFrom = pf;
        pathTo = nl;
        return nl;
    }

    private static final long SPACES = 0x2020202020202020L;

    /** Bytes 39, 42 and 45 of a header with 12-digit addresses, as a mask and their values: " ", ":", " ". */
    private static final long SEPARATORS = 0xff0000ff0000ff00L;

    private static final long SEPARATOR_BYTES =
            (long) ' ' << 8 | (long) ':' << 32 | (long) ' ' << 56;

    /**
     * {@link #readKernelLayout} for 12-digit addresses (nearly every user-space mapping): every column at a
     * fixed offset, checked with a few word compares, the path padded to column 73.
     */
    private int readUserSpaceLayout(byte[] b, int f, int filled) {
        long s0 = AsciiWords.longAt(b, f);
        long s1 = AsciiWords.longAt(b, f + 4);
        long e0 = AsciiWords.longAt(b, f + 13);
        long e1 = AsciiWords.longAt(b, f + 17);
        long o = AsciiWords.longAt(b, f + 31);
        long dev = AsciiWords.longAt(b, f + 38);
        long hex = AsciiWords.lowerHexBytes(e0) & AsciiWords.lowerHexBytes(e1);
        long s;
        if (s0 == lastEnd0 && s1 == lastEnd1) {
            s = lastEnd; // mappings often abut: this start is the last header's end, its digits
            // already read
        } else {
            hex &= AsciiWords.lowerHexBytes(s0) & AsciiWords.lowerHexBytes(s1);
            s = AsciiWords.hexValue(s0, 4) << 32 | AsciiWords.hexValue(s1, 8);
        }
        long off = 0;
        if (o != ZERO_DIGITS) {
            hex &= AsciiWords.lowerHexBytes(o);
            off = AsciiWords.hexValue(o, 8);
        }
        if (hex != 0x8080808080808080L || b[f + 25] != ' ' || b[f + 30] != ' ') return -1;
        int major;
        int minor;
        if ((dev & ~0xffL) == NO_DEVICE) {
            major = 0; // anonymous memory: " 00:00 "
            minor = 0;
        } else {
            if ((dev & SEPARATORS) != SEPARATOR_BYTES) return -1;
            int major0 = HEX_DIGITS[b[f + 40] & 0xff];
            int major1 = HEX_DIGITS[b[f + 41] & 0xff];
            int minor0 = HEX_DIGITS[b[f + 43] & 0xff];
            int minor1 = HEX_DIGITS[b[f + 44] & 0xff];
            if ((major0 | major1 | minor0 | minor1) < 0) return -1;
            major = major0 << 4 | major1;
            minor = minor0 << 4 | minor1;
        }
        long t = AsciiWords.hexValue(e0, 4) << 32 | AsciiWords.hexValue(e1, 8);
        if (Long.compareUnsigned(t, s) < 0) return -1;
        long inodeWord = AsciiWords.longAt(b, f + 46);
        int n;
        long ino;
        if ((inodeWord & 0xffff) == ZERO_INODE) {
            n = 1;
            ino = 0;
        } else {
            n = AsciiWords.leadingDigits(inodeWord);
            if (n == 0 || n == 8) return -1; // none, or too many for one word: the general way
            ino = AsciiWords.leadingDecimal(inodeWord, n);
        }
        int j = f + 46 + n;
        int pf;
        if (b[j] == '\n') {
            pf = j;
        } else if (b[j] != ' ') {
            return -1;
        } else if (b[j + 1] == '\n') {
            pf = j + 1; // no path: the kernel ends the inode with a space
        } else if (AsciiWords.longAt(b, j) == SPACES
                && AsciiWords.longAt(b, j + 8) == SPACES
                && AsciiWords.longAt(b, f + 57) == SPACES
                && AsciiWords.longAt(b, f + 65) == SPACES
                && b[f + 73] != ' ') {
            pf = f + 73; // the kernel pads the path to column 73
        } else {
            pf = AsciiWords.skipSpaces(b, j, filled);
        }
        int nl = AsciiWords.indexOfNewline(b, pf, filled);
        if (nl < 0) return -1;
        lastEnd0 = e0;
        lastEnd1 = e1;
        lastEnd = t;
        start = s;
        end = t;
        perms =
                (b[f + 26] == 'r' ? Mapping.READ : 0)
                        | (b[f + 27] == 'w' ? Mapping.WRITE : 0)
                        | (b[f + 28] == 'x' ? Mapping.EXEC : 0)
                        | (b[f + 29] == 's' ? Mapping.SHARED : 0);
        offset = off;
        devMajor = major;
        devMinor = minor;
        inode = ino;
        pathFrom = pf;
        pathTo = nl;
        return nl;
    }

    /** Eight '0' digits: an offset of 0, as anonymous mappings and first file segments have. */
    private static final long ZERO_DIGITS = 0x3030303030303030L;

    /** Bytes 39 to 45 of a header of anonymous memory (the word at 38 less its first byte): " 00:00 ". */
    private static final long NO_DEVICE =
            AsciiWords.longAt("x 00:00 ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0)
                    & ~0xffL;

    /** Inode 0 and its space. */
    private static final long ZERO_INODE = '0' | ' ' << 8;

    /**
     * The 12 end-address digits of the last header read at fixed columns (as its two overlapping words) and
     * their value: a memo, true of these bytes whatever text they came from, so never reset. It starts as
     * twelve '0' digits, whose value is 0.
     */
    private long lastEnd0 = ZERO_DIGITS;

    private long lastEnd1 = ZERO_DIGITS;
    private long lastEnd;

    /** Fills {@code m}'s header fields with what the last successful {@link #readKernelLayout} read from {@code b}. */
    void copyTo(byte[] b, Mapping m) {
        m.start = start;
        m.end = end;
        m.perms = perms;
        m.offset = offset;
        m.devMajor = devMajor;
        m.devMinor = devMinor;
        m.inode = inode;
        m.setPath(b, pathFrom, pathTo - pathFrom);
    }

    /** The value of the {@code w} (8 to 16) hex digits at {@code at}, which the caller has checked. */
    private static long hexOfWidth(byte[] b, int at, int w) {
        long low = AsciiWords.hexValue(AsciiWords.longAt(b, at + w - 8), 8);
        return w == 8 ? low : AsciiWords.hexValue(AsciiWords.longAt(b, at), w - 8) << 32 | low;
    }

    /** The value of the bytes at {@code p} that are hex digits, at most 16, with {@link #digits} set. */
    private long hex(byte[] b, int p, int to) {
        int limit = to - p;
        if (p + 16 > b.length) {
            return hexByByte(b, p, Math.min(limit, 16));
        }
        long w = AsciiWords.longAt(b, p);
        int n = Math.min(AsciiWords.hexDigits(w), limit);
        digits = n;
        if (n == 0) {
            return 0;
        }
        long v = AsciiWords.hexValue(w, n);
        if (n == 8 && limit > 8) {
            // eight digits at a time: an address is 12 of them, and headers are a fifth of the text
            long w2 = AsciiWords.longAt(b, p + 8);
            int n2 = Math.min(AsciiWords.hexDigits(w2), limit - 8);
            if (n2 > 0) {
                v = (v << (4 * n2)) | AsciiWords.hexValue(w2, n2);
                digits = 8 + n2;
            }
        }
        return v; // a 17th digit fails the caller's test for the separator
    }

    private long hexByByte(byte[] b, int p, int limit) {
        long v = 0;
        int n = 0;
        while (n < limit) {
            int d = HEX_DIGITS[b[p + n] & 0xff];
            if (d < 0) {
                break;
            }
            v = (v << 4) | d;
            n++;
        }
        digits = n;
        return v;
    }

    /** The value of each byte as a hex digit, or -1. */
    private static final byte[] HEX_DIGITS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            HEX_DIGITS[c] = (byte) Character.digit(c, 16);
        }
    }

    /** The value of the decimal digits at {@code p}, with {@link #digits} set; 0 digits if more than 18. */
    long dec(byte[] b, int p, int to) {
        long v = 0;
        int n = 0;
        while (p + n < to) {
            int d = b[p + n] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            n++;
        }
        digits = n > 18 ? 0 : n;
        return v;
    }
}
