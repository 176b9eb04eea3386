package dev.wrss.agent.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.pages.Fixtures;
import dev.wrss.agent.pages.QueryResult;
import dev.wrss.agent.pages.Supermincore;
import dev.wrss.agent.proc.LiveMaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumaTopologyTest {

    private static final long BLOCK_PAGES = 0x8000000L / 4096;

    @Test
    void twoNodeFixtureMapsFramesToTheNodeOwningTheirMemoryBlock() {
        NumaTopology t = NumaTopology.read(Fixtures.of("sysfs-2node"));
        assertArrayEquals(new int[] {0, 1}, t.nodeIds());
        assertEquals(-1, t.onlyNode());
        assertEquals(0x8000000L, t.blockBytes());
        assertEquals(0, t.nodeOf(1, 4096));
        assertEquals(0, t.nodeOf(8 * BLOCK_PAGES - 1, 4096));
        assertEquals(1, t.nodeOf(8 * BLOCK_PAGES, 4096));
        assertEquals(1, t.nodeOf(16 * BLOCK_PAGES - 1, 4096));
        assertEquals(
                -1, t.nodeOf(16 * BLOCK_PAGES, 4096), "a hole between blocks belongs to no node");
        assertEquals(1, t.nodeOf(32 * BLOCK_PAGES + 5, 4096));
        assertEquals(-1, t.nodeOf(33 * BLOCK_PAGES, 4096));
        assertEquals(
                1, t.nodeOf(8 * BLOCK_PAGES / 16, 65536), "64 KiB pages: fewer frames per block");
    }

    @Test
    void missingSysfsMeansOneNodeZero(@TempDir Path empty) {
        NumaTopology t = NumaTopology.read(empty);
        assertArrayEquals(new int[] {0}, t.nodeIds());
        assertEquals(0, t.nodeOf(123456, 4096));
        assertEquals(0, t.onlyNode());
    }

    @Test
    void severalNodesWithoutMemoryBlocksCannotPlaceFrames(@TempDir Path sys) throws IOException {
        Files.createDirectories(sys.resolve("devices/system/node/node0"));
        Files.createDirectories(sys.resolve("devices/system/node/node1"));
        NumaTopology t = NumaTopology.read(sys);
        assertEquals(2, t.nodeCount());
        assertEquals(-1, t.nodeOf(42, 4096));
    }

    @Test
    void thisMachineHasOneNodeOwningItsFrames() throws IOException {
        NumaTopology t = NumaTopology.read(Path.of("/sys"));
        System.out.println(
                "real topology: nodes="
                        + java.util.Arrays.toString(t.nodeIds())
                        + " blockBytes="
                        + t.blockBytes());
        assertArrayEquals(new int[] {0}, t.nodeIds());
        assertTrue(t.blockBytes() > 4096, "memory blocks were read");
        // a frame of this JVM's own heap, when PFNs are visible
        long[] anon = LiveMaps.largestAnonymous(ProcessHandle.current().pid());
        QueryResult r =
                new Supermincore(Path.of("/proc"), Path.of("/sys"))
                        .query(
                                ProcessHandle.current().pid(),
                                anon[0],
                                Math.min(anon[1], anon[0] + (64 << 20)));
        for (int i = 0; i < r.size(); i++) {
            if (r.pfn(i) != 0) {
                assertEquals(0, t.nodeOf(r.pfn(i), 4096), r.page(i)::toString);
            }
        }
    }
}
