package dev.wrss.agent.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.pagemap.KpageReader;
import dev.wrss.agent.pagemap.MappingPages;
import dev.wrss.agent.proc.Mapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit decoding on a hand-made proc tree (sparse pagemap, kpagecount, kpageflags) for what this machine
 * cannot produce: swapped pages (no swap here), frames on a second NUMA node, THP and hugetlb flags.
 */
class SupermincoreFixtureTest {

    private static final long PRESENT = 1L << 63;
    private static final long SWAP = 1L << 62;
    private static final long FILE = 1L << 61;
    private static final long EXCLUSIVE = 1L << 56;
    private static final long SOFT_DIRTY = 1L << 55;
    private static final long NODE1_PFN = 8 * (0x8000000L / 4096) + 7;

    @TempDir Path proc;

    @Test
    void pagemapAndKpageBitsAreDecoded() throws IOException {
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(
                proc.resolve("42/maps"),
                """
                00010000-00014000 rw-p 00000000 00:00 0\s
                00020000-00022000 r--s 00003000 fe:01 77                         /data/a file.bin
                00030000-00031000 r-xp 00000000 fe:01 78                         /after/the/range
                """);
        pagemap(0x10, PRESENT | EXCLUSIVE | SOFT_DIRTY | 5);
        pagemap(0x11, SWAP | EXCLUSIVE | (99L << 5) | 3);
        // 0x12 absent: never touched
        pagemap(0x13, PRESENT | EXCLUSIVE | NODE1_PFN);
        pagemap(0x20, PRESENT | FILE | 0x300);
        pagemap(0x21, PRESENT | FILE | 0x301);
        at("kpagecount", 5, 1);
        at("kpagecount", NODE1_PFN, 1);
        at("kpagecount", 0x300, 4);
        at("kpagecount", 0x301, 0);
        at("kpageflags", 5, 1L << KpageReader.KPF_THP | 1L << KpageReader.KPF_DIRTY);
        at("kpageflags", 0x300, 1L << KpageReader.KPF_HUGE);

        Supermincore s = new Supermincore(proc, Fixtures.of("sysfs-2node"));
        assertEquals(4096, s.pageSizeBytes(), "no auxv in the fixture: the default");
        QueryResult r = s.query(42, 0x11000, 0x30000);

        assertTrue(r.privileged());
        assertEquals(
                5,
                r.size(),
                "pages 0x11000..0x13fff and 0x20000..0x21fff; 0x30000 lies past the end");
        PageInfo swapped = r.page(0);
        assertEquals(0x11000, swapped.address());
        assertTrue(swapped.swapped());
        assertFalse(swapped.present());
        assertEquals(0, swapped.pfn(), "a swap entry is not a frame");
        assertEquals(0, swapped.count());
        assertEquals(-1, swapped.node());
        assertEquals(-1, swapped.index());
        assertEquals(0, r.flags(1), "an untouched page: nothing set");
        PageInfo far = r.page(2);
        assertEquals(NODE1_PFN, far.pfn());
        assertEquals(1, far.node());
        assertEquals(Mapping.READ | Mapping.WRITE, far.prot());
        PageInfo shared = r.page(3);
        assertEquals(0x20000, shared.address());
        assertEquals(3, shared.index(), "file offset 0x3000 is page 3");
        assertEquals(4, shared.count());
        assertTrue(shared.fileOrSharedAnon());
        assertTrue((shared.flags() & PageInfo.HUGETLB) != 0);
        assertEquals(Mapping.READ | Mapping.SHARED, shared.prot());
        assertEquals(0, shared.node());
        assertEquals(4, r.index(4));
        assertEquals(0, r.count(4), "kpagecount 0: unknown, as for the zero page");

        MappingPages anon = r.mappings().get(0);
        assertEquals(0x10000, anon.start());
        assertEquals(3, anon.pages());
        assertEquals(1, anon.presentPages());
        assertEquals(1, anon.swappedPages());
        assertEquals(2, anon.exclusivePages());
        assertEquals(4096, anon.weightedBytes());
        assertEquals(1, anon.presentPagesOnNode(1));
        MappingPages file = r.mappingAt(0x21fff);
        assertEquals("/data/a file.bin", file.path());
        assertEquals("r--s", file.perms());
        assertEquals(2, file.presentPages());
        assertEquals(1, file.sharedPages());
        assertEquals(1, file.unknownCountPages());
        assertEquals(1024, file.weightedBytes());
        assertEquals(2, r.mappings().size());

        // the first page of the anonymous mapping, before the range: THP and soft-dirty
        PageInfo first = s.query(42, 0x10000, 0x11000).page(0);
        assertTrue(first.thp() && first.softDirty() && first.exclusive(), first::toString);
        assertEquals(PageInfo.DIRTY, first.flags() & PageInfo.DIRTY);
    }

    @Test
    void withoutKpagecountCountsComeFromTheExclusiveBit() throws IOException {
        Files.createDirectories(proc.resolve("7"));
        Files.writeString(proc.resolve("7/maps"), "00010000-00012000 rw-p 00000000 00:00 0\n");
        Files.write(proc.resolve("7/pagemap"), new byte[0]);
        try (FileChannel ch =
                FileChannel.open(proc.resolve("7/pagemap"), StandardOpenOption.WRITE)) {
            ch.write(
                    ByteBuffer.allocate(16)
                            .order(ByteOrder.nativeOrder())
                            .putLong(PRESENT | EXCLUSIVE)
                            .putLong(PRESENT)
                            .flip(),
                    0x10 * 8);
        }
        QueryResult r = new Supermincore(proc, proc).query(7, 0x10000, 0x12000);
        assertFalse(r.privileged());
        assertEquals(1, r.count(0));
        assertEquals(0, r.count(1));
        assertEquals(0, r.node(0), "no sysfs: one node 0, so a present page is on it");
        assertEquals(1, r.mappings().get(0).unknownCountPages());
    }

    private void pagemap(long page, long entry) throws IOException {
        at("42/pagemap", page, entry);
    }

    private void at(String file, long slot, long value) throws IOException {
        try (FileChannel ch =
                FileChannel.open(
                        proc.resolve(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(
                    ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).flip(),
                    slot * 8);
        }
    }
}
