package dev.wrss.agent.cli.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchDeltaTest {

    static FootprintSnapshot withMalloc(long id, long mallocPss) {
        RegionUsage[] u = new RegionUsage[Region.count()];
        long[] committed = new long[Region.count()];
        for (int i = 0; i < u.length; i++) {
            u[i] = new RegionUsage(1 << 20, 1 << 20, 1 << 20, 0, 0, 1 << 20, 1);
            committed[i] = -1;
        }
        u[Region.MALLOC.ordinal()] =
                new RegionUsage(mallocPss, mallocPss, mallocPss, 0, 0, mallocPss, 1);
        return new FootprintSnapshot(
                id, 1000 * id, 1, "smaps", "ok", u, committed, List.of(), 1, List.of(), 0);
    }

    @Test
    void everyRegionLineAndTheTotalGetThePssDeltaSinceTheStart() {
        FootprintSnapshot start = withMalloc(1, 10 << 20);
        FootprintSnapshot now = withMalloc(2, 42 << 20);
        String text =
                "pid 1 x: measured by test\n" + FootprintReport.format(now) + "\nTHREAD STACKS\n";
        String[] lines = WatchDelta.withDelta(text, start, now).split("\n");
        int withColumn = 0;
        for (String line : lines) {
            String first = line.split(" ", 2)[0];
            if (first.equals("malloc") || first.equals("TOTAL")) {
                assertTrue(line.endsWith("+32.0 MiB"), line);
            } else if (Region.ofId(first) != null) {
                assertTrue(line.endsWith("+0 B"), line);
            }
            withColumn += line.endsWith("B") && !first.equals("THREAD") ? 1 : 0;
        }
        assertEquals(Region.count() + 1, withColumn);
        assertTrue(lines[2].endsWith(WatchDelta.HEADER), lines[2]);
        assertEquals("THREAD STACKS", lines[lines.length - 1]);
    }
}
