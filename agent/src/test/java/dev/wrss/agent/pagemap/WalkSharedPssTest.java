package dev.wrss.agent.pagemap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wrss.agent.proc.Mapping;
import org.junit.jupiter.api.Test;

/** The walk's table: a lookup needs the same start, end and inode; the table stops growing at its bound. */
class WalkSharedPssTest {

    private static final long PAGE = 4096;
    private static final byte[] NO_PATH = new byte[0];

    private static Mapping mapping(long start, long inode, long rss, long pss, long uss) {
        Mapping m = new Mapping();
        m.setHeader(start, start + 16 * PAGE, Mapping.READ, 0, inode, NO_PATH);
        m.setResident(rss, pss, 0, uss, 0, Mapping.ABSENT);
        return m;
    }

    @Test
    void sharedPagesAreWeighedOnlyForTheSameMappingAndCountWholeOtherwise() {
        WalkSharedPss walk = new WalkSharedPss(PAGE);
        walk.startWalk();
        // 4 private pages, 8 shared pages worth 2 pages of Pss: each shared page is mapped 4 times
        walk.record(mapping(0x10000, 7, 12 * PAGE, 6 * PAGE, 4 * PAGE));
        walk.endWalk(1000);
        walk.startRead();
        assertEquals(PAGE, walk.pssBytes(mapping(0x10000, 7, 0, 0, 0), 4 * PAGE));
        assertEquals(
                4 * PAGE, walk.pssBytes(mapping(0x10000, 8, 0, 0, 0), 4 * PAGE), "another inode");
        assertEquals(
                4 * PAGE, walk.pssBytes(mapping(0x20000, 7, 0, 0, 0), 4 * PAGE), "another start");
        assertEquals(4, walk.weighedPages());
        assertEquals(8, walk.wholePages());
        assertEquals(500, walk.ageMillis(1500));
        walk.startWalk();
        assertEquals(
                Long.MAX_VALUE, walk.ageMillis(1500), "a walk that did not end leaves no ratios");
    }

    @Test
    void theTableStopsAtItsBoundAndTheRestCountWhole() {
        WalkSharedPss walk = new WalkSharedPss(PAGE);
        walk.startWalk();
        for (int i = 0; i < WalkSharedPss.MAX_MAPPINGS + 10; i++) {
            walk.record(mapping(0x10000 + i * 16 * PAGE, 1, 2 * PAGE, PAGE, 0));
        }
        walk.endWalk(0);
        long last = 0x10000 + (WalkSharedPss.MAX_MAPPINGS - 1) * 16 * PAGE;
        assertEquals(PAGE, walk.pssBytes(mapping(last, 1, 0, 0, 0), 2 * PAGE));
        assertEquals(2 * PAGE, walk.pssBytes(mapping(last + 16 * PAGE, 1, 0, 0, 0), 2 * PAGE));
        assertEquals(WalkSharedPss.MAX_MAPPINGS * 40L + 128, walk.retainedBytesEstimate());
    }
}
