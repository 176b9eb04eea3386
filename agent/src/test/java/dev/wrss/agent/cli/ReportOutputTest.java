package dev.wrss.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.cli.target.FootprintSource;
import dev.wrss.agent.cli.target.SmapsRollup;
import dev.wrss.agent.cli.text.ReportView;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What report and ps print, for a fixed snapshot and fixed rows; and smaps_rollup parsing. */
class ReportOutputTest {

    static final long MIB = 1 << 20;

    static FootprintSnapshot snapshot() {
        RegionUsage[] regions = new RegionUsage[Region.count()];
        Arrays.fill(regions, RegionUsage.EMPTY);
        regions[Region.JAVA_HEAP.ordinal()] =
                new RegionUsage(64 * MIB, 64 * MIB, 64 * MIB, 0, 0, 256 * MIB, 3);
        regions[Region.SHARED_LIBS.ordinal()] =
                new RegionUsage(20 * MIB, 8 * MIB, MIB, 0, 0, 30 * MIB, 40);
        long[] committed = new long[Region.count()];
        Arrays.fill(committed, -1);
        return new FootprintSnapshot(
                3,
                1_700_000_000_000L,
                2_000_000,
                "smaps",
                "ok",
                regions,
                committed,
                List.of(
                        new FootprintSnapshot.ThreadStack(
                                101, "worker \"1\"", 96 * 1024, 96 * 1024, MIB)),
                1,
                // smaps paths carry the kernel's " (deleted)" suffix themselves
                List.of(
                        new FootprintSnapshot.MappedFile(
                                "/data/x.bin (deleted)", 7, true, MIB, MIB, 0, MIB, 1)),
                1);
    }

    static final FootprintSource SOURCE =
            new FootprintSource() {
                @Override
                public FootprintSnapshot scan() {
                    return snapshot();
                }

                @Override
                public List<MappingRow> mappings() {
                    return List.of(
                            new MappingRow(
                                    0x1000,
                                    0x3000,
                                    "rw-p",
                                    0,
                                    null,
                                    Region.MALLOC,
                                    8192,
                                    8192,
                                    8192,
                                    0));
                }

                @Override
                public String kind() {
                    return "cli";
                }

                @Override
                public String describe() {
                    return "a test";
                }
            };

    @Test
    void humanReportHasTheRegionTableAndTheListsAskedFor() {
        String text =
                new ReportView(true, true).human(9, "Main", SOURCE, snapshot(), SOURCE.mappings());
        assertTrue(text.startsWith("pid 9 Main: measured by a test\n"), text);
        assertTrue(
                text.contains("java_heap") && text.contains("TOTAL") && text.contains("88.9%"),
                text);
        assertTrue(text.contains("worker \"1\"") && text.contains("96.0 KiB"), text);
        assertTrue(text.contains("/data/x.bin (deleted)"), text);
        assertTrue(
                text.contains("0000000000001000-0000000000003000 rw-p") && text.contains("malloc"),
                text);
        String plain = new ReportView(false, false).human(9, "Main", SOURCE, snapshot(), null);
        assertTrue(!plain.contains("THREAD STACKS") && !plain.contains("MAPPINGS"), plain);
    }

    @Test
    void jsonWrapsTheAgentsSnapshotObjectAndEscapesStrings() {
        String json =
                new ReportView(false, false).json(9, "Main", SOURCE, snapshot(), SOURCE.mappings());
        assertTrue(
                json.startsWith(
                        "{\"pid\":9,\"target\":\"Main\",\"source\":\"cli\",\"measuredBy\":\"a test\","
                                + "\"footprint\":{\"scanId\":3,"),
                json);
        assertTrue(json.contains("\"name\":\"worker \\\"1\\\"\""), json);
        assertTrue(
                json.endsWith(
                        ",\"mappings\":[{\"start\":4096,\"end\":12288,\"perms\":\"rw-p\",\"offset\":0,"
                                + "\"path\":null,\"region\":\"malloc\",\"rss\":8192,\"pss\":8192,\"uss\":8192,\"swap\":0}]}"),
                json);
    }

    @Test
    void psTotalsAddUpTheRowsAndSkipUnmeasuredHeaps() {
        List<PsCommand.Row> rows =
                List.of(
                        new PsCommand.Row(1, "A", new SmapsRollup(100, 80, 60), 50, "cli", true),
                        new PsCommand.Row(2, "B", new SmapsRollup(10, 8, 6), -1, "none", true));
        assertEquals(
                List.of(88L, 110L, 66L, 50L, 30L),
                Arrays.stream(PsCommand.totals(rows)).boxed().toList());
        String json = PsCommand.json(rows);
        assertTrue(json.contains("\"heapPss\":-1,\"nonHeapPss\":-1"), json);
        assertTrue(
                json.contains(
                        "\"total\":{\"jvms\":2,\"pss\":88,\"rss\":110,\"uss\":66,\"heapPss\":50,\"nonHeapPss\":30}"),
                json);
        String table = PsCommand.table(rows);
        assertTrue(table.lines().anyMatch(l -> l.trim().startsWith("TOTAL 2 JVMs")), table);
    }

    @Test
    void rollupMatchesPssWithItsColonAndSumsPrivatePagesIntoUss(@TempDir Path proc)
            throws Exception {
        Files.createDirectories(proc.resolve("5"));
        Files.writeString(
                proc.resolve("5/smaps_rollup"),
                """
                00400000-7ffd0000 ---p 00000000 00:00 0                                  [rollup]
                Rss:                1000 kB
                Pss:                 800 kB
                Pss_Dirty:           700 kB
                Pss_Anon:            600 kB
                Shared_Clean:        200 kB
                Private_Clean:       100 kB
                Private_Dirty:       500 kB
                """);
        assertEquals(
                new SmapsRollup(1000 * 1024, 800 * 1024, 600 * 1024), SmapsRollup.read(proc, 5));
        SmapsRollup self = SmapsRollup.read(Path.of("/proc"), ProcessHandle.current().pid());
        assertTrue(
                self.ussBytes() > 0
                        && self.ussBytes() <= self.pssBytes()
                        && self.pssBytes() <= self.rssBytes(),
                self.toString());
    }
}
