package dev.wrss.agent.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wrss.agent.it.ChildJvm;
import dev.wrss.agent.pagemap.MappingPages;
import dev.wrss.agent.proc.LiveMaps;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's property on real processes: three JVMs map the same 64 MiB file, so every page's frame has
 * map count 3 and each process's exact Pss is a third of the file; the three add up to one file, the RSS
 * to three, and each agrees with the kernel's own Pss in smaps.
 */
class SharedFilePssTest {

    private static final long FILE_BYTES = 64L << 20;
    private static final int PAGES = (int) (FILE_BYTES / 4096);

    @TempDir Path dir;

    @Test
    void threeMappersSplitOneFileIntoThirds() throws Exception {
        assumeTrue(
                ProcessHandle.current().info().user().orElse("").equals("root"),
                "NOT RUN: needs root for kpagecount");
        Path file = dir.resolve("shared-64m.bin");
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; pos < FILE_BYTES; pos += block.capacity()) {
                ch.write(block.clear(), pos);
            }
        }
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                children.add(
                        ChildJvm.start(
                                Path.of(System.getProperty("java.home")),
                                List.of("-XX:-UsePerfData", "-Xmx64m"),
                                SharedFileChild.class.getName(),
                                List.of(file.toString())));
            }
            Supermincore pages = new Supermincore(Path.of("/proc"), Path.of("/sys"));
            long weightedSum = 0;
            long rssSum = 0;
            for (ChildJvm c : children) {
                long[] range = LiveMaps.find(c.pid(), file);
                assertNotNull(range, "child " + c.pid() + " does not map " + file);
                QueryResult r = pages.query(c.pid(), range[0], range[1]);
                assertTrue(r.privileged());
                assertEquals(PAGES, r.size());
                for (int i = 0; i < r.size(); i++) {
                    int idx = i;
                    assertEquals(3, r.count(i), () -> "child " + c.pid() + " " + r.page(idx));
                }
                MappingPages m = r.mappingAt(range[0]);
                long smapsPss = LiveMaps.smapsPssBytes(c.pid(), range[0]);
                System.out.printf(
                        "child %d: present=%d shared=%d exclusive=%d unknownCount=%d weightedBytes=%d "
                                + "(64 MiB/3 = %d) smaps Pss=%d%n",
                        c.pid(),
                        m.presentPages(),
                        m.sharedPages(),
                        m.exclusivePages(),
                        m.unknownCountPages(),
                        m.weightedBytes(),
                        FILE_BYTES / 3,
                        smapsPss);
                assertEquals(PAGES, m.presentPages());
                assertEquals(PAGES, m.sharedPages());
                assertEquals(FILE_BYTES / 3.0, m.weightedBytes(), FILE_BYTES / 3.0 * 0.01);
                assertEquals(smapsPss, m.weightedBytes(), smapsPss * 0.01);
                weightedSum += m.weightedBytes();
                rssSum += (long) m.presentPages() * 4096;
            }
            System.out.printf(
                    "sum of weightedBytes=%d (64 MiB = %d), sum of RSS=%d (192 MiB = %d)%n",
                    weightedSum, FILE_BYTES, rssSum, 3 * FILE_BYTES);
            assertEquals(FILE_BYTES, weightedSum, FILE_BYTES * 0.01);
            assertEquals(3 * FILE_BYTES, rssSum);
        } finally {
            for (ChildJvm c : children) {
                c.close();
            }
        }
    }
}
