package dev.wrss.agent.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapsReaderTest {

    @TempDir Path dir;

    @Test
    void keepsOnlyMappingsOverlappingTheRangeAndLongPaths() throws IOException {
        String longPath = "/" + "x".repeat(4_000); // PATH_MAX is 4096
        Path maps = dir.resolve("maps");
        StringBuilder text = new StringBuilder();
        text.append("00001000-00002000 r--p 00000000 fe:01 10                         /before\n");
        text.append("00002000-00004000 rw-s 00010000 fe:01 11                         ")
                .append(longPath)
                .append('\n');
        text.append("00004000-00005000 rw-p 00000000 00:00 0 \n");
        text.append(
                "00005000-00006000 r--p 00000000 fe:01 12                         /gone (deleted)\n");
        for (int i = 0; i < 1000; i++) {
            text.append(
                    String.format(
                            "%08x-%08x r--p 00000000 fe:01 13    /after%n",
                            0x100000 + i * 0x1000, 0x101000 + i * 0x1000));
        }
        Files.writeString(maps, text);
        MapsReader r = new MapsReader();
        assertEquals(3, r.read(maps, 0x3000, 0x6000));
        assertEquals(0x2000, r.start(0));
        assertEquals(0x4000, r.end(0));
        assertEquals(0x10000, r.offset(0));
        assertEquals(11, r.inode(0));
        assertEquals(Mapping.READ | Mapping.WRITE | Mapping.SHARED, r.perms(0));
        assertEquals(longPath, r.path(0));
        assertEquals(0, r.inode(1));
        assertEquals("", r.path(1));
        assertEquals("/gone (deleted)", r.path(2));
        assertEquals(
                1000, r.read(maps, 0x100000, 0x100000 + 1000 * 0x1000), "reused after growing");
        assertEquals("/after", r.path(999));
    }

    @Test
    void malformedLinesFailAsIoErrors() throws IOException {
        Path maps = dir.resolve("maps");
        Files.writeString(maps, "00001000 garbage\n");
        assertThrows(IOException.class, () -> new MapsReader().read(maps, 0, 0x10000));
    }

    @Test
    void aSelectorMarksSkipsAndSetsApartWithoutDetails() {
        String text =
                ""
                        + "00001000-00002000 ---p 00000000 00:00 0 \n"
                        + "00002000-00003000 r--p 00000000 fe:01 10       /lib/classes.jsa\n"
                        + "00003000-00004000 r-xp 00000000 fe:01 11       /lib/libjvm.so\n"
                        + "00004000-00005000 rw-s 00000000 00:01 3        /memfd:java_heap (deleted)\n";
        int memfd = MapsReader.FIRST_MARK;
        MapsReader r =
                new MapsReader(
                        0,
                        m ->
                                m.anonymous()
                                        ? 0
                                        : m.pathString().startsWith("/memfd:")
                                                ? memfd
                                                : m.pathString().endsWith(".jsa")
                                                        ? MapsSelector.SET_APART
                                                        : MapsSelector.SKIP,
                        false,
                        1);
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        r.parse(b, b.length);
        assertEquals(2, r.count());
        assertTrue(r.isAnonNone(0));
        assertEquals(0x4000, r.start(1));
        assertTrue(r.is(1, memfd | MapsReader.ANON, memfd));
        assertEquals(Mapping.READ | Mapping.WRITE | Mapping.SHARED, r.perms(1));
        assertArrayEquals(new long[] {0x2000, 0x3000}, r.setApart());
        assertEquals(1, r.indexOf(0x4800));
        assertEquals(-1, r.indexOf(0x2800));
    }

    @Test
    void anUnreadableFileReadsAsEmpty() {
        MapsReader r = new MapsReader();
        assertFalse(r.readAll(dir.resolve("missing")));
        assertEquals(0, r.count());
    }
}
