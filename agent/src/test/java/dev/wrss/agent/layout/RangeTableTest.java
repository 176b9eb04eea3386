package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wrss.mbeans.Region;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The builder's sweep against the definition it implements, piece by piece: for every stretch between two
 * boundaries, the covering range of highest priority wins, then the smallest, then the first added.
 */
class RangeTableTest {

    @Test
    void overlapsResolveByPriorityThenSizeThenOrderOfAdding() {
        RangeTable t =
                new RangeTableBuilder()
                        .add(0x1000, 0x9000, Region.MALLOC, 10)
                        .add(0x2000, 0x3000, Region.GC_DATA, 40)
                        .add(
                                0x2000,
                                0x3000,
                                Region.CODE_CACHE,
                                40) // same priority and size, added later: loses
                        .add(
                                0x4000,
                                0x5000,
                                Region.THREAD_STACKS,
                                5) // lower: loses to MALLOC under it
                        .add(0x6000, 0x9000, Region.GC_DATA, 40)
                        .add(
                                0x8000,
                                0x9000,
                                Region.CODE_CACHE,
                                40) // same priority, smaller: wins its page
                        .build();
        assertEquals(5, t.size());
        assertEquals(Region.MALLOC, t.regionOf(0x1000, 0x2000));
        assertEquals(Region.GC_DATA, t.regionOf(0x2000, 0x3000));
        assertEquals(Region.MALLOC, t.regionOf(0x3000, 0x6000));
        assertEquals(Region.GC_DATA, t.regionOf(0x6000, 0x8000));
        assertEquals(Region.CODE_CACHE, t.regionOf(0x8000, 0x9000));
    }

    @Test
    void randomOverlapsGiveTheDefinitionsWinnerEverywhere() {
        Random random = new Random(42);
        Region[] regions = Region.values();
        RangeTableBuilder b =
                new RangeTableBuilder(); // one builder, reset each round, as LayoutProbe keeps it
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(round < 100 ? 60 : 200);
            long[] starts = new long[n];
            long[] ends = new long[n];
            int[] priorities = new int[n];
            Region[] rs = new Region[n];
            b.reset();
            for (int i = 0; i < n; i++) {
                starts[i] = random.nextInt(100) * 0x1000L;
                ends[i] = starts[i] + (1 + random.nextInt(30)) * 0x1000L;
                priorities[i] = random.nextInt(4) * 20;
                rs[i] = regions[random.nextInt(regions.length)];
                b.add(starts[i], ends[i], rs[i], priorities[i]);
            }
            RangeTable t = b.build();
            for (long page = 0; page < 140; page++) {
                long a = page * 0x1000L;
                int winner = -1;
                for (int i = 0; i < n; i++) {
                    if (starts[i] <= a
                            && ends[i] >= a + 0x1000
                            && (winner < 0
                                    || priorities[i] > priorities[winner]
                                    || priorities[i] == priorities[winner]
                                            && ends[i] - starts[i]
                                                    < ends[winner] - starts[winner])) {
                        winner = i;
                    }
                }
                assertEquals(
                        winner < 0 ? null : rs[winner],
                        t.regionOf(a, a + 0x1000),
                        "round " + round + " page " + page);
            }
        }
    }

    @Test
    void removeReachingIntoDropsRangesThatBeginOrEndInAPair() {
        RangeTable t =
                new RangeTableBuilder()
                        .add(
                                0x1000,
                                0x2000,
                                Region.GC_DATA,
                                40) // ends where the first pair begins: kept
                        .add(0x4000, 0x4800, Region.GC_DATA, 40) // begins where it ends: kept
                        .add(
                                0x4800,
                                0x5800,
                                Region.CODE_CACHE,
                                40) // ends inside the second pair: dropped
                        .add(0x6800, 0x7000, Region.GC_DATA, 40) // inside it: dropped
                        .add(0x8000, 0xa000, Region.GC_DATA, 40) // begins inside it: dropped
                        .add(
                                0xb000,
                                0xc800,
                                Region.GC_DATA,
                                40) // ends inside the last pair: dropped
                        .add(0xe000, 0xf000, Region.GC_DATA, 40) // after every pair: kept
                        .removeReachingInto(
                                new long[] {0x2000, 0x4000, 0x5000, 0x9000, 0xc000, 0xd000})
                        .build();
        assertEquals(Region.GC_DATA, t.regionOf(0x1000, 0x2000));
        assertEquals(Region.GC_DATA, t.regionOf(0x4000, 0x4800));
        assertEquals(null, t.regionOf(0x4800, 0xd000));
        assertEquals(Region.GC_DATA, t.regionOf(0xe000, 0xf000));
        assertEquals(3, t.size());
    }
}
