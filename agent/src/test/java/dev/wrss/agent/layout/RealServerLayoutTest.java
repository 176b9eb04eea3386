package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Layout rules against captures of real servers (RealServerFidelityIT: /proc/PID/maps with the diagnostic
 * commands read at the same moment), each checked against the System.map or NMT detail of that same JVM.
 */
class RealServerLayoutTest {

    /** The size-found ranges as LayoutProbe builds them at start-up from one capture. */
    static RangeTable sizeRanges(String capture) {
        MapsReader maps = MapsShapesTest.maps(capture);
        String codecache = DcmdParsersTest.fixture(capture + ".compilerCodecache.txt");
        HeapInfo heap = HeapInfo.parse(DcmdParsersTest.fixture(capture + ".gcHeapInfo.txt"));
        VmInfo vm = VmInfo.parse(DcmdParsersTest.fixture(capture + ".vmInfo.txt"));
        RangeTableBuilder b = new RangeTableBuilder();
        RangesBySize.add(
                maps,
                heap,
                CodeHeaps.parse(codecache),
                CodeHeaps.committed(codecache),
                vm.serverVm(),
                0,
                false,
                b);
        StackShapes shapes = new StackShapes();
        shapes.setStackSizes(1024, 1024, 1024);
        shapes.find(maps);
        b.removeReachingInto(shapes.found());
        b.removeOverlapping(StaticRanges.BY_SIZE);
        return b.build();
    }

    /**
     * System.map of these JVMs tags each of these anonymous rw-p mappings CODE: a code heap's segment map whose
     * committed head merged with the CODE memory below it. A 1028 KiB G1 table size (heap/512 + 1, page
     * aligned) ending at the same ---p end once claimed their last 88 KiB, and with them the whole mapping, for
     * gc_data; the segment map, found by its reserved and its committed size, now takes them.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "wildfly37-jdk25, 7f74b1d11000, 7f74b1f19000",
        "wildfly37-jdk25, 7f74c9b39000, 7f74c9c24000",
        "netty4.1-jdk25,  7f0d3d711000, 7f0d3d71b000",
    })
    void aSegmentMapsMergedHeadIsCodeNotAGcTablesLeftover(
            String capture, String start, String end) {
        RangeTable t = sizeRanges(capture);
        long s = Long.parseUnsignedLong(start, 16);
        long e = Long.parseUnsignedLong(end, 16);
        assertEquals(Region.CODE_CACHE, t.regionOf(s, e), MapsShapesTest.describe(t));
    }

    @Test
    void segmentMapsAreFoundByBothSizesInEveryCapture() {
        for (String capture :
                new String[] {
                    "wildfly37-jdk25",
                    "wildfly37-jdk17",
                    "netty4.1-jdk25",
                    "netty4.1-jdk17",
                    "kafka4.1-jdk25",
                    "kafka4.1-jdk17"
                }) {
            RangeTable t = sizeRanges(capture);
            long code = 0;
            for (int i = 0; i < t.size(); i++) {
                code += t.region(i) == Region.CODE_CACHE ? t.end(i) - t.start(i) : 0;
            }
            // three heaps' segment maps, 940 + 940 + 48 KiB, found with their exact committed heads
            assertEquals(1928L << 10, code, capture + ": " + MapsShapesTest.describe(t));
        }
    }

    /**
     * WildFly on JDK 17: G1's 1 MiB task queues lie side by side, each a committed head and a ---p rest (NMT
     * detail: "reserved 1024KB for GC"). One queue's 704 KiB ---p rest and the next queue's 320 KiB head have
     * a thread stack's total size, but a stack's guard is a few pages: no stack shape there.
     */
    @Test
    void aReservationsTailAndTheNextOnesHeadAreNoStack() {
        StackShapes shapes = new StackShapes();
        shapes.setStackSizes(1024, 1024, 1024);
        shapes.find(MapsShapesTest.maps("wildfly37-jdk17"));
        long[] found = shapes.found();
        assertNotEquals(0, found.length, "the real stacks are still found");
        for (int i = 0; i < found.length; i += 2) {
            assertFalse(
                    found[i] >= 0x7fe103c13000L && found[i] < 0x7fe103f13000L,
                    String.format(
                            "stack shape %x-%x over the GC task queues", found[i], found[i + 1]));
        }
    }
}
