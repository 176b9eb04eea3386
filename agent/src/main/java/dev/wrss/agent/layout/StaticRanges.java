package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;

/**
 * The priorities that decide overlaps, and the ranges the JVM itself gives: the addresses its diagnostic
 * commands print and the mappings it names. The heap wins over the CDS heap objects mapped inside it, printed
 * addresses over stacks, and stacks over structures recognised only by their size ({@link RangesBySize}).
 */
final class StaticRanges {

    static final int HEAP = 100;
    static final int PRINTED = 80;
    static final int STACK = 60;

    /** A code heap's segment map found by both its reserved and its committed size: two exact boundaries. */
    static final int SEGMENT_MAP = 45;

    static final int BY_SIZE = 40;

    /** The gap HotSpot leaves between the CDS archive and the class space it reserves right after it. */
    private static final long CDS_ALIGNMENT_GAP_MAX = 64L << 20;

    private StaticRanges() {}

    static void addPrinted(
            HeapInfo heap, VmInfo vm, long[] code, MetaspaceNodes meta, RangeTableBuilder out) {
        if (heap.hasRange()) {
            out.add(heap.start(), heap.end(), Region.JAVA_HEAP, HEAP);
        } else if (vm.heap()[1] > vm.heap()[0]) {
            out.add(vm.heap()[0], vm.heap()[1], Region.JAVA_HEAP, HEAP);
        }
        long cdsEnd = vm.cds()[1];
        long classStart = meta.classSpace().length > 0 ? meta.classSpace()[0] : vm.classSpace()[0];
        if (cdsEnd > 0 && classStart >= cdsEnd && classStart - cdsEnd < CDS_ALIGNMENT_GAP_MAX) {
            // the ---p alignment tail up to the class space is part of the archive's reservation
            cdsEnd = classStart;
        }
        out.add(vm.cds()[0], cdsEnd, Region.CDS_ARCHIVE, PRINTED);
        out.add(vm.classSpace()[0], vm.classSpace()[1], Region.CLASS_SPACE, PRINTED);
        addPairs(vm.gcData(), Region.GC_DATA, PRINTED, out);
        addPairs(code, Region.CODE_CACHE, PRINTED, out);
        addPairs(meta.nonClass(), Region.METASPACE, PRINTED, out);
        addPairs(meta.classSpace(), Region.CLASS_SPACE, PRINTED, out);
    }

    /** The whole mapping around each printed address (e.g. Shenandoah's collection-set map), as printed facts. */
    static void addContaining(
            MapsReader maps, long[] addresses, Region region, RangeTableBuilder out) {
        for (long a : addresses) {
            int i = maps.indexOf(a);
            if (i >= 0) {
                out.add(maps.start(i), maps.end(i), region, PRINTED);
            }
        }
    }

    /** Every memfd:java_heap view together with the ---p reservation around it. */
    static void addZgcHeap(MapsReader maps, RangeTableBuilder out) {
        int n = maps.count();
        for (int i = 0; i < n; i++) {
            if (!maps.is(i, JvmMaps.JAVA_HEAP_MEMFD, JvmMaps.JAVA_HEAP_MEMFD)) {
                continue;
            }
            int lo = i;
            while (lo > 0 && maps.end(lo - 1) == maps.start(lo) && heapPart(maps, lo - 1)) {
                lo--;
            }
            int hi = i;
            while (hi + 1 < n && maps.start(hi + 1) == maps.end(hi) && heapPart(maps, hi + 1)) {
                hi++;
            }
            out.add(maps.start(lo), maps.end(hi), Region.JAVA_HEAP, HEAP);
            i = hi;
        }
    }

    private static boolean heapPart(MapsReader maps, int i) {
        return maps.isAnonNone(i) || maps.is(i, JvmMaps.JAVA_HEAP_MEMFD, JvmMaps.JAVA_HEAP_MEMFD);
    }

    private static void addPairs(long[] pairs, Region region, int priority, RangeTableBuilder out) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.add(pairs[i], pairs[i + 1], region, priority);
        }
    }
}
