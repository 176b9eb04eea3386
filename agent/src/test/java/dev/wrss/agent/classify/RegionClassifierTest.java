package dev.wrss.agent.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.layout.JvmLayout;
import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.Region;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The path and shape rules, with a layout that knows nothing, so that only they decide. */
class RegionClassifierTest {

    private final JvmLayout layout = JvmLayout.empty();

    static Mapping mapping(long start, long end, String perms, long inode, String path) {
        Mapping m = new Mapping();
        int p =
                (perms.charAt(0) == 'r' ? Mapping.READ : 0)
                        | (perms.charAt(1) == 'w' ? Mapping.WRITE : 0)
                        | (perms.charAt(2) == 'x' ? Mapping.EXEC : 0)
                        | (perms.charAt(3) == 's' ? Mapping.SHARED : 0);
        m.setHeader(start, end, p, 0, inode, path.getBytes(StandardCharsets.UTF_8));
        return m;
    }

    @ParameterizedTest(name = "{1} {3} -> {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "7f0000000000 | rw-p | 0     | [heap]                                         | malloc",
                "7ffc00000000 | rw-p | 0     | [stack]                                        | thread_stacks",
                "7f0000000000 | r-xp | 0     | [vdso]                                         | other",
                "7f0000000000 | r--p | 0     | [vvar]                                         | other",
                "7f0000000000 | rw-p | 0     | [anon:glibc: malloc arena]                     | malloc",
                "7f0000001000 | rw-p | 0     | [anon:some name]                               | malloc",
                "7f0000000000 | r-xp | 11    | /usr/lib/x86_64-linux-gnu/libc.so.6            | shared_libs",
                "7f0000000000 | r--p | 12    | /usr/lib/jvm/x/lib/server/libjvm.so            | shared_libs",
                "7f0000000000 | r--p | 13    | /usr/lib/jvm/x/lib/modules                     | jdk_image",
                "7f0000000000 | r--p | 14    | /usr/lib/jvm/x/lib/server/classes.jsa          | cds_archive",
                "40000000000  | rw-s | 15    | /memfd:java_heap (deleted)                     | java_heap",
                "7f0000000000 | rw-s | 16    | /tmp/data file.bin                             | mapped_files",
                "7f0000000000 | rw-s | 17    | /memfd:buffer (deleted)                        | mapped_files",
                "7f0000000000 | r--s | 18    | /dev/shm/segment                               | mapped_files",
                "7f0000000000 | r--p | 19    | /opt/plugins.so.d/index.dat                    | mapped_files",
                "7f0000000000 | r--p | 20    | /opt/lib/libfoo.so.1.2                         | shared_libs",
                "7f0000001000 | rw-p | 0     | ''                                             | malloc",
                "7f0000001000 | ---p | 0     | ''                                             | other",
                "7f0000001000 | r-xp | 0     | ''                                             | other",
            })
    void pathAndShapeRules(String start, String perms, long inode, String path, String region) {
        long s = Long.parseUnsignedLong(start.trim(), 16);
        RegionClassifier c = new RegionClassifier();
        c.startScan();
        Region r = c.classify(mapping(s, s + 4096, perms.trim(), inode, path.trim()), layout);
        assertEquals(region.trim(), r.id());
    }

    @Test
    void aLibrarysBssFollowsItsDataSegment() {
        RegionClassifier c = new RegionClassifier();
        c.startScan();
        assertEquals(
                Region.SHARED_LIBS,
                c.classify(
                        mapping(0x7f0000000000L, 0x7f0000002000L, "rw-p", 20, "/lib/libz.so.1"),
                        layout));
        assertEquals(
                Region.SHARED_LIBS,
                c.classify(mapping(0x7f0000002000L, 0x7f0000003000L, "rw-p", 0, ""), layout));
        // not adjacent: ordinary anonymous memory
        assertEquals(
                Region.MALLOC,
                c.classify(mapping(0x7f0000005000L, 0x7f0000006000L, "rw-p", 0, ""), layout));
    }

    /**
     * WildFly on JDK 17 (NMT detail: "reserved 1024KB for GC"): the kernel put a G1 task queue's 316 KiB
     * committed head right after libzip.so's data segment, whose ELF declares no .bss beyond it. Adjacency
     * alone made it the library's .bss; the declared size does not fit it.
     */
    @Test
    void anonymousMemoryAfterALibraryIsItsBssOnlyWithinTheElfsDeclaredSize() throws Exception {
        java.nio.file.Path libzip =
                java.nio.file.Path.of(System.getProperty("java.home"), "lib", "libzip.so");
        long declared =
                ElfBss.parse(
                        java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(libzip))
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN));
        assertTrue(declared >= 0 && declared < 0x4f000, "libzip.so declares " + declared);
        RegionClassifier c = new RegionClassifier();
        c.startScan();
        assertEquals(
                Region.SHARED_LIBS,
                c.classify(
                        mapping(0x7fe103c12000L, 0x7fe103c13000L, "rw-p", 21, libzip.toString()),
                        layout));
        assertEquals(
                Region.MALLOC,
                c.classify(mapping(0x7fe103c13000L, 0x7fe103c62000L, "rw-p", 0, ""), layout));
        // glibc declares a .bss of several pages: an anonymous mapping of that size after its data
        // is it
        java.nio.file.Path libc = java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
        if (java.nio.file.Files.isReadable(libc)) {
            long bss =
                    ElfBss.parse(
                            java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(libc))
                                    .order(java.nio.ByteOrder.LITTLE_ENDIAN));
            assertTrue(bss > 0, "libc.so.6 declares a .bss");
            c.startScan();
            assertEquals(
                    Region.SHARED_LIBS,
                    c.classify(
                            mapping(0x7f0000000000L, 0x7f0000002000L, "rw-p", 22, libc.toString()),
                            layout));
            assertEquals(
                    Region.SHARED_LIBS,
                    c.classify(
                            mapping(0x7f0000002000L, 0x7f0000002000L + bss, "rw-p", 0, ""),
                            layout));
        }
        assertEquals(-1, ElfBss.parse(java.nio.ByteBuffer.wrap(new byte[64])));
    }

    @Test
    void anExecutableWithoutSoInItsNameIsCodeFromItsExecSegmentOn() {
        RegionClassifier c = new RegionClassifier();
        c.startScan();
        assertEquals(
                Region.MAPPED_FILES,
                c.classify(mapping(0x1000, 0x2000, "r--p", 30, "/opt/tool/bin/tool"), layout));
        assertEquals(
                Region.SHARED_LIBS,
                c.classify(mapping(0x2000, 0x3000, "r-xp", 30, "/opt/tool/bin/tool"), layout));
        assertEquals(
                Region.SHARED_LIBS,
                c.classify(mapping(0x3000, 0x4000, "r--p", 30, "/opt/tool/bin/tool"), layout));
        c.startScan(); // the next scan remembers the file
        assertEquals(
                Region.SHARED_LIBS,
                c.classify(mapping(0x1000, 0x2000, "r--p", 30, "/opt/tool/bin/tool"), layout));
    }

    @Test
    void aGlibcArenaSpansItsAlignedWindowIncludingTheReservedTail() {
        RegionClassifier c = new RegionClassifier();
        c.startScan();
        long base = 0x7f0004000000L; // 64 MiB aligned
        assertEquals(
                Region.MALLOC, c.classify(mapping(base, base + (1 << 20), "rw-p", 0, ""), layout));
        assertEquals(
                Region.MALLOC,
                c.classify(mapping(base + (1 << 20), base + (64 << 20), "---p", 0, ""), layout));
        // past the window, a bare reservation is nobody's
        assertEquals(
                Region.OTHER,
                c.classify(
                        mapping(base + (64 << 20) + 4096, base + (65 << 20), "---p", 0, ""),
                        layout));
    }
}
