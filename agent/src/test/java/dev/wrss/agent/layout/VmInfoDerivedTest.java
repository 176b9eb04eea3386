package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The facts VM.info prints, derived from the maps, VM.metaspace and the system properties instead, against the
 * VM.info of the same capture; and when the layout can do without VM.info: only where no card table and mark
 * bitmap must be found, as those found by their size alone leave mappings in other regions.
 */
class VmInfoDerivedTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kafka4.1-jdk17",
                "kafka4.1-jdk25",
                "netty4.1-jdk17",
                "netty4.1-jdk25",
                "wildfly37-jdk17",
                "wildfly37-jdk25",
                "jdk25-g1",
                "jdk17-zgc",
                "jdk25-zgc"
            })
    void derivedFactsAreThoseVmInfoPrints(String capture) {
        MapsReader maps = MapsShapesTest.maps(capture);
        HeapInfo heap = HeapInfo.parse(DcmdParsersTest.fixture(capture + ".gcHeapInfo.txt"));
        VmInfo printed = VmInfo.parse(DcmdParsersTest.fixture(capture + ".vmInfo.txt"));
        VmInfo derived =
                VmInfo.derive(
                        maps,
                        heap,
                        new MetaspaceNodes(new long[0], printed.classSpace()),
                        "OpenJDK 64-Bit Server VM");
        assertArrayEquals(printed.cds(), derived.cds(), "CDS");
        assertArrayEquals(printed.classSpace(), derived.classSpace(), "class space");
        assertEquals(printed.serverVm(), derived.serverVm());
        if (printed.zgcGranuleMapBytes() >= RangesBySize.ZGC_GRANULE_MAP_MIN_BYTES) {
            assertEquals(
                    printed.zgcGranuleMapBytes(), derived.zgcGranuleMapBytes(), "ZGC granule maps");
        } else {
            assertEquals(0, derived.zgcGranuleMapBytes());
        }
    }

    /** Without a card table (ZGC, Shenandoah) the layout does without VM.info: not one mapping moves. */
    @ParameterizedTest
    @ValueSource(strings = {"jdk17-zgc", "jdk25-zgc"})
    void withoutCardTablesTheLayoutIsTheSameWithoutVmInfo(String capture) {
        assertEquals("", differences(capture));
    }

    /**
     * With one, it is not: G1's tables found by size alone leave mappings to other regions in every capture
     * (3-46 MiB of address space each), so the layout asks VM.info for G1, Parallel and Serial.
     */
    @ParameterizedTest
    @ValueSource(strings = {"kafka4.1-jdk17", "netty4.1-jdk25", "wildfly37-jdk17", "jdk25-g1"})
    void cardTableCollectorsNeedVmInfo(String capture) {
        assertNotEquals("", differences(capture));
        assertTrue(
                StartupFacts.needsVmInfo(
                        HeapInfo.parse(DcmdParsersTest.fixture(capture + ".gcHeapInfo.txt"))));
    }

    @ParameterizedTest
    @CsvSource({"G1, true", "Parallel, true", "Serial, true", "Z, false", "Shenandoah, false"})
    void vmInfoIsAskedForCollectorsWithCardTables(String collector, boolean asked) {
        long start = 0x4_0000_0000L;
        long mib = 1L << 20;
        assertEquals(
                asked, StartupFacts.needsVmInfo(new HeapInfo(collector, start, start + 256 * mib)));
        assertFalse(
                StartupFacts.needsVmInfo(new HeapInfo(collector, start, start + 96 * mib)),
                "a 96 MiB heap's tables (at most 3.6 MiB) weigh less than VM.info costs");
        assertEquals(
                asked,
                StartupFacts.needsVmInfo(new HeapInfo(collector, start, start + 112 * mib)),
                "from 112 MiB they could weigh more (4.2 MiB)");
        assertTrue(
                StartupFacts.needsVmInfo(new HeapInfo("unknown", 0, 0)),
                "no heap range without it");
    }

    /**
     * VM.info prints all of /proc/PID/maps (megabytes with many mapped files): the layout reads it once and
     * keeps only its malloc lines, so the text is garbage as soon as it is parsed.
     */
    @org.junit.jupiter.api.Test
    void vmInfoTextIsNotKeptAfterTheLayoutParsedIt() throws InterruptedException {
        String capture = "jdk17-g1";
        java.util.List<java.lang.ref.WeakReference<String>> answered = new java.util.ArrayList<>();
        JvmFacts facts =
                new JvmFacts() {
                    @Override
                    public String command(String name, String... args) {
                        String file =
                                switch (name) {
                                    case "GC.heap_info" -> ".gcHeapInfo.txt";
                                    case "VM.info" -> ".vmInfo.txt";
                                    default -> null;
                                };
                        if (file == null) {
                            return null;
                        }
                        String text = new String(DcmdParsersTest.fixture(capture + file));
                        if (name.equals("VM.info")) {
                            answered.add(new java.lang.ref.WeakReference<>(text));
                        }
                        return text;
                    }

                    @Override
                    public long vmOption(String name) {
                        return -1;
                    }

                    @Override
                    public boolean vmFlag(String name) {
                        return false;
                    }

                    @Override
                    public String problem() {
                        return null;
                    }
                };
        StartupFacts statics = new StartupFacts(facts);
        statics.readHeapAndCode();
        statics.readVm(new StackShapes());
        assertEquals(1, answered.size(), "VM.info asked once");
        assertTrue(statics.vmInfoRan());
        for (int i = 0; i < 10 && answered.get(0).get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(null, answered.get(0).get(), "VM.info's text still reachable");
        assertNotEquals(null, statics.vmInfoMallocLines(), "its malloc lines kept");
    }

    /** Mappings of the capture in another region when the facts are derived than with VM.info's. */
    private static String differences(String capture) {
        MapsReader maps = MapsShapesTest.maps(capture);
        String codecache = DcmdParsersTest.fixture(capture + ".compilerCodecache.txt");
        HeapInfo heap = HeapInfo.parse(DcmdParsersTest.fixture(capture + ".gcHeapInfo.txt"));
        VmInfo printed = VmInfo.parse(DcmdParsersTest.fixture(capture + ".vmInfo.txt"));
        MetaspaceNodes meta = new MetaspaceNodes(new long[0], printed.classSpace());
        VmInfo derived = VmInfo.derive(maps, heap, meta, "OpenJDK 64-Bit Server VM");
        RangeTable withVmInfo = layout(maps, heap, codecache, printed, meta);
        RangeTable without = layout(maps, heap, codecache, derived, meta);
        StringBuilder why = new StringBuilder();
        for (int i = 0; i < maps.count(); i++) {
            Region a = withVmInfo.regionOf(maps.start(i), maps.end(i));
            Region b = without.regionOf(maps.start(i), maps.end(i));
            if (a != b) {
                why.append(
                        String.format(
                                "%x-%x: %s with VM.info, %s without%n",
                                maps.start(i), maps.end(i), a, b));
            }
        }
        return why.toString();
    }

    /** The static layout as LayoutProbe assembles it (threads left out). */
    private static RangeTable layout(
            MapsReader maps, HeapInfo heap, String codecache, VmInfo vm, MetaspaceNodes meta) {
        RangeTableBuilder b = new RangeTableBuilder();
        long[] code = CodeHeaps.parse(codecache);
        RangesBySize.add(
                maps, heap, code, CodeHeaps.committed(codecache), vm.serverVm(), 0, false, b);
        if (heap.collector().equals("Z")
                && vm.zgcGranuleMapBytes() >= RangesBySize.ZGC_GRANULE_MAP_MIN_BYTES) {
            RangesBySize.addZgcTables(maps, vm.zgcGranuleMapBytes(), 8L << 30, b);
        }
        StaticRanges.addZgcHeap(maps, b);
        StackShapes shapes = new StackShapes();
        shapes.setStackSizes(1024, 1024, 1024);
        shapes.find(maps);
        b.removeReachingInto(shapes.found());
        b.removeOverlapping(StaticRanges.BY_SIZE);
        StaticRanges.addPrinted(heap, vm, code, meta, b);
        return b.build();
    }
}
