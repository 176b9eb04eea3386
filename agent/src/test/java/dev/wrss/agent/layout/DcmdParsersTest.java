package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The diagnostic-command parsers against real captures of JDK 17.0.15 and 25.0.3, -Xmx256m. */
class DcmdParsersTest {

    static String fixture(String name) {
        try (InputStream in = DcmdParsersTest.class.getResourceAsStream("/layout/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "jdk17-g1, G1, f0000000, 100000000",
        "jdk25-g1, G1, f0000000, 100000000",
        "jdk17-parallel, Parallel, f0000000, 100000000",
        "jdk25-parallel, Parallel, f0000000, 100000000",
        "jdk17-serial, Serial, f0000000, 100000000",
        "jdk25-serial, Serial, f0000000, 100000000",
        "jdk17-shenandoah, Shenandoah, f0000000, 100000000",
        "jdk25-shenandoah, Shenandoah, f0000000, 100000000",
        "jdk17-zgc, Z, 0, 0",
        "jdk25-zgc, Z, 0, 0",
    })
    void heapInfoGivesCollectorAndReservedRange(
            String capture, String collector, String start, String end) {
        HeapInfo heap = HeapInfo.parse(fixture(capture + ".gcHeapInfo.txt"));
        assertEquals(collector, heap.collector());
        assertEquals(Long.parseLong(start, 16), heap.start());
        assertEquals(Long.parseLong(end, 16), heap.end());
    }

    @ParameterizedTest
    @CsvSource({
        "jdk17-g1, 3",
        "jdk25-g1, 3",
        "jdk17-g1-noshare-nocomp, 1",
        "jdk25-g1-noshare-nocomp, 1",
        "jdk25-zgc, 3"
    })
    void codecacheGivesOneRangePerCodeHeapSummingToReservedCodeCacheSize(
            String capture, int heaps) {
        long[] pairs = CodeHeaps.parse(fixture(capture + ".compilerCodecache.txt"));
        assertEquals(2 * heaps, pairs.length);
        long total = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            total += pairs[i + 1] - pairs[i];
        }
        // the default ReservedCodeCacheSize with tiered compilation; JDK 25 adds a page
        assertTrue(total >= 240L << 20 && total <= (240L << 20) + 4096, "total " + total);
    }

