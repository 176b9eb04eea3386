package dev.wrss.agent.nativeheap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MallocCounterPolicyTest {

    private final Allocator glibc = new Allocator("glibc", "test", HeapMaps.GLIBC);

    /** Where the layout did not run VM.info, the status says how to get the counters, not that there are none. */
    @Test
    void withoutVmInfoAtStartTheStatusPointsToRefresh() {
        String status = new MallocCounterPolicy(60_000).status(glibc, null, 0);
        if (Runtime.version().feature() < 21) {
            assertTrue(status.contains("until refresh()"), status);
        } else {
            assertTrue(status.contains("no glibc counters"), status);
        }
    }
}
