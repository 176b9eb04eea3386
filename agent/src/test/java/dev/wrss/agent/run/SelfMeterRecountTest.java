package dev.wrss.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfMeterRecountTest {

    @Test
    void countsAtOnceThenAfterDoublingGapsUpToTheMaximum() {
        SelfMeter.Recount r = new SelfMeter.Recount(60_000, 480_000);
        List<Long> counted = new ArrayList<>();
        for (long t = 5_000; t <= 2_000_000; t += 10_000) { // a walk every 10 s
            if (r.due(t)) {
                counted.add(t);
            }
        }
        // gaps 60, 120, 240, 480, 480 ... seconds, on the scans' 10 s grid
        assertEquals(
                List.of(5_000L, 65_000L, 185_000L, 425_000L, 905_000L, 1_385_000L, 1_865_000L),
                counted);
    }

    @Test
    void aLateWalkCountsOnceAndTheNextGapStillDoubles() {
        SelfMeter.Recount r = new SelfMeter.Recount(60_000, 3_600_000);
        assertEquals(true, r.due(0));
        assertEquals(false, r.due(59_999));
        assertEquals(
                true, r.due(600_000)); // ten minutes without a walk (a long interval): one count
        assertEquals(false, r.due(600_000 + 119_999));
        assertEquals(true, r.due(600_000 + 120_000));
    }
}
