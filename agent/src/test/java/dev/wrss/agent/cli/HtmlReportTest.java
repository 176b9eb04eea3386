package dev.wrss.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wrss.agent.cli.target.HistoryClient;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import dev.wrss.mbeans.SystemView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML page with hostile strings from the target: they stay text, in the file and in a real browser. */
class HtmlReportTest {

    static final String HOSTILE =
            "/tmp/<script>alert(1)</script>\"'\n<img src=x onerror=alert(2)>.jar";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static String page() {
        RegionUsage[] regions = new RegionUsage[Region.count()];
        long[] committed = new long[Region.count()];
        for (int i = 0; i < regions.length; i++) {
            long pss = (i + 1) * 1_048_576L;
            regions[i] = new RegionUsage(pss + 4096, pss, pss - 4096, 0, 0, pss * 2, i + 1);
            committed[i] = -1;
        }
        FootprintSnapshot s =
                new FootprintSnapshot(
                        7,
                        1_700_000_000_000L,
                        1_000_000,
                        "smaps",
                        "ok",
                        regions,
                        committed,
                        List.of(
                                new FootprintSnapshot.ThreadStack(
                                        42, HOSTILE, 8192, 8192, 1 << 20)),
                        1,
                        List.of(
                                new FootprintSnapshot.MappedFile(
                                        HOSTILE, 1, false, 4096, 4096, 4096, 8192, 1)),
                        1,
                        new SystemView(
                                2, "/" + HOSTILE, 1L << 30, 1L << 29, 1L << 29, 0, 0, 0, 0, 0),
                        new long[0][]);
        List<MappingRow> mappings =
                List.of(
                        new MappingRow(
                                0x1000,
                                0x2000,
                                "r--p",
                                0,
                                HOSTILE,
                                Region.ofId("shared_libs"),
                                4096,
                                4096,
                                4096,
                                0));
        List<HistoryClient.SampleRow> samples = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < regions.length; i++) {
                samples.add(
                        new HistoryClient.SampleRow(
                                1_700_000_000_000L + t * 60_000L,
                                Region.ofOrdinal(i).id(),
                                0,
                                regions[i].pssBytes() + t * 4096L,
                                0,
                                0,
                                0,
                                -1,
                                -1));
            }
        }
        String json = "{\"path\":\"" + HOSTILE.replace("\"", "\\\"").replace("\n", "\\n") + "\"}";
        return HtmlReport.render(
                new HtmlReport.Input(
                        123,
                        HOSTILE,
                        "the wrss agent",
                        s,
                        mappings,
                        samples,
                        List.of(
                                new HistoryClient.DiffRow(
                                        "java_heap", 1 << 20, 2 << 20, Double.NaN)),
                        "native heap " + HOSTILE,
                        json));
    }

    @Test
    void hostileStringsStayText() {
        String html = page();
        // the only elements are the page's own: one script element, of a type browsers never run
        assertEquals(1, count(html, "<script"), html);
        assertTrue(html.contains("<script type=\"application/json\" id=\"wrss-json\">"));
        String markup = html.substring(0, html.indexOf("<script"));
        assertFalse(markup.contains("<img"), "an element came from the target's string");
        assertFalse(
                markup.contains("onerror=alert(2)>"), "an attribute came from the target's string");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"));
        String embedded =
                html.substring(html.indexOf("id=\"wrss-json\">"), html.lastIndexOf("</script>"));
        assertFalse(
                embedded.contains("</"), "the embedded JSON could end its element: " + embedded);
        assertFalse(
                html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "the page fetches something");
    }

    @Test
    void everyRegionIsShown() {
        String html = page();
        for (int i = 0; i < Region.count(); i++) {
            assertTrue(
                    html.contains(
                            "id=\"region-"
                                    + Region.ofOrdinal(i).id()
                                    + "\" data-pss=\""
                                    + (i + 1) * 1_048_576L
                                    + "\""),
                    Region.ofOrdinal(i).id());
        }
        assertTrue(
                html.contains("<svg id=\"timeline-svg\""),
                "the timeline is drawn from three samples");
    }

    /** Headless Chromium, offline: the DOM it built holds the regions and no element from the hostile strings. */
    @Test
    void chromiumRendersItOffline(@TempDir Path dir) throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM),
                "NOT RUN: no " + CHROMIUM + " (apt-get install chromium)");
        Path file = dir.resolve("report.html");
        Files.writeString(file, page());
        Path png = dir.resolve("report.png");
        Process p =
                new ProcessBuilder(
                                CHROMIUM.toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--no-first-run",
                                "--user-data-dir=" + dir.resolve("profile"),
                                "--screenshot=" + png,
                                "--window-size=1200,3000",
                                "--dump-dom",
                                file.toUri().toString())
                        .redirectError(dir.resolve("chromium.err").toFile())
                        .start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(
                dom.contains("</html>"),
                "no DOM dumped: " + Files.readString(dir.resolve("chromium.err")));
        for (int i = 0; i < Region.count(); i++) {
            Matcher m =
                    Pattern.compile(
                                    "id=\"region-"
                                            + Region.ofOrdinal(i).id()
                                            + "\" data-pss=\"(\\d+)\"")
                            .matcher(dom);
            assertTrue(m.find(), Region.ofOrdinal(i).id() + " not in the DOM");
            assertEquals((i + 1) * 1_048_576L, Long.parseLong(m.group(1)));
        }
        assertEquals(1, count(dom, "<script"), "an element came from the target's string");
        assertFalse(dom.contains("<img"), "an element came from the target's string");
        assertTrue(Files.size(png) > 10_000, "the screenshot is (nearly) empty");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
