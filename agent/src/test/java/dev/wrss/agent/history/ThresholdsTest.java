package dev.wrss.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import dev.wrss.mbeans.SystemView;
import dev.wrss.mbeans.ThresholdControl.Crossing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    static final long MIB = 1 << 20;

    static FootprintSnapshot malloc(long pss, long limit) {
        RegionUsage[] u = new RegionUsage[Region.count()];
        long[] committed = new long[Region.count()];
        for (int i = 0; i < u.length; i++) {
            u[i] = RegionUsage.EMPTY;
            committed[i] = -1;
        }
        u[Region.MALLOC.ordinal()] = new RegionUsage(pss, pss, pss, 0, 0, pss, 1);
        return new FootprintSnapshot(
                1,
                1,
                1,
                "smaps",
                "ok",
                u,
                committed,
                List.of(),
                1,
                List.of(),
                0,
                new SystemView(2, "/", limit, -1, -1, -1, -1, -1, -1, -1),
                new long[0][]);
    }

    @Test
    void oneCrossingPerExcursionWithHysteresis() {
        Thresholds t = Thresholds.fromArgs("interval=1s,threshold.malloc=100m");
        List<Crossing> seen = new ArrayList<>();
        t.subscribe(seen::add);
        long[] pssMib = {50, 99, 100, 120, 99, 101, 96, 130, 94, 99, 100};
        int[] crossingsAfter = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2};
        for (int k = 0; k < pssMib.length; k++) {
            t.published(malloc(pssMib[k] * MIB, -1));
            assertEquals(crossingsAfter[k], seen.size(), "after " + pssMib[k] + " MiB");
        }
        assertEquals(new Crossing("malloc", 100 * MIB, 100 * MIB, 2), seen.get(1));
        assertEquals(2, t.count("malloc"));
        assertTrue(t.exceeded("malloc"));
        assertEquals(0, t.count("java_heap"));
    }

    @Test
    void totalAsAShareOfTheLimitFollowsTheLimitAndIsOffWithoutOne() {
        Thresholds t = Thresholds.fromArgs("threshold.total=80%");
        List<Crossing> seen = new ArrayList<>();
        t.subscribe(seen::add);
        t.published(malloc(900 * MIB, -1));
        assertEquals(0, seen.size(), "no limit: off");
        t.published(malloc(700 * MIB, 1024 * MIB));
        assertEquals(0, seen.size());
        assertEquals((long) (0.8 * 1024 * MIB), t.pssThreshold("total"));
        t.published(malloc(820 * MIB, 1024 * MIB));
        assertEquals(List.of(new Crossing("total", 820 * MIB, (long) (0.8 * 1024 * MIB), 1)), seen);
    }

    @Test
    void settingAThresholdReArmsItAndBadValuesAreRefused() {
        Thresholds t = new Thresholds();
        List<Crossing> seen = new ArrayList<>();
        t.subscribe(seen::add);
        t.setPssThreshold("malloc", 10 * MIB);
        t.published(malloc(20 * MIB, -1));
        t.setPssThreshold("malloc", 15 * MIB);
        t.published(malloc(20 * MIB, -1));
        assertEquals(2, seen.size());
        t.setPssThreshold("malloc", 0);
        assertFalse(t.exceeded("malloc"));
        assertThrows(IllegalArgumentException.class, () -> t.setPssThreshold("malloc", -1));
        assertThrows(IllegalArgumentException.class, () -> t.setPssThreshold("heap", 1));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.check("malloc", "80%"));
        assertThrows(RuntimeException.class, () -> Thresholds.check("malloc", "lots"));
    }
}
