package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Ranges recognised in real /proc/PID/maps captures: ZGC heap views, stack shapes, sizes; and range lookup. */
class MapsShapesTest {

    static MapsReader maps(String capture) {
        byte[] text =
                DcmdParsersTest.fixture(capture + ".maps.txt")
                        .getBytes(StandardCharsets.ISO_8859_1);
        MapsReader maps = JvmMaps.newReader();
        maps.parse(text, text.length);
        return maps;
    }

    @Test
    void nonGenerationalZgcHasThreeHeapViewsEachWithItsReservation() {
        RangeTableBuilder b = new RangeTableBuilder();
        StaticRanges.addZgcHeap(maps("jdk17-zgc"), b);
        RangeTable t = b.build();
        assertEquals(3, t.size());
        assertEquals(0x40000000000L, t.start(0));
        assertEquals(0x40100000000L, t.end(0)); // the rw-s view plus the ---p after it
        assertEquals(0x100000000000L, t.start(2));
        assertEquals(Region.JAVA_HEAP, t.regionOf(0x80000000000L, 0x80010000000L));
    }

    @Test
    void nonGenerationalZgcTablesAndMarkStackSpaceAreGcData() {
        VmInfo vm = VmInfo.parse(DcmdParsersTest.fixture("jdk17-zgc.vmInfo.txt"));
        assertEquals(16L << 20, vm.zgcGranuleMapBytes()); // 4096G offsets / 2M granules * 8 bytes
        RangeTableBuilder b = new RangeTableBuilder();
        RangesBySize.addZgcTables(maps("jdk17-zgc"), vm.zgcGranuleMapBytes(), 8L << 30, b);
        RangeTable t = b.build();
        // NMT detail of that JVM: ZPageTable and the table ZHeap() allocates, 16 MiB each;
        // ZMarkStackAllocator's
        // 8 GiB reservation, its 32 MiB head committed and a thread's stack right below it
        assertEquals(Region.GC_DATA, t.regionOf(0x7f8364400000L, 0x7f8365400000L));
        assertEquals(Region.GC_DATA, t.regionOf(0x7f8357000000L, 0x7f8358000000L));
        assertEquals(Region.GC_DATA, t.regionOf(0x7f8157000000L, 0x7f8159000000L));
        assertEquals(Region.GC_DATA, t.regionOf(0x7f8159000000L, 0x7f8357000000L));
        // adjacent ranges of one region coalesce: the mark stack space and the table right above it
        // are one
        assertEquals(2, t.size(), "nothing else in that JVM has these sizes");
        assertEquals(0x7f8157000000L, t.start(0));
        assertEquals(0x7f8358000000L, t.end(0));
        assertEquals(0x7f8364400000L, t.start(1));
        assertEquals(0x7f8365400000L, t.end(1));
        assertEquals(
                16L << 10,
                VmInfo.parse(DcmdParsersTest.fixture("jdk25-zgc.vmInfo.txt")).zgcGranuleMapBytes());
    }

    @Test
    void generationalZgcHasOneHeapView() {
        RangeTableBuilder b = new RangeTableBuilder();
        StaticRanges.addZgcHeap(maps("jdk25-zgc"), b);
        assertEquals(1, b.build().size());
    }

    @Test
    void stackShapesFindJavaAndNativeThreadsOfOneMegabyte() {
        StackShapes shapes = new StackShapes();
        shapes.setStackSizes(1024, 1024, 1024);
        assertTrue(shapes.find(maps("jdk25-g1")));
        long[] found = shapes.found();
        // System.map of that run labels 19 STACK guard+stack pairs (main's is [stack]-less, VM
        // threads 1M+4K)
        assertTrue(found.length / 2 >= 15, "stacks found: " + found.length / 2);
        boolean javaThread = false;
        for (int i = 0; i < found.length; i += 2) {
            javaThread |=
                    found[i] == 0x7f18136fe000L
                            && found[i + 1] == 0x7f18137fe000L; // C1 CompilerThread0
        }
        assertTrue(javaThread);
    }

    @Test
    void higherPriorityWinsOverlapAndLookupPicksLargestOverlap() {
        RangeTable t =
                new RangeTableBuilder()
                        .add(0x1000, 0x9000, Region.CDS_ARCHIVE, 80)
                        .add(0x4000, 0x6000, Region.JAVA_HEAP, 100)
                        .add(0x20000, 0x30000, Region.GC_DATA, 40)
                        .build();
        assertEquals(3 + 1, t.size()); // CDS split around the heap
        assertEquals(Region.JAVA_HEAP, t.regionOf(0x4000, 0x6000));
        assertEquals(
                Region.CDS_ARCHIVE, t.regionOf(0x1000, 0x9000)); // 6 pages CDS against 2 of heap
        assertEquals(Region.GC_DATA, t.regionOf(0x8000, 0x40000));
        assertNull(t.regionOf(0x9000, 0x20000));
        assertNull(JvmLayout.empty().regionOf(0, Long.MAX_VALUE));
        assertEquals(-1, JvmLayout.empty().threadIndexOf(0, Long.MAX_VALUE));
    }

