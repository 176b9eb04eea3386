package dev.wrss.agent.proc;

/**
 * The two-letter codes of smaps' {@code VmFlags:} line, packed into the bits of a long so that a mapping
 * carries them without allocating. Codes this table does not know are ignored.
 */
public final class VmFlags {

    // Order defines the bit; append only. From the kernel's show_smap_vma_flags
    // (fs/proc/task_mmu.c).
    private static final String CODES =
            String.join(
                    "", "rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "pf", "dw", "lo",
                    "io", "sr", "rr", "dc", "de", "ac", "nr", "ht", "sf", "nl", "ar", "wf", "dd",
                    "sd", "mm", "hg", "nh", "mg", "um", "uw", "ss", "sl", "bt", "mt", "ui", "gu");

    public static final long READ = bit("rd");
    public static final long WRITE = bit("wr");
    public static final long EXEC = bit("ex");
    public static final long SHARED = bit("sh");

    /** Grows down: the main thread's stack. */
    public static final long GROWS_DOWN = bit("gd");

    public static final long LOCKED = bit("lo");
    public static final long ACCOUNTED = bit("ac");

    /** hugetlb mapping. */
    public static final long HUGETLB = bit("ht");

    /** madvise(MADV_HUGEPAGE). */
    public static final long HUGE_ADVISED = bit("hg");

    /** madvise(MADV_NOHUGEPAGE). */
    public static final long NO_HUGE = bit("nh");

    private VmFlags() {}

    private static long bit(String code) {
        int i = indexOf(code.charAt(0), code.charAt(1));
        if (i < 0) {
            throw new IllegalArgumentException(code);
        }
        return 1L << i;
    }

    private static int indexOf(int a, int b) {
        for (int i = 0; i + 1 < CODES.length(); i += 2) {
            if (CODES.charAt(i) == a && CODES.charAt(i + 1) == b) {
                return i / 2;
            }
        }
        return -1;
    }

    /** Bits by code, at (a - 'a') * 26 + (b - 'a'): every mapping has a VmFlags line of some six codes. */
    private static final long[] BIT_BY_CODE = new long[26 * 26];

    static {
        for (int i = 0; i + 1 < CODES.length(); i += 2) {
            BIT_BY_CODE[(CODES.charAt(i) - 'a') * 26 + CODES.charAt(i + 1) - 'a'] = 1L << (i / 2);
        }
    }

    /** The bit of the code made of bytes {@code a} and {@code b}, or 0 if it is unknown. */
    static long bitOf(byte a, byte b) {
        int x = a - 'a';
        int y = b - 'a';
        return x >= 0 && x < 26 && y >= 0 && y < 26 ? BIT_BY_CODE[x * 26 + y] : 0;
    }

    /** The four-letter permission column, e.g. {@code rw-p}. */
    public static String permsString(int perms) {
        char[] c = {
            (perms & Mapping.READ) != 0 ? 'r' : '-',
            (perms & Mapping.WRITE) != 0 ? 'w' : '-',
            (perms & Mapping.EXEC) != 0 ? 'x' : '-',
            (perms & Mapping.SHARED) != 0 ? 's' : 'p'
        };
        return new String(c);
    }
}
