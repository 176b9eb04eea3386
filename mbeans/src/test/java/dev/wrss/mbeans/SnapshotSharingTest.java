package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FootprintSnapshot#sharingWith}: whatever the caller does with its arrays afterwards, neither the new
 * snapshot nor the previous one changes, whether the contents were shared or copied.
 */
class SnapshotSharingTest {

    private static RegionUsage[] regions(long id) {
        RegionUsage[] r = new RegionUsage[Region.count()];
        for (int i = 0; i < r.length; i++) {
            r[i] = TestSnapshots.usage(id, i);
        }
        return r;
    }

    private static long[] committed(long bytes) {
        long[] c = new long[Region.count()];
        java.util.Arrays.fill(c, bytes);
        return c;
    }

    @Test
    void theCallersArraysNeverReachAPublishedSnapshot() {
        RegionUsage[] r = regions(1);
        long[] c = committed(100);
        long[][] nodes = {{5, 6}};
        FootprintSnapshot first =
                new FootprintSnapshot(
                        1,
                        1,
                        1,
                        "smaps",
                        "ok",
                        r,
                        c,
                        List.of(),
                        0,
                        List.of(),
                        0,
                        SystemView.UNKNOWN,
                        nodes);
        long firstTotal = first.total().rssBytes();

        // unchanged numbers: shared with the first; then the caller reuses its arrays for other
        // numbers
        FootprintSnapshot same =
                FootprintSnapshot.sharingWith(
                        first,
                        2,
                        2,
                        2,
                        "smaps",
                        "ok",
                        r,
                        c,
                        List.of(),
                        0,
                        List.of(),
                        0,
                        SystemView.UNKNOWN,
                        nodes);
        r[3] = TestSnapshots.usage(9, 3);
        c[0] = 7;
        nodes[0][1] = 60;
        FootprintSnapshot moved =
                FootprintSnapshot.sharingWith(
                        same,
                        3,
                        3,
                        3,
                        "smaps",
                        "ok",
                        r,
                        c,
                        List.of(),
                        0,
                        List.of(),
                        0,
                        SystemView.UNKNOWN,
                        nodes);
        r[3] = TestSnapshots.usage(10, 3);
        c[0] = 8;
        nodes[0][1] = 600;

        for (FootprintSnapshot s : List.of(first, same)) {
            assertEquals(TestSnapshots.usage(1, 3), s.region(Region.ofOrdinal(3)));
            assertEquals(100, s.committedBytes(Region.ofOrdinal(0)));
            assertArrayEquals(new long[] {5, 6}, s.nodeResident(Region.ofOrdinal(0)));
            assertEquals(firstTotal, s.total().rssBytes());
        }
        assertEquals(TestSnapshots.usage(9, 3), moved.region(Region.ofOrdinal(3)));
        assertEquals(7, moved.committedBytes(Region.ofOrdinal(0)));
        assertArrayEquals(new long[] {5, 60}, moved.nodeResident(Region.ofOrdinal(0)));
        assertArrayEquals(new long[0], moved.nodeResident(Region.ofOrdinal(1)));
        assertEquals(
                firstTotal
                        - TestSnapshots.usage(1, 3).rssBytes()
                        + TestSnapshots.usage(9, 3).rssBytes(),
                moved.total().rssBytes());
    }
}