    @Test
    void codecacheSegmentsAreContiguousOnJdk25() {
        long[] p = CodeHeaps.parse(fixture("jdk25-g1.compilerCodecache.txt"));
        assertEquals(0x7f182fec7000L, p[0]);
        assertEquals(0x7f1837400000L, p[1]);
        assertEquals(0x7f18283ff000L, p[2]);
        assertEquals(p[3], p[4]); // profiled ends where non-nmethods begins
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-g1", "jdk25-g1", "jdk17-zgc", "jdk25-shenandoah"})
    void vslistGivesOneNonClassNodeAndTheClassSpaceNode(String capture) {
        MetaspaceNodes nodes = MetaspaceNodes.parse(fixture(capture + ".vmMetaspace.txt"));
        VmInfo vm = VmInfo.parse(fixture(capture + ".vmInfo.txt"));
        assertEquals(2, nodes.nonClass().length);
        assertEquals(64L << 20, nodes.nonClassReservedBytes());
        assertEquals(vm.classSpace()[0], nodes.classSpace()[0]);
        assertEquals(vm.classSpace()[1], nodes.classSpace()[1]);
    }

    @ParameterizedTest
    @CsvSource({"jdk17-g1, 1", "jdk25-g1, 1", "jdk17-g1-noshare-nocomp, 1", "jdk25-g1-3nodes, 3"})
    void basicReportCountsTheNonClassNodesWithOrWithoutClassSpace(String capture, int nodes) {
        assertEquals(
                nodes,
                MetaspaceNodes.nonClassNodeCount(fixture(capture + ".vmMetaspaceBasic.txt")));
    }

    @Test
    void basicReportWithoutTheVirtualSpaceLineCountsNothing() {
        assertEquals(-1, MetaspaceNodes.nonClassNodeCount(null));
        assertEquals(-1, MetaspaceNodes.nonClassNodeCount("Metaspace not yet initialized.\n"));
        // the internal statistics also say "nodes": only the line after "Virtual space:" counts
        assertEquals(
                -1,
                MetaspaceNodes.nonClassNodeCount(
                        "\nVirtual space:\n  Non-class space: 64.00 MB reserved\n"
                                + "num_vsnodes_births: 2 nodes.\n"));
        assertEquals(
                -1,
                MetaspaceNodes.nonClassNodeCount(
                        "\nVirtual space:\n  64.00 MB reserved,  99999999999 nodes.\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk17-g1-noshare-nocomp", "jdk25-g1-noshare-nocomp"})
    void withoutCompressedClassPointersThereIsNoClassSpaceAndWithoutSharingNoCds(String capture) {
        MetaspaceNodes nodes = MetaspaceNodes.parse(fixture(capture + ".vmMetaspace.txt"));
        VmInfo vm = VmInfo.parse(fixture(capture + ".vmInfo.txt"));
        assertEquals(0, nodes.classSpace().length);
        assertEquals(2, nodes.nonClass().length);
        assertEquals(0, vm.classSpace()[1]);
        assertEquals(0, vm.cds()[1]);
    }

    @ParameterizedTest
    @CsvSource({
        "jdk17-g1, 3",
        "jdk25-g1, 2",
        "jdk17-parallel, 3",
        "jdk25-parallel, 2",
        "jdk17-serial, 1",
        "jdk25-serial, 1",
        "jdk17-shenandoah, 0",
        "jdk25-zgc, 0",
    })
    void vmInfoGivesCardTableAndBitmaps(String capture, int gcRanges) {
        VmInfo vm = VmInfo.parse(fixture(capture + ".vmInfo.txt"));
        assertEquals(2 * gcRanges, vm.gcData().length);
        if (gcRanges > 0) {
            long cardTableBytes = vm.gcData()[1] - vm.gcData()[0];
            // a byte per 512-byte card, plus a guard card rounded up to a page on some collectors
            assertTrue(
                    cardTableBytes == (256L << 20) / 512
                            || cardTableBytes == (256L << 20) / 512 + 4096,
                    "card table bytes " + cardTableBytes);
        }
    }

    @Test
    void vmInfoGivesCdsAndClassSpaceOnBothJdks() {
        VmInfo v17 = VmInfo.parse(fixture("jdk17-g1.vmInfo.txt"));
        assertEquals(0x7f3fbf000000L, v17.cds()[0]);
        assertEquals(0x7f3fbfbc7000L, v17.cds()[1]);
        assertEquals(0x7f3fc0000000L, v17.classSpace()[0]);
        assertEquals(0x7f4000000000L, v17.classSpace()[1]);
        VmInfo v25 = VmInfo.parse(fixture("jdk25-g1.vmInfo.txt"));
        assertEquals(0x30000000L, v25.cds()[0]);
        assertEquals(0x31000000L, v25.classSpace()[0]);
        assertEquals(0xf0000000L, v25.heap()[0]);
        assertEquals(0x100000000L, v25.heap()[1]);
    }

    @ParameterizedTest
    @CsvSource({"jdk17-g1, 0xdd8", "jdk25-g1, 4516"})
    void threadPrintGivesFullNamesByNidHexOn17DecimalOn25(String capture, String nid) {
        Map<Long, String> names = ThreadDump.parse(fixture(capture + ".threadPrint.txt"));
        long tid =
                nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
        assertEquals("worker, \"quoted\" #2", names.get(tid));
        assertTrue(names.containsValue("main"));
        assertTrue(names.containsValue("VM Thread"));
        assertTrue(names.size() >= 15, "Java and VM threads: " + names);
    }

    @Test
    void systemPropertiesUnescapeJavaHome() {
        assertEquals(
                "/usr/lib/jvm/x",
                SystemProperties.javaHome("#x\njava.class.path=a\\:b\njava.home=/usr/lib/jvm/x\n"));
    }

    @org.junit.jupiter.api.Test
    void shenandoahCollectionSetMapAddressesAreReadAndOtherCollectorsHaveNone() {
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                new long[] {0x4c00, 0x1000},
                HeapInfo.collectionSetMap(fixture("jdk25-shenandoah.gcHeapInfo.txt")));
        org.junit.jupiter.api.Assertions.assertEquals(
                2, HeapInfo.collectionSetMap(fixture("jdk17-shenandoah.gcHeapInfo.txt")).length);
        org.junit.jupiter.api.Assertions.assertEquals(
                0, HeapInfo.collectionSetMap(fixture("jdk25-g1.gcHeapInfo.txt")).length);
    }
}
