package dev.wrss.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OnDemandBudgetTest {

    private static final long MS = 1_000_000;

    /** At budget 0.5%: 5% of a core on demand, a 500 ms bucket of CPU, earned back at 5 ms per 100 ms. */
    @Test
    void walksSpendTheBucketAndTimeEarnsItBack() {
        OnDemandBudget b = new OnDemandBudget(0.005, 0);
        assertTrue(b.allows(0));
        assertFalse(b.underPressure());
        b.spent(300 * MS);
        assertTrue(b.allows(0));
        assertTrue(b.underPressure(), "less than half left");
        b.spent(300 * MS); // one walk may overdraw: 100 ms in debt
        assertFalse(b.allows(0));
        assertEquals(2_000 * MS, b.nanosUntilAllowed(), 1 * MS);
        assertFalse(b.allows(1_900 * MS));
        assertTrue(b.allows(2_100 * MS));
    }

    @Test
    void theBucketHoldsNoMoreThanItsBurst() {
        OnDemandBudget b = new OnDemandBudget(0.005, 0);
        assertTrue(b.allows(3_600_000 * MS));
        b.spent(501 * MS);
        assertFalse(b.allows(3_600_000 * MS), "an hour idle earns no more than the 500 ms bucket");
    }
}
