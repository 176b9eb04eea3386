package dev.wrss.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tripwire's decisions, on an explicit clock: no timing involved. */
class ScanPolicyTest {

    static final long GIB = 1L << 30;

    @Test
    void noWalkWhileTheResidentSizeIsStill() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005);
        p.scanned(0, 4 * GIB, 1_000_000);
        for (long t = 10_000; t < 60_000; t += 10_000) {
            assertFalse(p.shouldScan(t, 4 * GIB + (t / 10_000) * 1000, false), "at " + t);
        }
        assertEquals(5, p.skipped());
    }

    @Test
    void aChangeAboveTheThresholdWalks() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005);
        p.scanned(0, 4 * GIB, 1_000_000);
        assertFalse(p.shouldScan(10_000, 4 * GIB + (long) (0.0099 * 4 * GIB), false));
        assertTrue(p.shouldScan(20_000, 4 * GIB + (long) (0.0101 * 4 * GIB), false));
        assertTrue(
                p.shouldScan(20_000, 4 * GIB - (long) (0.0101 * 4 * GIB), false),
                "shrinking counts too");
    }

    @Test
    void dataOlderThanTheMaximumAgeWalks() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005);
        p.scanned(0, 4 * GIB, 1_000_000);
        assertFalse(p.shouldScan(59_999, 4 * GIB, false));
        assertTrue(p.shouldScan(60_000, 4 * GIB, false));
    }

    @Test
    void aRequestAlwaysWalksAndSoDoesAnUnreadableCounter() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005);
        p.scanned(0, 4 * GIB, 1_000_000);
        assertTrue(p.shouldScan(1, 4 * GIB, true));
        assertTrue(p.shouldScan(1, -1, false));
    }

    @Test
    void theBudgetSpacesOutExpensiveWalks() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005);
        p.scanned(0, 4 * GIB, 50_000_000); // a 50 ms walk at 0.5% of a core: at most one per 10 s
        assertEquals(10_000, p.minSpacingMillis());
        assertEquals(10_000, p.effectiveIntervalMillis(1_000));
        assertEquals(30_000, p.effectiveIntervalMillis(30_000));
        assertFalse(p.shouldScan(5_000, 8 * GIB, false), "moved, but within the budget's spacing");
        assertTrue(p.shouldScan(10_000, 8 * GIB, false));
    }

    @Test
    void walksForcedByAgeAloneGetATwentiethOfTheBudget() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005);
        p.scanned(0, 4 * GIB, 2_000_000); // a small JVM: 2 ms scans, the configured maxAge holds
        assertEquals(60_000, p.effectiveMaxAgeMillis());
        p.scanned(
                0,
                4 * GIB,
                55_000_000); // a 4 GiB touched heap: 55 ms at 0.025% of a core is one per 220 s
        assertEquals(220_000, p.effectiveMaxAgeMillis());
        assertFalse(p.shouldScan(60_000, 4 * GIB, false), "old, but age alone may not spend more");
        assertFalse(p.shouldScan(219_999, 4 * GIB, false));
        assertTrue(p.shouldScan(220_000, 4 * GIB, false));
        assertTrue(
                p.shouldScan(60_000, 5 * GIB, false),
                "a change is still seen at the full budget's spacing");
    }

    @Test
    void coldWarmUpWalksAreNotChargedToTheBudget() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005, 3);
        p.scanned(
                0,
                4 * GIB,
                900_000_000); // the first, cold: 0.9 s, which would space scans 180 s apart
        assertEquals(1_000, p.effectiveIntervalMillis(1_000), "the configured interval holds");
        assertEquals(60_000, p.effectiveMaxAgeMillis());
        assertTrue(p.shouldScan(1_000, 5 * GIB, false), "a change is walked at the next interval");
        p.scanned(1_000, 5 * GIB, 200_000_000);
        p.scanned(2_000, 6 * GIB, 100_000_000);
        assertEquals(1_000, p.effectiveIntervalMillis(1_000));
        p.scanned(3_000, 7 * GIB, 25_000_000); // warm: 25 ms at 0.5% of a core is one per 5 s
        assertEquals(5_000, p.effectiveIntervalMillis(1_000), "the steady cost is charged");
        assertFalse(p.shouldScan(4_000, 8 * GIB, false));
        assertTrue(p.shouldScan(8_000, 8 * GIB, false));
    }
}
