package dev.wrss.agent.pagemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.agent.proc.MappingSource;
import java.lang.ref.Reference;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mode=auto on this test JVM's real /proc: the resident-size switch, the walk that refreshes the shared-page
 * ratios once older than maxAge, and the weighing itself, shown on a file this JVM maps twice (each page then
 * has map count 2: smaps gives it half a page of Pss).
 */
class AutoSourceTest {

    private static final Path PROC = Path.of("/proc");
    private static final long MIB = 1 << 20;

    @TempDir Path dir;

    /** Rss, Pss, Uss of each mapping of {@code inode}, in address order, as {@code source} reads them now. */
    private static List<long[]> mappingsOf(MappingSource source, long inode) throws Exception {
        List<long[]> out = new ArrayList<>();
        source.read(
                m -> {
                    if (m.inode() == inode) {
                        out.add(
                                new long[] {
                                    Mapping.orZero(m.rssBytes()),
                                    Mapping.orZero(m.pssBytes()),
                                    m.ussBytes()
                                });
                    }
                });
        return out;
    }

    @Test
    void belowTheThresholdItIsSmapsAndAboveItPagemapWithTheWalksRatioAndItsAge() throws Exception {
        Path file = dir.resolve("twice.bin");
        Files.write(file, new byte[(int) (4 * MIB)]);
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        AtomicLong clock = new AtomicLong(1_000_000);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                AutoSource small =
                        new AutoSource(PROC, "self", Long.MAX_VALUE, 60_000, false, clock::get);
                AutoSource large = new AutoSource(PROC, "self", 0, 60_000, false, clock::get)) {
            MappedByteBuffer a = ch.map(FileChannel.MapMode.READ_ONLY, 0, 4 * MIB).load();
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, 4 * MIB).load();

            assertEquals(2, mappingsOf(small, inode).size());
            assertEquals("smaps", small.mode());
            assertNull(small.problem());

            // the first read above the threshold has no ratios yet: a full smaps walk
            List<long[]> walked = mappingsOf(large, inode);
            assertEquals("smaps", large.mode());
            for (long[] m : walked) {
                assertEquals(4 * MIB, m[0]);
                assertEquals(2 * MIB, m[1], "each page mapped twice: half of it is Pss");
            }

            clock.addAndGet(42_000);
            List<long[]> weighed = mappingsOf(large, inode);
            assertEquals("pagemap", large.mode());
            // the rest of this live JVM may have touched a zero page since: counted whole, and
            // named
            assertTrue(
                    large.problem()
                            .startsWith("pagemap: pss of shared pages from smaps walk 42 s old"),
                    large.problem());
            long wholeBefore = large.wholePagesForTest();
            for (long[] m : weighed) {
                assertEquals(4 * MIB, m[0], "rss from pagemap's present bit");
                assertEquals(2 * MIB, m[1], "shared pages weighed by the walk's ratio, 1/2");
                assertEquals(0, m[2], "uss from pagemap's exclusive bit: none");
            }

            // a third view of the file, not in that walk: its pages count whole and Status says how
            // many
            MappedByteBuffer c = ch.map(FileChannel.MapMode.READ_ONLY, 0, 4 * MIB).load();
            List<long[]> withNew = mappingsOf(large, inode);
            assertEquals(3, withNew.size());
            long whole = withNew.stream().filter(m -> m[1] == m[0]).count();
            assertEquals(1, whole, "the mapping the walk did not see counts whole");
            assertTrue(
                    large.problem()
                            .contains("shared pages in mappings that had none then counted whole"),
                    large.problem());
            assertTrue(large.wholePagesForTest() - wholeBefore >= 1024, large.problem());

            clock.addAndGet(60_001 - 42_000);
            mappingsOf(large, inode);
            assertEquals("smaps", large.mode(), "ratios older than maxAge: walked again");
            clock.addAndGet(1_000);
            List<long[]> fresh = mappingsOf(large, inode);
            assertEquals("pagemap", large.mode());
            for (long[] m : fresh) {
                assertEquals(4 * MIB / 3 >> 10 << 10, m[1], "each page mapped three times now");
            }
            Reference.reachabilityFence(a); // keep all three views mapped until here
            Reference.reachabilityFence(b);
            Reference.reachabilityFence(c);
        }
    }

    @Test
    void privilegedAboveTheThresholdIsPagemapWithExactPssAndNoWalk() throws Exception {
        assumeTrue(PagemapReader.privileged(PROC), "NOT RUN: kpagecount needs root");
        Path file = dir.resolve("twice.bin");
        Files.write(file, new byte[(int) (2 * MIB)]);
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                AutoSource large = new AutoSource(PROC, "self", 0, 60_000)) {
            MappedByteBuffer a = ch.map(FileChannel.MapMode.READ_ONLY, 0, 2 * MIB).load();
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, 2 * MIB).load();
            for (long[] m : mappingsOf(large, inode)) {
                assertEquals(2 * MIB, m[0]);
                assertEquals(MIB, m[1], "kpagecount: map count 2");
            }
            assertEquals("pagemap", large.mode());
            assertNull(large.problem());
            Reference.reachabilityFence(a);
            Reference.reachabilityFence(b);
        }
    }
}