    @Test
    void aSizeMatchNeverClaimsAGlibcArena() {
        // an arena: 940 KiB committed at a 64 MiB boundary, the rest of the 64 MiB reserved; then
        // an 8 MiB
        // GC table right after it, and an 8 MiB run whose tail would reach into the arena's head
        String text =
                ""
                        + "7f55c8000000-7f55c80eb000 rw-p 00000000 00:00 0 \n"
                        + "7f55c80eb000-7f55cc000000 ---p 00000000 00:00 0 \n"
                        + "7f55cc000000-7f55cc800000 rw-p 00000000 00:00 0 \n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        MapsReader maps = JvmMaps.newReader();
        maps.parse(b, b.length);
        assertTrue(
                ReservationMatcher.overlapsArena(
                        maps, 0x7f55c8000000L - (4L << 20), 0x7f55c8000000L + 4096));
        assertTrue(!ReservationMatcher.overlapsArena(maps, 0x7f55cc000000L, 0x7f55cc800000L));
        RangeTableBuilder out = new RangeTableBuilder();
        ReservationMatcher.addMatches(
                maps, new long[] {8L << 20, 64L << 20}, Region.GC_DATA, 40, out);
        RangeTable t = out.build();
        assertNull(t.regionOf(0x7f55c8000000L, 0x7f55c80eb000L), "the arena stays malloc's");
        assertEquals(Region.GC_DATA, t.regionOf(0x7f55cc000000L, 0x7f55cc800000L));
    }

    /**
     * The three code heaps' segment maps in the JDK 25 G1 capture, found as LayoutProbe finds them (size
     * guesses inside a thread's guard+stack dropped): a byte per 128-byte segment in a Server VM, 48 + 940 +
     * 940 KiB, which is the 1928 KiB that NMT detail of a JDK 25 JVM reports for these reservations.
     */
    @Test
    void aServerVmsSegmentMapsHaveTheSizeOf128ByteSegments() {
        long[] code = CodeHeaps.parse(DcmdParsersTest.fixture("jdk25-g1.compilerCodecache.txt"));
        assertTrue(VmInfo.parse(DcmdParsersTest.fixture("jdk25-g1.vmInfo.txt")).serverVm());
        MapsReader maps = maps("jdk25-g1");
        RangeTableBuilder b = new RangeTableBuilder();
        RangesBySize.add(maps, HeapInfo.UNKNOWN, code, true, 0, false, b);
        StackShapes shapes = new StackShapes();
        shapes.setStackSizes(1024, 1024, 1024);
        shapes.find(maps);
        b.removeReachingInto(shapes.found());
        RangeTable t = b.build();
        long total = 0;
        for (int i = 0; i < t.size(); i++) {
            assertEquals(Region.CODE_CACHE, t.region(i));
            total += t.end(i) - t.start(i);
        }
        long expected = 0;
        for (int i = 0; i < code.length; i += 2) {
            expected += ReservationMatcher.pageUp((code[i + 1] - code[i]) / 128);
        }
        assertEquals(1928L << 10, expected);
        assertEquals(expected, total, describe(t));
    }

    /**
     * JDK 17 G1 in FidelityIT: G1's block offset and card count tables (512 KiB each) merged into one 3 MiB rw-p
     * VMA with the committed head of a code heap's segment map, whose ---p rest follows. Sizes of 64-byte
     * segments would also fit that ---p end and claim 1.9 MiB of the VMA; a Server VM's 128-byte ones claim
     * the 940 KiB reservation and its 20 KiB head only.
     */
    @Test
    void aSegmentMapMergedWithGcTablesClaimsOnlyItsOwnHead() {
        String text =
                ""
                        + "7f3143428000-7f314372f000 rw-p 00000000 00:00 0 \n"
                        + "7f314372f000-7f3143815000 ---p 00000000 00:00 0 \n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        MapsReader maps = JvmMaps.newReader();
        maps.parse(bytes, bytes.length);
        // Compiler.codecache of that JVM: 'non-profiled' and 'profiled' 120032 KiB, 'non-nmethods'
        // 5692 KiB
        long[] code = {
            0x7f33d4ec7000L,
            0x7f33d4ec7000L + (120032L << 10),
            0x7f33cd400000L,
            0x7f33cd400000L + (120032L << 10),
            0x7f33d4938000L,
            0x7f33d4938000L + (5692L << 10)
        };
        RangeTableBuilder server = new RangeTableBuilder();
        RangesBySize.add(maps, HeapInfo.UNKNOWN, code, true, 0, false, server);
        RangeTable t = server.build();
        assertEquals(1, t.size(), describe(t));
        assertEquals(0x7f314372a000L, t.start(0));
        assertEquals(0x7f3143815000L, t.end(0));
        RangeTableBuilder unknown = new RangeTableBuilder();
        RangesBySize.add(maps, HeapInfo.UNKNOWN, code, false, 0, false, unknown);
        assertTrue(
                unknown.build().start(0) < 0x7f3143641000L,
                "without the VM's word 64-byte segments are tried too");
    }

    static String describe(RangeTable t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            sb.append(String.format("%x-%x %s%n", t.start(i), t.end(i), t.region(i)));
        }
        return sb.toString();
    }
}
