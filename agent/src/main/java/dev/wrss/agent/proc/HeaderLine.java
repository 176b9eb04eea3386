package dev.wrss.agent.proc;

/**
 * Reads the header line of a smaps mapping into a {@link Mapping}: addresses, permissions, offset, device,
 * inode and the path after the column padding.
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
        while (p < to && b[p] == ' ') {
            p++;
        }
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

    /** The value of the hex digits at {@code p}, at most 16, with {@link #digits} set. */
    private long hex(byte[] b, int p, int to) {
        int limit = Math.min(to - p, 16); // a 17th digit fails the caller's test for the separator
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
