package dev.wrss.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HistoryRingTest {

    @Test
    void growsInOrderThenWrapsAtTheCapacity() {
        HistoryRing ring = new HistoryRing(Resolution.parseList("100s@1s").get(0));
        long[] sample = new long[HistoryRing.WIDTH];
        long small = ring.retainedBytes();
        for (int i = 0; i < 250; i++) {
            sample[0] = i;
            assertTrue(ring.record(i * 1000L, sample));
            HistoryRing.Copy c = ring.copy(Long.MIN_VALUE, Long.MAX_VALUE);
            int held = Math.min(i + 1, 100);
            assertEquals(held, c.count());
            for (int k = 0; k < held; k++) {
                long expected = i + 1 - held + k;
                assertEquals(expected * 1000, c.times()[k]);
                assertEquals(expected, c.value(k, 0, 0));
            }
            assertEquals(i + 1 >= 100, c.wrapped());
        }
        assertTrue(small * 4 < ring.retainedBytes(), small + " then " + ring.retainedBytes());
    }

    /** A reader copying while the writer grows the arrays sees whole samples in order, and never throws. */
    @Test
    void copiesDuringGrowthAreWholeAndOrdered() throws Exception {
        for (int round = 0; round < 20; round++) {
            HistoryRing ring = new HistoryRing(Resolution.parseList("2000s@1s").get(0));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader =
                    new Thread(
                            () -> {
                                try {
                                    while (ring.size() < 2000) {
                                        HistoryRing.Copy c =
                                                ring.copy(Long.MIN_VALUE, Long.MAX_VALUE);
                                        for (int k = 0; k < c.count(); k++) {
                                            long t = c.times()[k];
                                            assertEquals(t, c.value(k, 0, 0) * 1000);
                                            assertEquals(
                                                    t, c.extra(k, HistoryRing.CGROUP_LIMIT) * 1000);
                                            if (k > 0) {
                                                assertEquals(c.times()[k - 1] + 1000, t);
                                            }
                                        }
                                    }
                                } catch (Throwable t) {
                                    failure.set(t);
                                }
                            });
            reader.start();
            long[] sample = new long[HistoryRing.WIDTH];
            for (int i = 0; i < 2000; i++) {
                sample[0] = i;
                sample[HistoryRing.CGROUP_LIMIT] = i;
                ring.record(i * 1000L, sample);
            }
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
        }
    }
}
