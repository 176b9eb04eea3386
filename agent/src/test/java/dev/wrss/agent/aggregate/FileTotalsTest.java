package dev.wrss.agent.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.FootprintSnapshot.MappedFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-file table over real Mapping records: sums, top N, paths from the front-coded arena, eviction. */
class FileTotalsTest {

    private final Mapping m = new Mapping();

    /** File {@code i}: two mappings, PSS growing with i, every seventh deleted, names sharing a directory. */
    private void scan(FileTotals t, int from, int to) {
        t.clear();
        for (int i = from; i < to; i++) {
            for (int part = 0; part < 2; part++) {
                long start = 0x7f0000000000L + (long) i * 0x10000 + part * 0x4000;
                m.setHeader(
                        start,
                        start + 0x4000,
                        1,
                        part * 0x4000,
                        1000 + i,
                        path(i).getBytes(StandardCharsets.UTF_8));
                m.setResident(4096, 1024L * (i + 1), 1024, 0, 0, 0);
                t.add(m);
            }
        }
    }

    private static String path(int i) {
        return "/data/segments/"
                + (i % 3 == 0 ? "é-" : "")
                + "seg"
                + i
                + ".idx"
                + (i % 7 == 0 ? " (deleted)" : "");
    }

    @Test
    void sumsPerFileAndPublishesTheLargestWithTheirPaths() {
        FileTotals t = new FileTotals();
        scan(t, 0, 3000);
        assertEquals(3000, t.count());
        List<MappedFile> top = t.top(5);
        assertEquals(5, top.size());
        for (int k = 0; k < 5; k++) {
            int i = 2999 - k;
            MappedFile f = top.get(k);
            assertEquals(path(i), f.path());
            assertEquals(1000 + i, f.inode());
            assertEquals(i % 7 == 0, f.deleted(), f.path());
            assertEquals(2 * 1024L * (i + 1), f.pssBytes());
            assertEquals(2 * 4096L, f.rssBytes());
            assertEquals(2 * 0x4000L, f.virtualBytes());
            assertEquals(2, f.mappings());
        }
        assertTrue(top.get(3).deleted()); // 2996 = 7 * 428: the suffix is found in the arena
    }

    @Test
    void aSteadyProcessGetsThePreviousListBackAndVanishedFilesAreForgotten() {
        FileTotals t = new FileTotals();
        scan(t, 0, 4000);
        List<MappedFile> first = t.top(20, List.of());
        scan(t, 0, 4000);
        assertSame(first, t.top(20, first));
        long big = t.retainedBytesEstimate();

        scan(t, 0, 100); // most files unmapped
        scan(t, 0, 100); // the table starts this scan without them
        assertEquals(100, t.count());
        List<MappedFile> top = t.top(100, first);
        assertEquals(100, top.size());
        for (int k = 0; k < 100; k++) {
            assertEquals(path(99 - k), top.get(k).path());
        }
        assertTrue(t.retainedBytesEstimate() < big / 4, t.retainedBytesEstimate() + " vs " + big);

        scan(t, 50, 5000); // half old, many new: paths stay right across growth and compaction
        assertEquals(4950, t.count());
        List<MappedFile> again = t.top(3, top);
        assertEquals(path(4999), again.get(0).path());
        assertEquals(path(4997), again.get(2).path());
    }

    @Test
    void pastTheBoundFilesCountNowhereButNothingBreaks() {
        FileTotals t = new FileTotals();
        scan(t, 0, FileTotals.MAX_FILES + 500);
        assertEquals(FileTotals.MAX_FILES, t.count());
        assertFalse(t.top(3).isEmpty());
        assertEquals(path(FileTotals.MAX_FILES - 1), t.top(1).get(0).path());
    }

    @Test
    void aFileNewAfterCompactionStartsFromZeroNotFromTheSlotsFormerOwner() {
        FileTotals t = new FileTotals();
        scan(t, 0, 1000);
        scan(
                t, 100,
                1000); // the first 100 files gone: the next clear compacts without shrinking the
        // arrays
        t.clear();
        for (int i = 100; i < 1000; i++) {
            addTwo(t, i);
        }
        addTwo(t, 5000); // lands in the entry file 900 held before compaction
        assertEquals(901, t.count());
        MappedFile f = t.top(1).get(0);
        assertEquals(1000 + 5000, f.inode());
        assertEquals(2, f.mappings());
        assertEquals(2 * 1024L * 5001, f.pssBytes());
        assertEquals(2 * 4096L, f.rssBytes());
    }

    @Test
    void filesMetInAnotherOrderOrTwiceInARowSumTheSameAsInOrder() {
        FileTotals inOrder = new FileTotals();
        FileTotals shuffled = new FileTotals();
        scan(inOrder, 0, 600);
        scan(shuffled, 0, 600);
        scan(inOrder, 0, 600);
        shuffled.clear();
        for (int i = 599;
                i >= 0;
                i -= 2) { // backwards, odd first, then the even ones: every prediction misses
            addTwo(shuffled, i);
        }
        for (int i = 0; i < 600; i += 2) {
            addTwo(shuffled, i);
        }
        assertEquals(inOrder.count(), shuffled.count());
        assertEquals(inOrder.top(600), shuffled.top(600));
    }

    private void addTwo(FileTotals t, int i) {
        for (int part = 0; part < 2; part++) {
            long start = 0x7f0000000000L + (long) i * 0x10000 + part * 0x4000;
            m.setHeader(
                    start,
                    start + 0x4000,
                    1,
                    part * 0x4000,
                    1000 + i,
                    path(i).getBytes(StandardCharsets.UTF_8));
            m.setResident(4096, 1024L * (i + 1), 1024, 0, 0, 0);
            t.add(m);
        }
    }
}
