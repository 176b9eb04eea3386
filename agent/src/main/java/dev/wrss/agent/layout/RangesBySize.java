package dev.wrss.agent.layout;

import static dev.wrss.agent.layout.StaticRanges.BY_SIZE;
import static dev.wrss.agent.layout.StaticRanges.SEGMENT_MAP;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;

/**
 * Structures recognised in one reading of /proc/PID/maps by their size alone: GC tables and bitmaps, code
 * heaps' segment maps, ZGC's own tables. Guesses, at {@link StaticRanges#BY_SIZE} priority (a segment map
 * found by both its sizes at {@link StaticRanges#SEGMENT_MAP}), below every range the JVM prints.
 */
final class RangesBySize {

    /** Shenandoah's region objects for the largest heaps fit one 2 MiB large page, its THP alignment. */
    private static final long REGION_STORAGE_MAX_BYTES = 2L << 20;

    /**
     * Below this a size match is weak evidence (many unrelated anonymous mappings are a few pages), and
     * generational ZGC's 16 KiB granule maps hold a page or two: they stay malloc's.
     */
    static final long ZGC_GRANULE_MAP_MIN_BYTES = 1L << 20;

    private RangesBySize() {}

    /** As the other add, with the code heaps' committed sizes unknown. */
    static void add(
            MapsReader maps,
            HeapInfo heap,
            long[] code,
            boolean serverVm,
            long markStackBytes,
            boolean transparentHugePages,
            RangeTableBuilder out) {
        add(maps, heap, code, null, serverVm, markStackBytes, transparentHugePages, out);
    }

    /**
     * Structures recognised in the maps by their size: GC tables and bitmaps, code segment maps.
     * {@code codeCommitted} ({low, committedEnd, ...} per code heap, read together with {@code maps}) lets a
     * segment map be found by its committed head as well as its reserved size; null where unknown.
     */
    static void add(
            MapsReader maps,
            HeapInfo heap,
            long[] code,
            long[] codeCommitted,
            boolean serverVm,
            long markStackBytes,
            boolean transparentHugePages,
            RangeTableBuilder out) {
        if (heap.hasRange()) {
            long h = heap.end() - heap.start();
            // card table, block offset table and G1 card counts: a byte per 512-byte card;
            // mark bitmaps: a bit per 8-byte word, one or two of them; Parallel's 17 begin+end bits
            long[] gcSizes = {
                ReservationMatcher.pageUp(h / 512),
                ReservationMatcher.pageUp(h / 512 + 1),
                ReservationMatcher.pageUp(h / 64),
                2 * ReservationMatcher.pageUp(h / 64),
                ReservationMatcher.pageUp(h / 32)
            };
            ReservationMatcher.addMatches(maps, gcSizes, Region.GC_DATA, BY_SIZE, out);
            if (heap.collector().equals("Shenandoah")) {
                addShenandoahExtras(maps, heap, ReservationMatcher.pageUp(h / 32), out);
                if (transparentHugePages) {
                    addLargePageRegionStorage(maps, out);
                }
            }
            if (heap.collector().equals("G1") && markStackBytes > 0) {
                // G1's global mark stack on JDK 17: MarkStackSize oops, reserved and committed at
                // start-up
                ReservationMatcher.addUniqueTail(
                        maps,
                        markStackBytes,
                        heap.start(),
                        heap.end(),
                        Region.GC_DATA,
                        BY_SIZE,
                        out);
            }
        }
        // a code heap's segment map: a byte per CodeCacheSegmentSize, fixed when the VM is built:
        // 128 where it has both C1 and C2 (a Server VM), 64 otherwise. Both are tried only when the
        // VM does not say: a wrong one once claimed a 3 MiB VMA of G1 tables for the code cache,
        // its ---p end being a segment map's
        long[] perSegment = serverVm ? new long[] {128} : new long[] {128, 64};
        long[] segmentMapSizes = new long[code.length / 2 * perSegment.length];
        int bySizeOnly = 0;
        for (int i = 0; i < code.length; i += 2) {
            for (long segment : perSegment) {
                long reserved = ReservationMatcher.pageUp((code[i + 1] - code[i]) / segment);
                boolean sameHeaps = codeCommitted != null && codeCommitted.length == code.length;
                long committed =
                        sameHeaps
                                ? ReservationMatcher.pageUp(
                                        (codeCommitted[i + 1] - code[i]) / segment)
                                : -1;
                if (committed < 0
                        || committed >= reserved
                        || !addSegmentMap(maps, reserved, committed, out)) {
                    segmentMapSizes[bySizeOnly++] = reserved;
                }
            }
        }
        ReservationMatcher.addMatches(
                maps,
                java.util.Arrays.copyOf(segmentMapSizes, bySizeOnly),
                Region.CODE_CACHE,
                BY_SIZE,
                out);
    }

