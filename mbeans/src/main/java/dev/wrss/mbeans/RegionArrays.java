package dev.wrss.mbeans;

import java.util.Arrays;
import java.util.Objects;

/**
 * The per-region arrays of a {@link FootprintSnapshot}: checked, summed, and shared with the previous snapshot
 * where their contents are equal, so that a process whose numbers did not move costs no new arrays.
 */
final class RegionArrays {

    /** Shared by every snapshot: an empty array cannot be changed. */
    private static final long[] NO_NODES = new long[0];

    /** Every region without NUMA figures: shared by every snapshot that has none (never handed out). */
    private static final long[][] NO_NODES_BY_REGION = new long[Region.count()][];

    static {
        Arrays.fill(NO_NODES_BY_REGION, NO_NODES);
    }

    private RegionArrays() {}

    /**
     * Field by field, not by record equals(): this runs once per scan, too rarely to be compiled, and each
     * equals() runs a chain of method handles, tens of microseconds in the interpreter.
     */
    static boolean sameUsages(RegionUsage[] a, RegionUsage[] b) {
        for (int i = 0; i < a.length; i++) {
            RegionUsage x = a[i];
            RegionUsage y = b[i];
            if (x != y
                    && (x.rssBytes() != y.rssBytes()
                            || x.pssBytes() != y.pssBytes()
                            || x.ussBytes() != y.ussBytes()
                            || x.swapBytes() != y.swapBytes()
                            || x.swapPssBytes() != y.swapPssBytes()
                            || x.virtualBytes() != y.virtualBytes()
                            || x.mappings() != y.mappings())) {
                return false;
            }
        }
        return true;
    }

    static RegionUsage[] checked(RegionUsage[] regions) {
        if (regions.length != Region.count()) {
            throw new IllegalArgumentException("one entry per region expected");
        }
        for (RegionUsage r : regions) {
            Objects.requireNonNull(r, "region usage");
        }
        return regions;
    }

    /** One array per region, missing ones empty; {@code previous} itself, or its rows, where equal. */
    static long[][] nodeCopy(long[][] given, long[][] previous) {
        if (given.length == 0 && (previous == null || previous == NO_NODES_BY_REGION)) {
            return NO_NODES_BY_REGION; // no NUMA view, as every scan without one: share one array
        }
        long[][] out = null;
        for (int i = 0; i < Region.count(); i++) {
            long[] g = i < given.length && given[i] != null ? given[i] : NO_NODES;
            long[] p = previous == null ? null : previous[i];
            if (p != null && Arrays.equals(g, p)) {
                if (out != null) {
                    out[i] = p;
                }
                continue;
            }
            if (out == null) {
                out = new long[Region.count()][];
                for (int k = 0; k < i; k++) {
                    // equal so far, hence previous is non-null here unless i == 0
                    out[k] = previous[k];
                }
            }
            out[i] = g.length == 0 ? NO_NODES : g.clone();
        }
        return out != null ? out : previous;
    }

    static RegionUsage sum(RegionUsage[] regions) {
        long rss = 0, pss = 0, uss = 0, swap = 0, swapPss = 0, virt = 0;
        int mappings = 0;
        for (RegionUsage r : regions) {
            Objects.requireNonNull(r, "region usage");
            rss += r.rssBytes();
            pss += r.pssBytes();
            uss += r.ussBytes();
            swap += r.swapBytes();
            swapPss += r.swapPssBytes();
            virt += r.virtualBytes();
            mappings += r.mappings();
        }
        return new RegionUsage(rss, pss, uss, swap, swapPss, virt, mappings);
    }
}
