package dev.wrss.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.pages.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NumaMapsTest {

    @Test
    void twoNodeFixtureGivesBytesPerNodePerMapping() throws IOException {
        NumaMaps n = NumaMaps.parse(Files.readAllBytes(Fixtures.of("numa_maps-2node")));
        assertEquals(8, n.mappingCount());
        assertEquals(1, n.maxNode());
        assertEquals(4096, n.bytesOnNodeAt(0x400000L, 0));
        assertEquals(0, n.bytesOnNodeAt(0x400000L, 1));
        assertEquals(4096, n.bytesOnNodeAt(0x401000L, 1));
        assertEquals(100 * 4096, n.bytesOnNodeAt(0x1c4f000L, 0));
        assertEquals(30 * 4096, n.bytesOnNodeAt(0x1c4f000L, 1));
        assertEquals(49152L * 4096, n.bytesOnNodeAt(0x680000000L, 0));
        assertEquals(49152L * 4096, n.bytesOnNodeAt(0x680000000L, 1));
        assertEquals(0, n.bytesOnNodeAt(0x7f3a2c000000L, 0), "a mapping with nothing resident");
        assertEquals(0, n.bytesOnNodeAt(0x7f3a2c000000L, 1));
        assertEquals(2L << 21, n.bytesOnNodeAt(0x7f3a40000000L, 1), "hugetlb counts 2 MiB pages");
        assertEquals(2048L * 1024, n.kernelPageSizeBytes(n.indexOf(0x7f3a40000000L)));
        assertEquals(2 * 4096, n.bytesOnNodeAt(0x7f3a80000000L, 0));
        assertEquals(
                3 * 4096,
                n.bytesOnNodeAt(0x7f3a80000000L, 1),
                "an escaped N9= inside a path is not a node");
        assertEquals(0, n.bytesOnNodeAt(0x7f3a80000000L, 9));
        assertEquals(33 * 4096, n.bytesOnNodeAt(0x7ffd5e3a1000L, 1));
        assertEquals(0, n.bytesOnNodeAt(0x12345000L, 0), "no such mapping");
        assertEquals(4096 + 409600 + 201326592L + 8192, n.totalBytesOnNode(0));
        assertEquals(4096 + 122880 + 201326592L + 4194304 + 12288 + 135168, n.totalBytesOnNode(1));
    }

    @Test
    void edgeCases() {
        NumaMaps none = NumaMaps.parse("7f00000000 default\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, none.mappingCount());
        assertEquals(-1, none.maxNode());
        assertEquals(0, none.bytesOnNode(0, 0));
        NumaMaps noNewline =
                NumaMaps.parse(
                        "1000 default anon=1 N3=1 kernelpagesize_kB=64"
                                .getBytes(StandardCharsets.US_ASCII));
        assertEquals(3, noNewline.maxNode());
        assertEquals(65536, noNewline.bytesOnNodeAt(0x1000, 3));
        assertEquals(0, NumaMaps.parse(new byte[0]).mappingCount());
    }

    @Test
    void thisJvmHasEverythingOnNodeZeroAboutItsRss() throws IOException {
        long pid = ProcessHandle.current().pid();
        long rssBefore = rollupRssBytes(pid);
        NumaMaps n = NumaMaps.read(Path.of("/proc"), pid);
        long rssAfter = rollupRssBytes(pid);
        long node0 = n.totalBytesOnNode(0);
        System.out.printf(
                "numa_maps N0 total=%d bytes, smaps_rollup Rss before=%d after=%d, %d mappings%n",
                node0, rssBefore, rssAfter, n.mappingCount());
        assertEquals(0, n.maxNode());
        assertTrue(n.mappingCount() > 50);
        // the same pages counted by two scans; the JVM allocates and frees between them
        assertTrue(
                node0 >= Math.min(rssBefore, rssAfter) * 0.95
                        && node0 <= Math.max(rssBefore, rssAfter) * 1.05,
                () -> node0 + " not within 5% of Rss " + rssBefore + ".." + rssAfter);
    }

    private static long rollupRssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Rss:")) {
                return Long.parseLong(line.substring(4).replace("kB", "").trim()) * 1024;
            }
        }
        throw new IOException("no Rss in smaps_rollup");
    }
}
