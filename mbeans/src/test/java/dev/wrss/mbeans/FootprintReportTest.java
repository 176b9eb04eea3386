package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FootprintReportTest {

    private static final FootprintSnapshot SCAN_3 = TestSnapshots.of(3);

    @Test
    void tableHasHeaderOneRowPerRegionAndTotal() {
        String[] lines =
                FootprintReport.format(SCAN_3, TestSnapshots.EPOCH_BASE_MILLIS + 3 + 1500)
                        .split("\n");

        assertEquals(
                "wrss scan #3 at 2023-11-14T22:13:20.003Z (1.5 s ago), took 3.0 us, mode smaps, status ok",
                lines[0]);
        assertEquals(
                List.of("REGION", "RSS", "PSS", "USS", "SWAP", "VIRTUAL", "MAPS", "PSS%"),
                cells(lines[1]));
        assertEquals(2 + Region.count() + 1, lines.length);
        // java_heap of scan 3: 3001 pages of 4 KiB = 12,292,096 bytes; Pss share 3001 / 36078 pages
        assertEquals(
                List.of(
                        "java_heap",
                        "11.7 MiB",
                        "5.9 MiB",
                        "2.9 MiB",
                        "0 B",
                        "1.0 GiB",
                        "1",
                        "8.3%"),
                cells(lines[2]));
        double shares = 0;
        for (int i = 0; i < Region.count(); i++) {
            List<String> row = cells(lines[2 + i]);
            assertEquals(Region.ofOrdinal(i).id(), row.get(0));
            shares += Double.parseDouble(row.get(7).replace("%", ""));
        }
        assertEquals(100.0, shares, 0.1 * Region.count(), "rounded shares add up to about 100");
        List<String> total = cells(lines[lines.length - 1]);
        assertEquals("TOTAL", total.get(0));
        assertEquals(String.valueOf(SCAN_3.total().mappings()), total.get(6));
        assertEquals("100.0%", total.get(7));
    }

    @Test
    void tableBeforeTheFirstScanSaysSo() {
        String report =
                FootprintReport.format(FootprintSnapshot.unavailable("smaps", "starting"), 0);
        assertTrue(report.startsWith("wrss: no scan yet, mode smaps, status starting\n"), report);
        String[] lines = report.split("\n");
        assertEquals(
                List.of("TOTAL", "0 B", "0 B", "0 B", "0 B", "0 B", "0", "-"),
                cells(lines[lines.length - 1]));
    }

    private static List<String> cells(String line) {
        return List.of(line.trim().split("\\s{2,}"));
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "1023, 1023 B",
        "1024, 1.0 KiB",
        "129394278, 123.4 MiB",
        "1099511627776, 1.0 TiB",
        "-1, -",
        "9223372036854775807, 8.0 EiB"
    })
    void bytesAreShownInBinaryUnits(long bytes, String shown) {
        assertEquals(shown, FootprintReport.bytes(bytes));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonCarriesEveryNumberAsIntegersInTheDocumentedShape() {
        Map<String, Object> doc =
                (Map<String, Object>) MiniJson.parse(FootprintReport.json(SCAN_3));

        assertEquals(
                List.of(
                        "scanId",
                        "epochMillis",
                        "durationNanos",
                        "mode",
                        "status",
                        "total",
                        "regions",
                        "threads",
                        "threadCount",
                        "files",
                        "fileCount"),
                new ArrayList<>(doc.keySet()));
        assertEquals(3L, doc.get("scanId"));
        assertEquals(TestSnapshots.EPOCH_BASE_MILLIS + 3, doc.get("epochMillis"));
        assertEquals("ok", doc.get("status"));
        RegionUsage t = SCAN_3.total();
        assertEquals(
                Map.of(
                        "rss",
                        t.rssBytes(),
                        "pss",
                        t.pssBytes(),
                        "uss",
                        t.ussBytes(),
                        "swap",
                        t.swapBytes(),
                        "swapPss",
                        t.swapPssBytes(),
                        "virtual",
                        t.virtualBytes(),
                        "mappings",
                        (long) t.mappings()),
                doc.get("total"));
        Map<String, Object> regions = (Map<String, Object>) doc.get("regions");
        List<String> ids = new ArrayList<>();
        for (Region r : Region.values()) {
            ids.add(r.id());
            Map<String, Object> region = (Map<String, Object>) regions.get(r.id());
            assertEquals(SCAN_3.region(r).pssBytes(), region.get("pss"));
            assertEquals(SCAN_3.committedBytes(r), region.get("committed"));
        }
        assertEquals(ids, new ArrayList<>(regions.keySet()));
        List<Map<String, Object>> threads = (List<Map<String, Object>>) doc.get("threads");
        assertEquals(
                List.of("tid", "name", "rss", "pss", "virtual"),
                new ArrayList<>(threads.get(0).keySet()));
        assertEquals("GC Thread#0 \"é\"", threads.get(1).get("name"));
        assertEquals(17L, doc.get("threadCount"));
        List<Map<String, Object>> files = (List<Map<String, Object>>) doc.get("files");
        assertEquals(
                List.of("path", "inode", "deleted", "rss", "pss", "uss", "virtual", "mappings"),
                new ArrayList<>(files.get(0).keySet()));
        assertEquals(true, files.get(1).get("deleted"));
        assertEquals(5L, doc.get("fileCount"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonEscapesPathsToInertAscii() {
        String json = FootprintReport.json(SCAN_3);

        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7f, "raw char " + (int) c + " at " + i);
        }
        assertFalse(json.contains("<"), "no < so </script> cannot close an enclosing HTML script");
        assertTrue(
                json.contains(
                        "\"/tmp/a \\\"quoted\\\" \\\\dir\\\\\\nnew\\tline-\\ufffd-\\u0001\\u007f-"
                                + "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0026\""),
                json);
        assertTrue(json.contains("\"GC Thread#0 \\\"\\u00e9\\\"\""), json);
        List<Map<String, Object>> files =
                (List<Map<String, Object>>)
                        ((Map<String, Object>) MiniJson.parse(json)).get("files");
        assertEquals(TestSnapshots.NASTY_PATH, files.get(1).get("path"), "round trip");
    }
}
