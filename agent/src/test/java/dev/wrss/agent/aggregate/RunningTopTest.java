package dev.wrss.agent.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The running top list against TopN's pass over the final values, over random growth in random order. */
class RunningTopTest {

    @Test
    void keepsExactlyWhatTopNPicksFromTheFinalValuesScanAfterScan() {
        Random random = new Random(7);
        for (int limit : new int[] {0, 1, 5, 20}) {
            RunningTop running = new RunningTop(limit);
            for (int scan = 0; scan < 200; scan++) {
                int n = 1 + random.nextInt(scan % 2 == 0 ? 30 : 300);
                int distinct = 1 + random.nextInt(6); // few distinct values: many ties
                running.clear(n);
                long[] values = new long[n];
                boolean[] present = new boolean[n];
                for (int step = 0; step < 3 * n; step++) {
                    int e = random.nextInt(n);
                    values[e] += random.nextInt(distinct); // grows or stays, never shrinks
                    present[e] = true;
                    running.offer(e, values[e]);
                }
                int[] got = new int[limit];
                int size = running.into(got);
                assertArrayEquals(
                        TopN.indexes(values, present, n, limit),
                        Arrays.copyOf(got, size),
                        "limit "
                                + limit
                                + ", scan "
                                + scan
                                + ", values "
                                + Arrays.toString(values));
            }
        }
    }

    @Test
    void aTableGrowingDuringTheScanIsTracked() {
        RunningTop running = new RunningTop(3);
        running.clear(2);
        running.offer(0, 10);
        running.ensure(100);
        running.offer(99, 30);
        running.offer(50, 20);
        running.offer(7, 20);
        int[] got = new int[3];
        assertArrayEquals(new int[] {99, 7, 50}, Arrays.copyOf(got, running.into(got)));
    }
}
