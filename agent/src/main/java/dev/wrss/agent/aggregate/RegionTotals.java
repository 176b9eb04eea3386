package dev.wrss.agent.aggregate;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;

/**
 * Sums the mappings of one scan per region, in primitive arrays reused from scan to scan. A field the
 * kernel did not print counts as 0, except SwapPss, which stays -1 for the scan if no mapping had it.
 */
public final class RegionTotals {

    private final long[] rss = new long[Region.count()];
    private final long[] pss = new long[Region.count()];
    private final long[] uss = new long[Region.count()];
    private final long[] swap = new long[Region.count()];
    private final long[] swapPss = new long[Region.count()];
    private final long[] virt = new long[Region.count()];
    private final int[] mappings = new int[Region.count()];
    private boolean swapPssSeen;
    // the records toUsages made last, with the numbers they hold
    private final RegionUsage[] made = new RegionUsage[Region.count()];
    private final long[] madeRss = new long[Region.count()];
    private final long[] madePss = new long[Region.count()];
    private final long[] madeUss = new long[Region.count()];
    private final long[] madeSwap = new long[Region.count()];
    private final long[] madeSwapPss = new long[Region.count()];
    private final long[] madeVirt = new long[Region.count()];
    private final int[] madeMappings = new int[Region.count()];

    public void clear() {
        java.util.Arrays.fill(rss, 0);
        java.util.Arrays.fill(pss, 0);
        java.util.Arrays.fill(uss, 0);
        java.util.Arrays.fill(swap, 0);
        java.util.Arrays.fill(swapPss, 0);
        java.util.Arrays.fill(virt, 0);
        java.util.Arrays.fill(mappings, 0);
        swapPssSeen = false;
    }

    public void add(Region region, Mapping m) {
        int i = region.ordinal();
        rss[i] += Mapping.orZero(m.rssBytes());
        pss[i] += Mapping.orZero(m.pssBytes());
        uss[i] += m.ussBytes();
        swap[i] += Mapping.orZero(m.swapBytes());
        if (m.swapPssBytes() >= 0) {
            swapPssSeen = true;
            swapPss[i] += m.swapPssBytes();
        }
        virt[i] += m.virtualBytes();
        mappings[i]++;
    }

    public long pssBytes(Region region) {
        return pss[region.ordinal()];
    }

    public long rssBytes(Region region) {
        return rss[region.ordinal()];
    }

    /**
     * The usage of every region into {@code out} (indexed by ordinal), keeping the instance already there
     * when its numbers did not change: a steady process then allocates no usage records. The snapshot
     * constructor copies the array, so the caller may reuse it. Runs once per scan, so in the interpreter:
     * an instance this method put there is compared with the numbers it was made from, without calls.
     */
    public void toUsages(RegionUsage[] out) {
        for (int i = 0; i < out.length; i++) {
            RegionUsage p = out[i];
            long sp = swapPssSeen ? swapPss[i] : -1;
            if (mappings[i] == 0) {
                out[i] = RegionUsage.EMPTY;
            } else if (p == null
                    || (p == made[i]
                            ? madeRss[i] != rss[i]
                                    || madePss[i] != pss[i]
                                    || madeUss[i] != uss[i]
                                    || madeSwap[i] != swap[i]
                                    || madeSwapPss[i] != sp
                                    || madeVirt[i] != virt[i]
                                    || madeMappings[i] != mappings[i]
                            : !sameNumbers(p, i, sp))) {
                out[i] = new RegionUsage(rss[i], pss[i], uss[i], swap[i], sp, virt[i], mappings[i]);
                made[i] = out[i];
                madeRss[i] = rss[i];
                madePss[i] = pss[i];
                madeUss[i] = uss[i];
                madeSwap[i] = swap[i];
                madeSwapPss[i] = sp;
                madeVirt[i] = virt[i];
                madeMappings[i] = mappings[i];
            }
        }
    }

    private boolean sameNumbers(RegionUsage p, int i, long sp) {
        return p.rssBytes() == rss[i]
                && p.pssBytes() == pss[i]
                && p.ussBytes() == uss[i]
                && p.swapBytes() == swap[i]
                && p.swapPssBytes() == sp
                && p.virtualBytes() == virt[i]
                && p.mappings() == mappings[i];
    }

    /** The usage of every region, indexed by ordinal: a fresh array for a snapshot to own. */
    public RegionUsage[] toUsages() {
        RegionUsage[] out = new RegionUsage[Region.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] =
                    mappings[i] == 0
                            ? RegionUsage.EMPTY
                            : new RegionUsage(
                                    rss[i],
                                    pss[i],
                                    uss[i],
                                    swap[i],
                                    swapPssSeen ? swapPss[i] : -1,
                                    virt[i],
                                    mappings[i]);
        }
        return out;
    }
}
