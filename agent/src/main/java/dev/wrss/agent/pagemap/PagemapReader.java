package dev.wrss.agent.pagemap;

import dev.wrss.agent.proc.KernelPageSize;
import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.MappingSource;
import dev.wrss.agent.proc.SmapsParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The pagemap mode's first stage: takes the mappings from /proc/PID/maps (no page-table walk) and counts
 * each one's pages from /proc/PID/pagemap, 512 entries (2 MiB of address space) per pread. The kernel takes
 * the mmap lock per such read, not per mapping as smaps does, so the application's mmap/munmap wait at most
 * one chunk. Exclusive pages count 1; for the others /proc/kpagecount gives the map count when readable
 * (root), so Pss is exact then; otherwise they count as if private and {@link #problem()} says so.
 *
 * <p>One class because the per-page loop and the reads that fill its windows share the open channels and
 * buffers as fields, which the loop uses without a call between them.
 */
public final class PagemapReader implements MappingSource {

    private static final int CHUNK_PAGES = 512;
    private static final long PM_PFN_MASK = (1L << 55) - 1;
    private static final long PM_EXCLUSIVE = 1L << 56;
    private static final long PM_SWAP = 1L << 62;

    /** x86-64 user space ends here; [vsyscall] lies above and has no pagemap entries. */
    private static final long USER_END = 1L << 47;

    private static final int PSS_SHIFT =
            12; // the kernel's fixed point for Pss (fs/proc/task_mmu.c)

    private final Path maps;
    private final Path pagemapPath;
    private final Path procRoot;
    private final long pageBytes;
    private final SmapsParser mapsParser = new SmapsParser(); // maps lines are smaps header lines
    private final KpageReader kpages = new KpageReader(CHUNK_PAGES);
    private final ByteBuffer entryBuf =
            ByteBuffer.allocateDirect(CHUNK_PAGES * 8).order(ByteOrder.nativeOrder());
    private final long[] sharedPfns = new long[CHUNK_PAGES];
    private FileChannel mapsChannel;
    private FileChannel pagemap;
    private FileChannel counts;
    private FileChannel flags;
    private boolean countsTried;
    private SmapsParser.Sink downstream;
    private IOException failure;
    private long unknownCountPages;
    private final SharedPss sharedPss;
    private final SmapsParser.Sink countPages = this::countPages;

    /**
     * Weighs, per mapping, the resident pages whose map count is unknown (shared, kpagecount unreadable):
     * {@code sharedBytes} of them in mapping {@code m}; returns their Pss in bytes.
     */
    @FunctionalInterface
    public interface SharedPss {
        long pssBytes(Mapping m, long sharedBytes);
    }

    /** @param procRoot normally /proc; {@code pid} is a number or {@code self} */
    public PagemapReader(Path procRoot, String pid) {
        this(procRoot, pid, null);
    }

    /**
     * @param sharedPss weighs every shared page instead of kpagecount; null divides by kpagecount where
     *                  readable and counts the rest whole, as if private
     */
    public PagemapReader(Path procRoot, String pid, SharedPss sharedPss) {
        this.sharedPss = sharedPss;
        this.procRoot = procRoot;
        this.maps = procRoot.resolve(pid).resolve("maps");
        this.pagemapPath = procRoot.resolve(pid).resolve("pagemap");
        this.pageBytes = KernelPageSize.read(procRoot);
    }

    /** Whether /proc/kpagecount can be read, that is whether Pss will be exact: the test mode=auto makes. */
    public static boolean privileged(Path procRoot) {
        try (FileChannel c =
                FileChannel.open(procRoot.resolve("kpagecount"), StandardOpenOption.READ)) {
            return c.read(ByteBuffer.allocate(8), 0) == 8;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String mode() {
        return "pagemap";
    }

    @Override
    public void read(SmapsParser.Sink sink) throws IOException {
        boolean ok = false;
        try {
            open();
            downstream = sink;
            failure = null;
            unknownCountPages = 0;
            mapsChannel.position(0);
            mapsParser.parse(mapsChannel, countPages);
            if (failure != null) {
                throw failure;
            }
            ok = true;
        } finally {
            downstream = null;
            if (!ok) {
                close();
            }
        }
    }

    private void open() throws IOException {
        if (mapsChannel == null) {
            mapsChannel = FileChannel.open(maps, StandardOpenOption.READ);
            pagemap = FileChannel.open(pagemapPath, StandardOpenOption.READ);
        }
        if (!countsTried) {
            countsTried = true;
            // given a weigher, shared pages are its to weigh: kpagecount is not read even when
            // readable
            counts =
                    sharedPss == null && privileged(procRoot)
                            ? openOrNull(procRoot.resolve("kpagecount"))
                            : null;
            flags = counts == null ? null : openOrNull(procRoot.resolve("kpageflags"));
        }
    }

    /** Fills the resident fields of one maps entry from its pages, then passes it on. */
    private void countPages(Mapping m) {
        if (failure != null) {
            return;
        }
        long rss = 0, privateBytes = 0, swap = 0, pssShifted = 0, unknownCountBytes = 0;
        long end =
                Long.compareUnsigned(m.end(), USER_END) > 0
                        ? Math.max(m.start(), USER_END)
                        : m.end();
        try {
            for (long addr = m.start();
                    Long.compareUnsigned(addr, end) < 0;
                    addr += CHUNK_PAGES * pageBytes) {
                int n = (int) Math.min(CHUNK_PAGES, (end - addr) / pageBytes);
                int got = readEntries(addr, n);
                int shared = 0;
                for (int k = 0; k < got; k++) {
                    long e = entryBuf.getLong(k * 8);
                    if (e >= 0) { // bit 63 clear: not present
                        swap += (e & PM_SWAP) != 0 ? pageBytes : 0;
                    } else if ((e & PM_EXCLUSIVE) != 0) {
                        rss += pageBytes;
                        privateBytes += pageBytes;
                        pssShifted += pageBytes << PSS_SHIFT;
                    } else if (counts != null && (e & PM_PFN_MASK) != 0) {
                        sharedPfns[shared++] = e & PM_PFN_MASK;
                    } else {
                        unknownCountPages++; // no count to divide by: weighed below, or counted
                        // whole
                        rss += pageBytes;
                        unknownCountBytes += pageBytes;
                    }
                }
                if (shared > 0) {
                    kpages.load(sharedPfns, shared, counts, flags);
                    for (int k = 0; k < shared; k++) {
                        long pfn = sharedPfns[k];
                        long count = kpages.count(pfn);
                        // the zero page and special pages are not counted by smaps either
                        if (count <= 0
                                || ((kpages.flags(pfn) >>> KpageReader.KPF_ZERO_PAGE) & 1) != 0) {
                            continue;
                        }
                        rss += pageBytes;
                        privateBytes += count == 1 ? pageBytes : 0;
                        pssShifted += (pageBytes << PSS_SHIFT) / count;
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
            return;
        }
        long unknownPss = unknownCountBytes;
        if (sharedPss == null) {
            privateBytes +=
                    unknownCountBytes; // as if private: Uss is then an upper bound, as Pss is
        } else if (unknownCountBytes > 0) {
            unknownPss = sharedPss.pssBytes(m, unknownCountBytes);
        }
        // smaps prints Pss in whole kB, rounded down: so do we, so that both modes agree
        long pss = ((pssShifted >> PSS_SHIFT) + unknownPss) >> 10 << 10;
        m.setResident(rss, pss, 0, privateBytes, swap, Mapping.ABSENT);
        downstream.mapping(m);
    }

    /** Reads {@code n} entries from {@code addr} into the entry buffer; returns how many arrived. */
    private int readEntries(long addr, int n) throws IOException {
        entryBuf.clear().limit(n * 8);
        long pos = addr / pageBytes * 8;
        while (entryBuf.hasRemaining()) {
            if (pagemap.read(entryBuf, pos + entryBuf.position()) <= 0) {
                break;
            }
        }
        return entryBuf.position() / 8;
    }

    @Override
    public String problem() {
        return unknownCountPages == 0 || sharedPss != null
                ? null
                : "pagemap: "
                        + unknownCountPages
                        + " shared pages counted as private (kpagecount needs root)";
    }

    /** Pages of the last read whose map count was unknown (shared, kpagecount unreadable). */
    public long unknownCountPages() {
        return unknownCountPages;
    }

    @Override
    public int malformedLines() {
        return mapsParser.malformedLines();
    }

    /** Buffers of the maps parser, the entry and count windows. */
    @Override
    public long retainedBytesEstimate() {
        return 64L * 1024 + 16 * 1024 + CHUNK_PAGES * 8L * 5 + 512;
    }

    @Override
    public void close() {
        closeQuietly(mapsChannel);
        closeQuietly(pagemap);
        closeQuietly(counts);
        closeQuietly(flags);
        mapsChannel = pagemap = counts = flags = null;
        countsTried = false;
    }

    private static FileChannel openOrNull(Path p) {
        try {
            return FileChannel.open(p, StandardOpenOption.READ);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // a /proc file: nothing is lost
        }
    }
}
