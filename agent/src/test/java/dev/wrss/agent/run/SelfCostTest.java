package dev.wrss.agent.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.SelfCostRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The self-cost estimates: the code list's agent lines, libjvm's tables, and one row per region asked. */
class SelfCostTest {

    @Test
    void onlyTheAgentsCompiledMethodsAreSummedFromBeginToEnd() {
        String list =
                """
                639 1 0 dev.wrss.agent.proc.FieldOrder.blockBytes()I [0x00007f6884ef6f10, 0x00007f6884ef70a0 - 0x00007f6884ef7170]
                640 3 0 java.lang.String.hashCode()I [0x00007f6884ef7210, 0x00007f6884ef73a0 - 0x00007f6884ef7470]
                669 4 0 dev.wrss.shaded.jctools.util.Pow2.align(JI)J [0x00007f6884ef9b90, 0x00007f6884ef9d20 - 0x00007f6884ef9df0]
                a line of another shape dev.wrss. [
                """;
        assertEquals((0x7170 - 0x6f10) + (0x9df0 - 0x9b90), SelfCost.agentCodeBytes(list));
    }

    @Test
    void libjvmsSymbolAndStringTablesAreMegabytes() throws Exception {
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        if (!Files.isReadable(libjvm)) {
            return; // a JVM without a server libjvm: nothing to read
        }
        long bytes = SelfCost.tableBytes(libjvm);
        assertTrue(
                bytes > 1 << 20 && bytes < Files.size(libjvm),
                "tables of " + libjvm + ": " + bytes);
        assertEquals(-1, SelfCost.tableBytes(Path.of("/proc/self/status")), "not an ELF file");
    }

    @Test
    void everyRowNamesARegionAndHowItIsEstimated() {
        FootprintSnapshot none = FootprintSnapshot.unavailable("smaps", "none");
        List<SelfCostRow> rows = new SelfCost().rows(200, 1 << 20, none, false);
        assertEquals(6, rows.size());
        for (SelfCostRow r : rows) {
            assertTrue(!r.region().isEmpty() && !r.estimate().isEmpty(), r.toString());
        }
        assertEquals(1 << 20, rows.get(0).bytes());
        assertTrue(rows.get(1).bytes() > 0, "metaspace of 200 classes: " + rows.get(1));
        assertEquals(-1, rows.get(4).bytes(), "no scanner thread in an empty snapshot");
        assertEquals(0, rows.get(5).bytes(), "no VM.info, no symbol tables");
    }
}
