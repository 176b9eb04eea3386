package dev.wrss.agent.nativeheap;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.Region;
import java.nio.charset.StandardCharsets;

/**
 * What one scan's maps say about the native heap, counted as the mappings go by: glibc's arena heaps
 * (64 MiB-aligned anonymous reservations, a {@code rw-p} head and a {@code ---p} tail), the resident bytes of
 * those and of {@code [heap]} (the main arena), the other anonymous malloc mappings (mmapped chunks and native
 * code's own mmaps), and which allocator libraries are mapped. Allocates nothing. Owned by the scanning
 * thread: {@link #start()} and {@link #add} run there, and the probe reads the counts there after the scan.
 */
public final class HeapMaps {

    static final long ARENA_BYTES = 64L << 20; // glibc's HEAP_MAX_SIZE on 64-bit

    public static final int GLIBC = 1, JEMALLOC = 2, TCMALLOC = 4, MIMALLOC = 8, MUSL = 16;
    static final String[] NAMES = {"glibc", "jemalloc", "tcmalloc", "mimalloc", "musl"};
    // glibc 2.34 and later name the library libc.so.6; before, libc.so.6 was a link to libc-2.NN.so
    private static final byte[][] LIBRARIES = {
        ascii("libc.so.6"),
        ascii("libc-2."),
        ascii("libjemalloc"),
        ascii("libtcmalloc"),
        ascii("libmimalloc"),
        ascii("ld-musl-")
    };
    private static final int[] BITS = {GLIBC, GLIBC, JEMALLOC, TCMALLOC, MIMALLOC, MUSL};
    private static final byte[] HEAP = ascii("[heap]");

    private int arenaHeaps;
    private long arenaEnd;
    private long arenaRss;
    private long arenaPss;
    private long brkRss;
    private long looseRss;
    private int libraries;

    public void start() {
        arenaHeaps = 0;
        arenaEnd = 0;
        arenaRss = arenaPss = brkRss = looseRss = 0;
        libraries = 0;
    }

    /** One classified mapping, in address order. */
    public void add(Mapping m, Region r) {
        if (r == Region.SHARED_LIBS) {
            if (m.offset() == 0 && m.fileBacked()) { // one segment per library is enough
                for (int i = 0; i < LIBRARIES.length; i++) {
                    if (m.fileNameContains(LIBRARIES[i])) {
                        libraries |= BITS[i];
                    }
                }
            }
            return;
        }
        if (r != Region.MALLOC) {
            return;
        }
        long rss = Mapping.orZero(m.rssBytes());
        if (m.pathEquals(HEAP)) {
            brkRss += rss;
            arenaPss += Mapping.orZero(m.pssBytes());
        } else if (!m.fileBacked()
                && m.start() % ARENA_BYTES == 0
                && m.end() - m.start() <= ARENA_BYTES) {
            arenaHeaps++;
            arenaEnd = m.start() + ARENA_BYTES;
            arenaRss += rss;
            arenaPss += Mapping.orZero(m.pssBytes());
        } else if (m.start() < arenaEnd) {
            arenaRss += rss; // the heap's tail, or a part of its head the kernel split off
            arenaPss += Mapping.orZero(m.pssBytes());
        } else if (!m.fileBacked()) {
            looseRss += rss;
        }
    }

    /** 64 MiB arena heaps: glibc arenas beside the main one (an arena that outgrew one heap has several). */
    public int arenaHeaps() {
        return arenaHeaps;
    }

    /** Resident bytes of the arena heaps plus [heap]. */
    public long arenaAndBrkRss() {
        return arenaRss + brkRss;
    }

    public long arenaAndBrkPss() {
        return arenaPss;
    }

    /** Resident bytes of the other anonymous malloc mappings: mmapped chunks and native code's own mmaps. */
    public long looseRss() {
        return looseRss;
    }

    /** Bit set of {@link #GLIBC} ... {@link #MUSL}: the allocator libraries seen mapped. */
    public int libraries() {
        return libraries;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
