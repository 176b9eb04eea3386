package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;

/**
 * Finds JVM side structures whose addresses the JVM does not print but whose sizes follow from facts it
 * does: a block offset table or card-count table is heap/512, a mark bitmap heap/64, a code heap's segment
 * map its size/128. A match is a run of anonymous private mappings with exactly that total size, beginning
 * and ending on mapping boundaries, committed part first ({@code rw-p} then {@code ---p}), as HotSpot's
 * VirtualSpace commits from the bottom. Both boundaries must be exact, which keeps glibc arenas out.
 */
final class ReservationMatcher {

    private static final long PAGE = 4096;

    private ReservationMatcher() {}

    /** glibc's HEAP_MAX_SIZE on 64-bit: a non-main arena heap is a 64 MiB-aligned 64 MiB reservation. */
    static final long ARENA_BYTES = 64L << 20;

    /**
     * Whether [start, end) touches a glibc arena heap: an anonymous run that starts with {@code rw-p} at a
     * 64 MiB-aligned address and, with the {@code ---p} reservation after it, spans exactly 64 MiB. A size
     * match must not claim malloc memory for a GC table (seen: an arena's head taken for a Serial GC table).
     */
    static boolean overlapsArena(MapsReader maps, long start, long end) {
        long first = start & -ARENA_BYTES;
        for (long base = first; base < end; base += ARENA_BYTES) {
            int i = maps.indexOf(base);
            if (i < 0 || maps.start(i) != base || !maps.isAnonRw(i)) {
                continue;
            }
            int last = i;
            while (last + 1 < maps.count()
                    && maps.start(last + 1) == maps.end(last)
                    && maps.isAnonNone(last + 1)) {
                last++;
            }
            if (maps.end(last) == base + ARENA_BYTES && base + ARENA_BYTES > start) {
                return true;
            }
        }
        return false;
    }

    static long pageUp(long bytes) {
        return (bytes + PAGE - 1) & -PAGE;
    }

    /** Adds every run in {@code maps} whose size is one of {@code sizes} to {@code out} as {@code region}. */
    static void addMatches(
            MapsReader maps, long[] sizes, Region region, int priority, RangeTableBuilder out) {
        addMergedHeads(maps, sizes, region, priority, out);
        int n = maps.count();
        for (int first = 0; first < n; first++) {
            if (!maps.isAnonRw(first) && !maps.isAnonNone(first)) {
                continue;
            }
            // a run starting here must not be the tail of the same reservation: the previous
            // mapping may only touch it if it is something else (a file, or the other protection)
            // ...unless the mapping alone has exactly a wanted size: the kernel kept it apart from
            // its neighbour (other VmFlags, e.g. THP advice), which a tail of one reservation would
            // not be
            boolean tailSuspect =
                    first > 0
                            && maps.end(first - 1) == maps.start(first)
                            && sameKind(maps, first - 1, first);
            if (tailSuspect && !contains(sizes, maps.end(first) - maps.start(first))) {
                continue;
            }
            long start = maps.start(first);
            boolean sawNone = false;
            for (int last = first; last < n; last++) {
                if (last > first && maps.start(last) != maps.end(last - 1)) {
                    break;
                }
                boolean none = maps.isAnonNone(last);
                if (!none && !maps.isAnonRw(last) || sawNone && !none) {
                    break; // committed memory after a reservation gap belongs to someone else
                }
                sawNone |= none;
                long size = maps.end(last) - start;
                if (contains(sizes, size)) {
                    if (!overlapsArena(maps, start, maps.end(last))) {
                        out.add(start, maps.end(last), region, priority);
                    }
                    break;
                }
            }
        }
    }

    /**
     * The partly committed case where the committed head merged with an unrelated {@code rw-p} neighbour:
     * the reservation then ends exactly at a {@code ---p} end and begins inside the {@code rw-p} before it;
     * or at its start, where the head is a mapping of its own that touches other {@code rw-p} memory (kept
     * apart by other flags), which {@link #addMatches} takes for a reservation's tail.
     */
    static void addMergedHeads(
            MapsReader maps, long[] sizes, Region region, int priority, RangeTableBuilder out) {
        for (int i = 1; i < maps.count(); i++) {
            int k = i - 1;
            if (!maps.isAnonNone(i) || !maps.isAnonRw(k) || maps.end(k) != maps.start(i)) {
                continue;
            }
            for (long size : sizes) {
                long start = maps.end(i) - size;
                if (start >= maps.start(k)
                        && start < maps.end(k)
                        && !overlapsArena(maps, start, maps.end(i))) {
                    out.add(start, maps.end(i), region, priority);
                }
            }
        }
    }

    /**
     * A reservation of {@code size} found from its end: a {@code ---p} mapping ends it and its committed
     * head begins at or inside the {@code rw-p} mapping right below (or nothing is committed). Unlike
     * {@link #addMatches}, other {@code rw-p} memory touching the head (a thread's stack) does not make it a
     * suspected tail, so this is only for sizes nothing else in a JVM reserves (ZGC's 8 GiB mark stack space).
     */
    static void addTailAnchored(
            MapsReader maps, long size, Region region, int priority, RangeTableBuilder out) {
        for (int i = 0; i < maps.count(); i++) {
            if (!maps.isAnonNone(i)) {
                continue;
            }
            long start = maps.end(i) - size;
            boolean headBelow =
                    i > 0
                            && maps.isAnonRw(i - 1)
                            && maps.end(i - 1) == maps.start(i)
                            && start >= maps.start(i - 1)
                            && start < maps.end(i - 1);
            if ((headBelow || start == maps.start(i)) && !overlapsArena(maps, start, maps.end(i))) {
                out.add(start, maps.end(i), region, priority);
            }
        }
    }

    /**
     * A fully committed reservation of {@code size} that the kernel merged with the {@code rw-p} memory below
     * it, so only its end is a mapping boundary: the last {@code size} bytes of an anonymous {@code rw-p}
     * mapping outside [{@code skipStart}, {@code skipEnd}) and not 64 MiB-aligned (a glibc arena). Added only
     * if exactly one mapping qualifies, since a tail match alone is weak evidence.
     */
    static void addUniqueTail(
            MapsReader maps,
            long size,
            long skipStart,
            long skipEnd,
            Region region,
            int priority,
            RangeTableBuilder out) {
        int found = -1;
        for (int i = 0; i < maps.count(); i++) {
            long start = maps.start(i);
            if (maps.isAnonRw(i)
                    && maps.end(i) - start >= size
                    && (start & ((64L << 20) - 1)) != 0
                    && (maps.end(i) <= skipStart || start >= skipEnd)) {
                if (found >= 0) {
                    return;
                }
                found = i;
            }
        }
        if (found >= 0) {
            out.add(maps.end(found) - size, maps.end(found), region, priority);
        }
    }

    private static boolean sameKind(MapsReader maps, int a, int b) {
        return maps.isAnonRw(a) && maps.isAnonRw(b) || maps.isAnonNone(a) && maps.isAnonNone(b);
    }

    private static boolean contains(long[] sizes, long size) {
        for (long s : sizes) {
            if (s == size) {
                return true;
            }
        }
        return false;
    }
}
