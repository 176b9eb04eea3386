package dev.wrss.agent.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The history records a skipped interval only when the tripwire says nothing moved, not when the budget waits. */
class ScanPolicyUnmovedTest {

    @Test
    void unmovedOnlyWithinTheThresholdOfTheLastWalk() {
        ScanPolicy p = new ScanPolicy(0.01, 60_000, 0.005);
        assertFalse(p.unmoved(100_000_000), "no walk yet");
        p.scanned(0, 100_000_000, 5_000_000); // 5 ms of CPU: the budget spaces scans by a second
        assertTrue(p.unmoved(100_500_000));
        assertFalse(p.unmoved(101_000_000), "moved by the threshold");
        assertFalse(p.shouldScan(100, 150_000_000, false), "moved, but the budget says wait");
        assertFalse(p.unmoved(150_000_000), "so no sample of stale numbers either");
        assertFalse(p.unmoved(-1));
    }
}
