package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionLimitsTest {

    static final long MIB = 1 << 20;

    /** Every region at {@code pssMib[i]} MiB of Pss, with {@code threads} thread stacks. */
    static FootprintSnapshot snapshot(long[] pssMib, int threads) {
        RegionUsage[] usages = new RegionUsage[Region.count()];
        long[] committed = new long[Region.count()];
        for (int i = 0; i < usages.length; i++) {
            long b = pssMib[i] * MIB;
            usages[i] = new RegionUsage(b, b, b, 0, 0, b, 1);
        }
        List<FootprintSnapshot.ThreadStack> none = List.of();
        return new FootprintSnapshot(
                1, 1, 1, "smaps", "ok", usages, committed, none, threads, List.of(), 0);
    }

    static RegionLimits limits(
            long heap, long meta, long klass, long code, long stack, long direct) {
        long[] max = new long[Region.count()];
        String[] src = new String[Region.count()];
        Arrays.fill(max, -1);
        Arrays.fill(src, RegionLimits.UNBOUNDED);
        max[Region.JAVA_HEAP.ordinal()] = heap;
        max[Region.METASPACE.ordinal()] = meta;
        max[Region.CLASS_SPACE.ordinal()] = klass;
        max[Region.CODE_CACHE.ordinal()] = code;
        max[Region.THREAD_STACKS.ordinal()] = stack;
        max[Region.MALLOC.ordinal()] = direct;
        return new RegionLimits(max, src);
    }

    @Test
    void boundedRegionsCountAtTheirBoundTheOthersAtTheirPss() {
        long[] pss = new long[Region.count()];
        Arrays.fill(pss, 1); // 1 MiB everywhere
        pss[Region.MALLOC.ordinal()] = 50;
        FootprintSnapshot s = snapshot(pss, 20);
        RegionLimits l = limits(256 * MIB, -1, 1024 * MIB, 48 * MIB, MIB, 32 * MIB);
        assertEquals(20 * MIB, l.max(Region.THREAD_STACKS, s), "threads x one stack");
        // heap 256 + metaspace 1 (unbounded) + class 1024 + code 48 + stacks 20 + malloc (50 - 10 +
        // 32)
        // + the six unbounded others at 1
        assertEquals((256 + 1 + 1024 + 48 + 20 + 72 + 6) * MIB, l.configuredMax(s, 10 * MIB));
        assertEquals(
                (256 + 1 + 1024 + 48 + 20 + 50 + 6) * MIB,
                l.configuredMax(s, -1),
                "direct unknown: its Pss");
    }

    @Test
    void maxMetaspaceSizeBoundsMetaspaceAndClassSpaceTogether() {
        long[] pss = new long[Region.count()];
        FootprintSnapshot s = snapshot(pss, 0);
        RegionLimits l = limits(-1, 128 * MIB, 1024 * MIB, -1, -1, -1);
        assertEquals(128 * MIB, l.configuredMax(s, 0));
    }

    @Test
    void noBoundAtAllIsUnknown() {
        assertEquals(
                -1, RegionLimits.UNKNOWN.configuredMax(snapshot(new long[Region.count()], 0), 0));
    }

    @Test
    void nativeHeapReportShowsTheSplitAndFindingsAndDashesForUnknown() {
        NativeHeapView v =
                new NativeHeapView(
                        "glibc",
                        "libc.so.6 mapped",
                        3,
                        16,
                        "glibc's default: 8 x 2 CPUs",
                        60 * MIB,
                        200 * MIB,
                        180 * MIB,
                        40 * MIB,
                        -1,
                        0,
                        240 * MIB,
                        1,
                        "VM.info at start",
                        0,
                        -1,
                        List.of("glibc keeps 200 MiB free"),
                        "ok",
                        7);
        String text = NativeHeapReport.format(v);
        assertTrue(text.startsWith("NATIVE HEAP: glibc (libc.so.6 mapped), 3 arena heaps"), text);
        assertTrue(text.contains("of which direct buffers 40.0 MiB"), text);
        assertTrue(text.matches("(?s).*mapped buffers +-\n.*"), "unknown is a dash: " + text);
        assertTrue(text.contains("FINDINGS\n  - glibc keeps 200 MiB free\n"), text);
        assertTrue(NativeHeapReport.format(null).contains("status: no native heap facts"));
    }
}
