package dev.wrss.agent.pages;

import dev.wrss.agent.host.NumaTopology;
import dev.wrss.agent.pagemap.KpageReader;
import dev.wrss.agent.pagemap.PageSize;
import dev.wrss.agent.pagemap.PageVisitor;
import dev.wrss.agent.proc.KernelPageSize;
import dev.wrss.agent.proc.MapsReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Per-page truth for an address range of a process: /proc/PID/maps bounds the mappings, /proc/PID/pagemap
 * says which pages are present and where, /proc/kpagecount and /proc/kpageflags (root only) say how many
 * mappers share each frame. Reads are batched per run of {@value #CHUNK_PAGES} pages into reused buffers.
 * One instance per thread: the buffers are not shared safely.
 */
public final class Supermincore {

    /** The largest range one call examines: 262,144 pages of 4 KiB. */
    public static final long MAX_RANGE_BYTES = 1L << 30;

    static final int CHUNK_PAGES = 512;

    // Documentation/admin-guide/mm/pagemap.rst
    private static final long PM_PFN_MASK = (1L << 55) - 1;
    private static final long PM_SOFT_DIRTY = 1L << 55;
    private static final long PM_EXCLUSIVE = 1L << 56;
    private static final long PM_UFFD_WP = 1L << 57;
    private static final long PM_FILE = 1L << 61;
    private static final long PM_SWAP = 1L << 62;

    private final Path procRoot;
    private final NumaTopology topology;
    private final int pageSizeBytes;
    private final MapsReader maps = new MapsReader();
    private final KpageReader kpages = new KpageReader(CHUNK_PAGES);
    private final ByteBuffer entryBuf =
            ByteBuffer.allocateDirect(CHUNK_PAGES * 8).order(ByteOrder.nativeOrder());
    private final long[] entries = new long[CHUNK_PAGES];
    private final long[] pfns = new long[CHUNK_PAGES];

    /** pagemap preads issued, for tests that check batching. */
    long pagemapReads;

    /** Normally {@code /proc} and {@code /sys}; the NUMA topology is read here, once. */
    public Supermincore(Path procRoot, Path sysRoot) {
        this.procRoot = procRoot;
        this.topology = NumaTopology.read(sysRoot);
        this.pageSizeBytes = KernelPageSize.read(procRoot);
    }

    public int pageSizeBytes() {
        return pageSizeBytes;
    }

    public NumaTopology topology() {
        return topology;
    }

    /** kpagecount and kpageflags preads issued so far, for tests that check batching. */
    long kpageReadsForTest() {
        return kpages.reads;
    }

    /**
     * Every mapped page of [start, end) (rounded outward to pages) of process {@code pid}, with a summary
     * per mapping. Pages not in any mapping are skipped.
     *
     * @throws IllegalArgumentException if the range is empty, negative or larger than {@link #MAX_RANGE_BYTES}
     * @throws IOException if the process is gone or its maps or pagemap is unreadable
     */
    public QueryResult query(long pid, long start, long end) throws IOException {
        long lo = PageSize.checkedFloor(start, end, pageSizeBytes, MAX_RANGE_BYTES);
        long hi = PageSize.ceil(end, pageSizeBytes);
        int n = maps.read(procRoot.resolve(pid + "/maps"), lo, hi);
        long pages = 0;
        for (int i = 0; i < n; i++) {
            pages += (Math.min(maps.end(i), hi) - Math.max(maps.start(i), lo)) / pageSizeBytes;
        }
        QueryResult.Builder b =
                new QueryResult.Builder(pid, lo, hi, pageSizeBytes, (int) pages, maps);
        return b.build(walk(pid, lo, hi, b));
    }

    /**
     * The allocation-free form of {@link #query}: calls {@code visitor} for every mapped page of the range.
     *
     * @return whether PFNs were visible (the caller has CAP_SYS_ADMIN), as {@link QueryResult#privileged()}
     */
    public boolean scan(long pid, long start, long end, PageVisitor visitor) throws IOException {
        long lo = PageSize.checkedFloor(start, end, pageSizeBytes, MAX_RANGE_BYTES);
        long hi = PageSize.ceil(end, pageSizeBytes);
        maps.read(procRoot.resolve(pid + "/maps"), lo, hi);
        return walk(pid, lo, hi, visitor);
    }

    private boolean walk(long pid, long lo, long hi, PageVisitor v) throws IOException {
        boolean sawPresent = false;
        boolean sawPfn = false;
        FileChannel counts = openOrNull(procRoot.resolve("kpagecount"));
        FileChannel flags = openOrNull(procRoot.resolve("kpageflags"));
        try (FileChannel pagemap =
                FileChannel.open(procRoot.resolve(pid + "/pagemap"), StandardOpenOption.READ)) {
            for (int i = 0; i < maps.count(); i++) {
                long mapStart = maps.start(i);
                int prot = maps.perms(i);
                long inode = maps.inode(i);
                v.mapping(mapStart, maps.end(i), prot, maps.offset(i), inode);
                long firstIndex =
                        inode == 0
                                ? -1
                                : (maps.offset(i) + Math.max(mapStart, lo) - mapStart)
                                        / pageSizeBytes;
                long runEnd = Math.min(maps.end(i), hi);
                for (long addr = Math.max(mapStart, lo);
                        addr < runEnd;
                        addr += (long) CHUNK_PAGES * pageSizeBytes) {
                    int n = (int) Math.min(CHUNK_PAGES, (runEnd - addr) / pageSizeBytes);
                    readEntries(pagemap, addr / pageSizeBytes * 8, n);
                    if (counts != null || flags != null) {
                        kpages.load(pfns, n, counts, flags);
                    }
                    for (int k = 0; k < n; k++) {
                        long e = entries[k];
                        long pfn = pfns[k];
                        sawPresent |= e < 0;
                        sawPfn |= pfn != 0;
                        long index =
                                firstIndex < 0
                                        ? -1
                                        : firstIndex
                                                + (addr - Math.max(mapStart, lo)) / pageSizeBytes
                                                + k;
                        emit(
                                v,
                                addr + (long) k * pageSizeBytes,
                                e,
                                pfn,
                                index,
                                prot,
                                counts != null,
                                flags != null);
                    }
                }
            }
        } finally {
            closeQuietly(counts);
            closeQuietly(flags);
        }
        return sawPfn || (!sawPresent && counts != null);
    }

    private void emit(
            PageVisitor v,
            long address,
            long e,
            long pfn,
            long index,
            int prot,
            boolean haveCounts,
            boolean haveFlags) {
        boolean present = e < 0;
        int flags =
                (present ? PageInfo.PRESENT : 0)
                        | ((e & PM_SWAP) != 0 ? PageInfo.SWAPPED : 0)
                        | ((e & PM_EXCLUSIVE) != 0 ? PageInfo.EXCLUSIVE : 0)
                        | ((e & PM_FILE) != 0 ? PageInfo.FILE_OR_SHARED_ANON : 0)
                        | ((e & PM_SOFT_DIRTY) != 0 ? PageInfo.SOFT_DIRTY : 0)
                        | ((e & PM_UFFD_WP) != 0 ? PageInfo.UFFD_WP : 0);
        int count = 0;
        int node = -1;
        if (present) {
            if (pfn != 0 && haveCounts) {
                count = (int) Math.min(kpages.count(pfn), Integer.MAX_VALUE);
            } else {
                // Unprivileged: "exclusively mapped" is the one count pagemap tells.
                count = (e & PM_EXCLUSIVE) != 0 ? 1 : 0;
            }
            if (pfn != 0 && haveFlags) {
                flags |= kpageFlags(kpages.flags(pfn));
            }
            node = pfn != 0 ? topology.nodeOf(pfn, pageSizeBytes) : topology.onlyNode();
        }
        v.page(address, pfn, index, count, prot, flags, node);
    }

    private static int kpageFlags(long kf) {
        return (((kf >>> KpageReader.KPF_THP) & 1) != 0 ? PageInfo.THP : 0)
                | (((kf >>> KpageReader.KPF_HUGE) & 1) != 0 ? PageInfo.HUGETLB : 0)
                | (((kf >>> KpageReader.KPF_DIRTY) & 1) != 0 ? PageInfo.DIRTY : 0)
                | (((kf >>> KpageReader.KPF_ZERO_PAGE) & 1) != 0 ? PageInfo.ZERO_PAGE : 0)
                | (((kf >>> KpageReader.KPF_KSM) & 1) != 0 ? PageInfo.KSM : 0);
    }

    private void readEntries(FileChannel pagemap, long pos, int n) throws IOException {
        entryBuf.clear().limit(n * 8);
        while (entryBuf.hasRemaining()) {
            pagemapReads++;
            if (pagemap.read(entryBuf, pos + entryBuf.position()) <= 0) {
                break; // the process exited or unmapped the range: the rest reads as not present
            }
        }
        int got = entryBuf.position() / 8;
        for (int k = 0; k < n; k++) {
            long e = k < got ? entryBuf.getLong(k * 8) : 0;
            entries[k] = e;
            pfns[k] = e < 0 && (e & PM_SWAP) == 0 ? e & PM_PFN_MASK : 0;
        }
    }

    private static FileChannel openOrNull(Path p) {
        try {
            return FileChannel.open(p, StandardOpenOption.READ);
        } catch (IOException | SecurityException e) {
            return null; // kpagecount and kpageflags are root-only: fall back to pagemap's
            // exclusive bit
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // read-only: nothing lost
        }
    }
}
