package dev.wrss.agent.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wrss.agent.pagemap.MappingPages;
import dev.wrss.agent.pagemap.PageVisitor;
import dev.wrss.agent.proc.LiveMaps;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supermincore as root on this JVM's own pages: a 16 MiB file mapping and anonymous memory. */
class SupermincoreTest {

    private static final int FILE_BYTES = 16 << 20;
    private static final long PID = ProcessHandle.current().pid();

    @TempDir static Path dir;
    private static FileChannel channel;
    private static MappedByteBuffer mapped;
    private static long[] range;
    private final Supermincore pages = new Supermincore(Path.of("/proc"), Path.of("/sys"));

    @BeforeAll
    static void mapFile() throws IOException {
        assumeTrue(
                ProcessHandle.current().info().user().orElse("").equals("root"),
                "NOT RUN: needs root for PFNs");
        Path file = dir.resolve("sixteen.bin");
        channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(FILE_BYTES), 0);
        mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES);
        for (int i = 0; i < FILE_BYTES; i += 4096) {
            mapped.put(i, (byte) (i >>> 12));
        }
        range = LiveMaps.find(PID, file);
        assertNotNull(range, "mapping of " + file + " not in /proc/self/maps");
    }

    @AfterAll
    static void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    @Test
    void everyTouchedFilePageIsPresentWithItsFrameCountAndFileIndex() throws IOException {
        QueryResult r = pages.query(PID, range[0], range[1]);
        assertTrue(r.privileged());
        assertEquals(FILE_BYTES / 4096, r.size());
        for (int i = 0; i < r.size(); i++) {
            PageInfo p = r.page(i);
            assertTrue(p.present(), p::toString);
            assertTrue(p.pfn() != 0, p::toString);
            assertTrue(p.count() >= 1, p::toString);
            assertEquals(range[2] / 4096 + i, p.index(), p::toString);
            assertTrue(p.fileOrSharedAnon(), p::toString);
            assertEquals(0, p.node(), p::toString);
        }
        MappingPages m = r.mappingAt(range[0]);
        assertEquals(FILE_BYTES / 4096, m.presentPages());
        assertEquals(FILE_BYTES / 4096, m.presentPagesOnNode(0));
        assertTrue(m.path().endsWith("sixteen.bin"), m.path());
        assertEquals(1, r.mappings().size());
    }

    @Test
    void anonymousPagesHaveNoFileIndex() throws IOException {
        byte[] touched = new byte[32 << 20];
        java.util.Arrays.fill(touched, (byte) 1);
        long[] anon = LiveMaps.largestAnonymous(PID);
        QueryResult r =
                pages.query(
                        PID, anon[0], Math.min(anon[1], anon[0] + Supermincore.MAX_RANGE_BYTES));
        assertTrue(r.size() > 0);
        int present = 0;
        for (int i = 0; i < r.size(); i++) {
            assertEquals(-1, r.index(i));
            if ((r.flags(i) & PageInfo.PRESENT) != 0) {
                present++;
                assertTrue(r.pfn(i) != 0 && r.count(i) >= 1, r.page(i)::toString);
            }
        }
        assertEquals(1, touched[touched.length - 1]);
        assertTrue(
                present > 0,
                () -> "no present page in the largest anonymous mapping " + r.mappings());
    }

    @Test
    void readsAreBatchedNotOnePerPage() throws IOException {
        long before = pages.pagemapReads;
        QueryResult r = pages.query(PID, range[0], range[1]);
        long pagemapReads = pages.pagemapReads - before;
        long kpageReads = kpageReads();
        System.out.printf(
                "16 MiB, %d pages: %d pagemap preads, %d kpagecount+kpageflags preads%n",
                r.size(), pagemapReads, kpageReads);
        assertEquals(r.size() / Supermincore.CHUNK_PAGES, pagemapReads);
        assertTrue(
                kpageReads < r.size() / 4, kpageReads + " kpage reads for " + r.size() + " pages");
    }

    private long kpageReads() throws IOException {
        // a fresh instance so the counter covers exactly one query
        Supermincore fresh = new Supermincore(Path.of("/proc"), Path.of("/sys"));
        fresh.query(PID, range[0], range[1]);
        return fresh.kpageReadsForTest();
    }

    @Test
    void scanAllocatesNothingPerPage() throws IOException {
        long[] sum = new long[1];
        PageVisitor v = (address, pfn, index, count, prot, flags, node) -> sum[0] += count;
        pages.scan(PID, range[0], range[1], v);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        pages.scan(PID, range[0], range[1], v);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("scan of 4096 pages allocated %d bytes%n", allocated);
        // per-scan objects (paths, channels) only: a per-page object would be >= 4096 * 16 bytes
        assertTrue(allocated < 4096 * 4, allocated + " bytes allocated for 4096 pages");
        assertTrue(sum[0] >= 2 * 4096);
    }

    @Test
    void unmappedPagesAreSkipped() throws IOException {
        QueryResult r = pages.query(PID, 0x10000, 0x10000 + (1 << 20));
        assertEquals(0, r.size());
        assertTrue(r.mappings().isEmpty());
    }

    @Test
    void rangeIsRoundedOutwardToPages() throws IOException {
        QueryResult r = pages.query(PID, range[0] + 1, range[0] + 4097);
        assertEquals(range[0], r.start());
        assertEquals(range[0] + 8192, r.end());
        assertEquals(2, r.size());
    }

    @Test
    void badRangesAreRejectedWithTheReason() {
        IllegalArgumentException empty =
                assertThrows(IllegalArgumentException.class, () -> pages.query(PID, 8192, 8192));
        assertTrue(empty.getMessage().contains("must be below end"), empty.getMessage());
        IllegalArgumentException big =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> pages.query(PID, 0, Supermincore.MAX_RANGE_BYTES + 1));
        assertTrue(big.getMessage().contains("(1024 MiB) per call"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pages.query(PID, -4096, 4096));
        assertThrows(
                IllegalArgumentException.class,
                () -> pages.scan(PID, 4096, 0, (a, p, i, c, pr, f, n) -> {}));
    }
}
