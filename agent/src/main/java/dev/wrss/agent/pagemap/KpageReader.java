package dev.wrss.agent.pagemap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Looks up /proc/kpagecount and /proc/kpageflags for a chunk of PFNs in batches: the PFNs are sorted and
 * deduplicated, and one pread per file covers every PFN within a {@value #WINDOW_ENTRIES}-entry window,
 * so a run of neighbouring frames costs one syscall, not one per page. Buffers are reused; not thread-safe.
 */
public final class KpageReader {

    static final int WINDOW_ENTRIES = 512;

    // Documentation/admin-guide/mm/pagemap.rst, "kpageflags"
    public static final int KPF_DIRTY = 4;
    public static final int KPF_HUGE = 17;
    public static final int KPF_KSM = 21;
    public static final int KPF_THP = 22;
    public static final int KPF_ZERO_PAGE = 24;

    private final ByteBuffer window =
            ByteBuffer.allocateDirect(WINDOW_ENTRIES * 8).order(ByteOrder.nativeOrder());
    private final long[] sorted;
    private final long[] sortedCounts;
    private final long[] sortedFlags;
    private int unique;

    /** preads issued, for tests that check batching. */
    public long reads;

    public KpageReader(int maxPfns) {
        sorted = new long[maxPfns];
        sortedCounts = new long[maxPfns];
        sortedFlags = new long[maxPfns];
    }

    /**
     * Reads count and flags of the non-zero PFNs among {@code pfns[0, n)}; either channel may be null
     * (unreadable), which leaves its values 0.
     */
    public void load(long[] pfns, int n, FileChannel counts, FileChannel flags) throws IOException {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (pfns[i] != 0) {
                sorted[m++] = pfns[i];
            }
        }
        Arrays.sort(sorted, 0, m);
        unique = 0;
        for (int i = 0; i < m; i++) {
            if (unique == 0 || sorted[unique - 1] != sorted[i]) {
                sorted[unique++] = sorted[i];
            }
        }
        Arrays.fill(sortedCounts, 0, unique, 0);
        Arrays.fill(sortedFlags, 0, unique, 0);
        for (int i = 0; i < unique; ) {
            long first = sorted[i];
            int j = i;
            while (j < unique && sorted[j] - first < WINDOW_ENTRIES) {
                j++;
            }
            int entries = (int) (sorted[j - 1] - first + 1);
            if (counts != null) {
                readWindow(counts, first, entries, i, j, sortedCounts);
            }
            if (flags != null) {
                readWindow(flags, first, entries, i, j, sortedFlags);
            }
            i = j;
        }
    }

    private void readWindow(FileChannel ch, long first, int entries, int from, int to, long[] out)
            throws IOException {
        window.clear().limit(entries * 8);
        long pos = first * 8;
        // Usually one pread; loop only if the kernel returns less than asked.
        while (window.hasRemaining()) {
            reads++;
            if (ch.read(window, pos + window.position()) <= 0) {
                break;
            }
        }
        int got = window.position() / 8;
        for (int k = from; k < to; k++) {
            int slot = (int) (sorted[k] - first);
            out[k] = slot < got ? window.getLong(slot * 8) : 0;
        }
    }

    /** The map count of {@code pfn} as loaded, 0 if unknown. */
    public long count(long pfn) {
        int k = Arrays.binarySearch(sorted, 0, unique, pfn);
        return k < 0 ? 0 : sortedCounts[k];
    }

    /** The kpageflags of {@code pfn} as loaded, 0 if unknown. */
    public long flags(long pfn) {
        int k = Arrays.binarySearch(sorted, 0, unique, pfn);
        return k < 0 ? 0 : sortedFlags[k];
    }
}
