package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Footprint bean's {@code html()} over real JMX, in a child that maps files with hostile names and runs a
 * thread with one: the page is self-contained, shows each region's PSS as the Footprint and Region beans state
 * it for the same scan, and holds the hostile names only as escaped text, in the file and in a real browser.
 */
class HtmlOperationIT {

    static final String HOSTILE_THREAD = "<script>alert(3)</script>\"'\n<b>thread";

    /** The test application, plus one parked thread whose Java name is markup, quotes and a newline. */
    public static final class HostileThreadApp {
        public static void main(String[] args) throws Exception {
            Thread t =
                    new Thread(
                            () -> {
                                while (true) {
                                    LockSupport.park();
                                }
                            },
                            HOSTILE_THREAD);
            t.setDaemon(true);
            t.start();
            ChildApp.main(args);
        }
    }

    @Test
    void htmlIsOneInertPageWithTheBeansNumbers(@TempDir Path dir) throws Exception {
        Map<Path, String> links = OddFiles.create(dir);
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        // no periodic scan between the page's and the beans' reading; a history
                        // step of 1 s
                        List.of(
                                ChildJvm.agentArg(
                                        "interval=1h,history=10m@1s,topFiles=100,topThreads=10000,log=off"),
                                "-Xmx128m"),
                        HostileThreadApp.class.getName(),
                        List.of())) {
            MBeanServerConnection c = child.jmxWithWrss();
            for (Path link : links.keySet()) {
                child.send("map " + link + " 1");
            }
            for (int i = 0; i < 2; i++) { // two more history samples, a second apart: a timeline
                Thread.sleep(1100);
                Footprints.scan(c);
            }
            String page =
                    (String) c.invoke(Footprints.footprint(), "html", new Object[0], new String[0]);
            Footprints.Reading beans = Footprints.read(c);

            Matcher scan = Pattern.compile("data-scan-id=\"(\\d+)\"").matcher(page);
            assertTrue(scan.find(), "the page names no scan");
            assertEquals(beans.snapshotId(), Long.parseLong(scan.group(1)), "another scan ran");
            for (String region : Footprints.REGIONS) {
                long pss = beans.region(region, "pss");
                assertTrue(
                        page.contains("id=\"region-" + region + "\" data-pss=\"" + pss + "\""),
                        region + ": the Footprint bean says " + pss);
                ObjectName bean = new ObjectName("wrss:type=Region,name=" + region);
                assertEquals(pss, ((Number) c.getAttribute(bean, "Pss")).longValue(), region);
            }
            assertTrue(
                    page.contains(
                            "id=\"total-pss\" data-bytes=\"" + beans.totals().get("pss") + "\""));
            assertTrue(page.contains("<svg id=\"timeline-svg\""), "no timeline from the history");
            assertTrue(page.contains("<tr id=\"diff-total\""), "no diff since the baseline");

            selfContained(page);
            // the names arrive, as text: the thread's, and each file's as the kernel shows it
            assertTrue(
                    page.contains(
                            "&lt;script&gt;alert(3)&lt;/script&gt;&quot;&#39;\n&lt;b&gt;thread"));
            assertTrue(page.contains("&lt;script&gt;alert(1)&amp;amp;.bin"), "the markup file");
            assertTrue(page.contains("quote&quot;d&#39;.bin"), "the quoted file");
            assertTrue(page.contains("new\\012line.bin"), "the file with a newline");
            String markup = page.substring(0, page.indexOf("<script type=\"application/json\""));
            assertFalse(markup.contains("<b>"), "an element came from the thread's name");
            assertFalse(markup.contains("<script>"), "an element came from a name");

            // report --html draws the same page from the same agent: the same panels, the same
            // escaping
            Path written = dir.resolve("report.html");
            CliProcess.Result cli =
                    CliProcess.run(
                            "report", String.valueOf(child.pid()), "--html", written.toString());
            assertEquals(0, cli.exitCode(), cli.toString());
            String fromCli = Files.readString(written);
            assertEquals(sections(page), sections(fromCli), "the two pages show different panels");
            assertTrue(fromCli.contains("<svg id=\"timeline-svg\""), "report --html: no timeline");
            assertTrue(
                    fromCli.contains(
                            "&lt;script&gt;alert(3)&lt;/script&gt;&quot;&#39;\n&lt;b&gt;thread"));

            Chromium.assumeInstalled();
            Path file = Files.writeString(dir.resolve("html-operation.html"), page);
            Chromium.Rendered r = Chromium.render(file, dir);
            assertEquals(1, count(r.dom(), "<script"), "an element came from a name");
            assertFalse(r.dom().contains("<b>"), "an element came from the thread's name");
            assertTrue(
                    r.dom()
                            .contains(
                                    "id=\"region-java_heap\" data-pss=\""
                                            + beans.region("java_heap", "pss")),
                    "the browser's DOM lacks the heap's PSS");
            assertTrue(Files.size(r.screenshot()) > 10_000, "the screenshot is (nearly) empty");
        }
    }

    /** No network: a CSP that forbids every fetch, and no URL or external reference anywhere in the markup. */
    private static void selfContained(String page) {
        assertTrue(
                page.contains(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
                "no CSP");
        String markup = page.substring(0, page.indexOf("<script type=\"application/json\""));
        assertFalse(markup.contains("http:") || markup.contains("https:"), "a URL in the page");
        assertFalse(
                Pattern.compile("\\s(src|href)\\s*=").matcher(markup).find(),
                "an external reference in the page");
        assertEquals(1, count(page, "<script"), "only the JSON data element");
        assertTrue(page.contains("<script type=\"application/json\" id=\"wrss-json\">"));
    }

    private static List<String> sections(String page) {
        return Pattern.compile("<section id=\"([a-z-]+)\"")
                .matcher(page)
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
