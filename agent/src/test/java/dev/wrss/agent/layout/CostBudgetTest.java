package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CostBudgetTest {

    private static final long MS = 1_000_000L;

    @Test
    void theFirstCallIsAlwaysAllowed() {
        assertTrue(new CostBudget(1000 * MS, 30_000 * MS).allows(0));
    }

    @Test
    void theNextCallWaitsAHundredTimesWhatTheLastCost() {
        CostBudget b = new CostBudget(1000 * MS, 30_000 * MS);
        b.spent(0, 50 * MS);
        assertFalse(b.allows(4_999 * MS));
        assertTrue(b.allows(5_000 * MS));
    }

    @Test
    void cheapCallsWaitTheFloorAndExpensiveOnesNoMoreThanTheCeiling() {
        CostBudget cheap = new CostBudget(1000 * MS, 30_000 * MS);
        cheap.spent(0, 1 * MS);
        assertFalse(cheap.allows(999 * MS));
        assertTrue(cheap.allows(1000 * MS));
        CostBudget dear = new CostBudget(1000 * MS, 30_000 * MS);
        dear.spent(0, 2_000 * MS);
        assertTrue(dear.allows(30_000 * MS));
    }

    @Test
    void aColdFirstCallIsNotChargedTheNextOneIs() {
        CostBudget b = new CostBudget(1000 * MS, 30_000 * MS);
        b.spentCold(0); // 2 s cold would otherwise wait 30 s
        assertTrue(b.used());
        assertFalse(b.allows(999 * MS));
        assertTrue(b.allows(1000 * MS));
        b.spent(1000 * MS, 1050 * MS);
        assertFalse(b.allows(5_999 * MS));
        assertTrue(b.allows(6_000 * MS));
    }
}