    /**
     * A code heap's segment map, a byte per segment, commits as its heap does: a head of
     * {@code committedBytes} ({@code rw-p}, possibly merged with memory below it) and a {@code ---p} rest of
     * exactly {@code reservedBytes - committedBytes}. Both sizes must fit, which a GC table's tail and the
     * next reservation's head almost never do by chance. Answers whether one was found.
     */
    private static boolean addSegmentMap(
            MapsReader maps, long reservedBytes, long committedBytes, RangeTableBuilder out) {
        boolean found = false;
        for (int i = 0; i < maps.count(); i++) {
            if (!maps.isAnonNone(i)
                    || maps.end(i) - maps.start(i) != reservedBytes - committedBytes) {
                continue;
            }
            long start = maps.start(i) - committedBytes;
            boolean head =
                    committedBytes == 0
                            || i > 0
                                    && maps.isAnonRw(i - 1)
                                    && maps.end(i - 1) == maps.start(i)
                                    && maps.start(i - 1) <= start;
            if (head && !ReservationMatcher.overlapsArena(maps, start, maps.end(i))) {
                out.add(start, maps.end(i), Region.CODE_CACHE, SEGMENT_MAP);
                found = true;
            }
        }
        return found;
    }

    /**
     * Shenandoah reserves its mark bitmap (two bits per heap word), then the aux bitmap ({@code ---p}, same
     * size), then the per-region objects, each below the last. The bitmap may merge with the {@code rw-p}
     * below it; the region storage (up to a large page with THP) lies just below the aux bitmap.
     */
    private static void addShenandoahExtras(
            MapsReader maps, HeapInfo heap, long bitmapBytes, RangeTableBuilder out) {
        ReservationMatcher.addUniqueTail(
                maps, bitmapBytes, heap.start(), heap.end(), Region.GC_DATA, BY_SIZE, out);
        for (int i = 1; i < maps.count(); i++) {
            if (maps.isAnonNone(i)
                    && maps.end(i) - maps.start(i) == bitmapBytes
                    && maps.isAnonRw(i - 1)
                    && maps.end(i - 1) == maps.start(i)) {
                long start = Math.max(maps.start(i - 1), maps.start(i) - REGION_STORAGE_MAX_BYTES);
                out.add(start, maps.start(i), Region.GC_DATA, BY_SIZE);
            }
        }
    }

    /**
     * With THP, Shenandoah's region storage is rounded up to one large page, committed whole and kept apart
     * from its neighbours by its THP advice, and not always right below the aux bitmap (seen in FidelityIT):
     * a single, large-page-aligned, fully committed anonymous mapping of exactly one large page. Runs with a
     * reserved tail (a code heap's head, say) are not it.
     */
    private static void addLargePageRegionStorage(MapsReader maps, RangeTableBuilder out) {
        for (int i = 0; i < maps.count(); i++) {
            long start = maps.start(i);
            if (maps.isAnonRw(i)
                    && maps.end(i) - start == REGION_STORAGE_MAX_BYTES
                    && (start & (REGION_STORAGE_MAX_BYTES - 1)) == 0
                    && !ReservationMatcher.overlapsArena(maps, start, maps.end(i))) {
                out.add(start, maps.end(i), Region.GC_DATA, BY_SIZE);
            }
        }
    }

    /**
     * Non-generational ZGC's own tables (JDK 17): the page table and the forwarding table, each a pointer per
     * 2 MiB granule of the heap's 4-16 TiB offset range (16-64 MiB, committed whole, one of them written
     * whole), alone or merged with each other; and the mark stack space, a reservation of
     * {@code ZMarkStackSpaceLimit} (8 GiB) committed from its bottom. Only for granule maps of at least
     * {@link #ZGC_GRANULE_MAP_MIN_BYTES}.
     */
    static void addZgcTables(
            MapsReader maps,
            long granuleMapBytes,
            long markStackSpaceBytes,
            RangeTableBuilder out) {
        ReservationMatcher.addMatches(
                maps,
                new long[] {granuleMapBytes, 2 * granuleMapBytes},
                Region.GC_DATA,
                BY_SIZE,
                out);
        if (markStackSpaceBytes > 0) {
            ReservationMatcher.addTailAnchored(
                    maps, markStackSpaceBytes, Region.GC_DATA, BY_SIZE, out);
        }
    }
}
