package dev.wrss.agent.nativeheap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NativeHeapFindingsTest {

    static final long MIB = 1 << 20;

    static NativeHeapFindings.Figures glibc(
            long outstanding,
            long retained,
            long resident,
            long direct,
            long other,
            long mallocPss,
            int arenas) {
        return new NativeHeapFindings.Figures(
                "glibc",
                "libc.so.6 mapped",
                arenas,
                16,
                outstanding,
                retained,
                resident,
                direct,
                other,
                mallocPss);
    }

    @Test
    void aSmallQuietHeapHasNoFinding() {
        assertEquals(
                List.of(),
                NativeHeapFindings.of(
                        glibc(20 * MIB, 3 * MIB, 2 * MIB, MIB, 10 * MIB, 33 * MIB, 5), false));
    }

    @Test
    void retainedMemoryNamesItsNumbersAndOnlyTheRemediesThatApply() {
        List<String> f =
                NativeHeapFindings.of(
                        glibc(20 * MIB, 412 * MIB, 400 * MIB, 0, 0, 430 * MIB, 17), false);
        assertEquals(
                List.of(
                        "glibc keeps 412 MiB free (400 MiB of it resident, 93% of the 430 MiB malloc region) in "
                                + "17 arena heaps beside the main arena (arena limit 16): MALLOC_ARENA_MAX=2 or "
                                + "-XX:TrimNativeHeapInterval=60000 would return most of it"),
                f);
        String withPeriodicTrimAndTwoArenas =
                NativeHeapFindings.of(
                                glibc(20 * MIB, 412 * MIB, 400 * MIB, 0, 0, 430 * MIB, 2), true)
                        .get(0);
        assertEquals(
                "glibc keeps 412 MiB free (400 MiB of it resident, 93% of the 430 MiB malloc region) in 2 arena "
                        + "heaps beside the main arena (arena limit 16)",
                withPeriodicTrimAndTwoArenas);
    }

    @Test
    void directBuffersThatFillTheMallocRegionAreNamed() {
        assertEquals(
                List.of("direct buffers hold 300 MiB of the 350 MiB malloc region"),
                NativeHeapFindings.of(
                        glibc(320 * MIB, 5 * MIB, 4 * MIB, 300 * MIB, 26 * MIB, 350 * MIB, 3),
                        false));
    }

    @Test
    void anotherAllocatorSaysGlibcFiguresAreNotGiven() {
        List<String> f =
                NativeHeapFindings.of(
                        new NativeHeapFindings.Figures(
                                "jemalloc",
                                "libjemalloc mapped, named in LD_PRELOAD",
                                -1,
                                -1,
                                -1,
                                -1,
                                -1,
                                0,
                                -1,
                                80 * MIB),
                        false);
        assertEquals(1, f.size());
        assertEquals(
                "jemalloc is in use (libjemalloc mapped, named in LD_PRELOAD): the memory it keeps free is its "
                        + "own, outside glibc's counters, so Outstanding and Retained are not given; the malloc region holds "
                        + "80 MiB Pss",
                f.get(0));
    }
}
