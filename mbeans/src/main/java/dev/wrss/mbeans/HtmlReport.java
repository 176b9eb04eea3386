package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The one-file HTML picture of a process, written by {@code report --html} and returned by the Footprint bean's
 * {@code html()}: one self-contained page (inline CSS and SVG, no script that runs, nothing fetched) with
 * the totals against the container limit, the history as a stacked timeline, each region's parts by PSS, the
 * diff since the baseline, the native heap split, the thread stacks and the raw JSON. Every string from the
 * target (paths, thread names, the native heap text) is HTML-escaped; the JSON is embedded so that no
 * {@code </script>} in it can end its element.
 *
 * <p>One class past 250 lines because what is left is the public entry point, its records and the small sections
 * that write into one builder with one escaping rule; the large sections live in {@code HtmlTimeline} and
 * {@code HtmlParts}.
 */
public final class HtmlReport {

    /**
     * What the page shows; history and diff are empty and nativeHeap null where there is no agent or no history.
     *
     * @param json the {@code report --json} object ({@link ReportJson}), embedded as it is
     */
    public record Input(
            long pid,
            String target,
            String measuredBy,
            FootprintSnapshot snapshot,
            List<MappingRow> mappings,
            List<Point> history,
            List<Change> diff,
            String nativeHeap,
            String json) {}

    /** One history sample: PSS per region, indexed by {@link Region#ordinal()}. */
    public record Point(long epochMillis, long[] pss) {}

    /** One region's (or {@code total}'s) PSS at the baseline and now. */
    public record Change(String region, long before, long now) {
        long delta() {
            return now - before;
        }
    }

    static final String[] COLOURS = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
        "#9c755f", "#bab0ac", "#86bcb6", "#d37295"
    };

    private HtmlReport() {}

    public static String render(Input in) {
        FootprintSnapshot s = in.snapshot();
        StringBuilder h = new StringBuilder(65536);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; img-src data:\">")
                .append("<title>wrss: pid ")
                .append(in.pid())
                .append(' ')
                .append(esc(in.target()))
                .append("</title>")
                .append(
                        "<style>body{font:14px sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}")
                .append("td,th{padding:2px 8px;text-align:right}td.l,th.l{text-align:left}")
                .append("tr:nth-child(even){background:#f4f4f4}section{margin:1.5em 0}")
                .append(
                        ".bar{display:inline-block;height:12px;vertical-align:middle}pre{white-space:pre-wrap}")
                .append("</style></head><body>\n");
        h.append("<h1>pid ")
                .append(in.pid())
                .append(' ')
                .append(esc(in.target()))
                .append("</h1>\n<p id=\"scan\" data-scan-id=\"")
                .append(s.id())
                .append("\">measured by ")
                .append(esc(in.measuredBy()))
                .append(", scan ")
                .append(s.id())
                .append(" at ")
                .append(java.time.Instant.ofEpochMilli(s.epochMillis()))
                .append(", status ")
                .append(esc(s.status()))
                .append("</p>\n");
        totals(h, s);
        regions(h, s);
        HtmlTimeline.render(h, in.history());
        HtmlParts.render(h, s, in.mappings());
        diff(h, in.diff());
        if (in.nativeHeap() != null) {
            h.append("<section id=\"native-heap\"><h2>Native heap</h2><pre>")
                    .append(esc(in.nativeHeap()))
                    .append("</pre></section>\n");
        }
        threads(h, s);
        h.append(
                        "<section id=\"raw\"><h2>Raw JSON</h2><p>In the element <code>script#wrss-json</code> of this ")
                .append("file (type application/json: never run).</p></section>\n")
                .append("<script type=\"application/json\" id=\"wrss-json\">")
                .append(scriptSafe(in.json()))
                .append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void totals(StringBuilder h, FootprintSnapshot s) {
        RegionUsage t = s.total();
        SystemView sys = s.system();
        h.append("<section id=\"totals\"><h2>Totals</h2><table>");
        row(h, "PSS (weighted RSS)", "total-pss", t.pssBytes());
        row(h, "RSS", "total-rss", t.rssBytes());
        row(h, "USS", "total-uss", t.ussBytes());
        row(h, "Swap", "total-swap", t.swapBytes());
        row(h, "Container limit", "limit", sys.limitBytes());
        row(h, "Container usage", "usage", sys.usageBytes());
        row(h, "Container working set", "working-set", sys.workingSetBytes());
        h.append("</table>");
        if (sys.limitBytes() > 0) {
            double share = Math.min(1, (double) t.pssBytes() / sys.limitBytes());
            h.append(
                            String.format(
                                    Locale.ROOT,
                                    "<p>PSS is %.1f%% of the container limit</p>",
                                    share * 100))
                    .append(
                            "<svg width=\"600\" height=\"24\" role=\"img\"><rect width=\"600\" height=\"24\" ")
                    .append("fill=\"#ddd\"/><rect width=\"")
                    .append(Math.round(600 * share))
                    .append("\" height=\"24\" fill=\"#e15759\"/></svg>");
        } else {
            h.append("<p>No container limit is set (or none could be read).</p>");
        }
        h.append("</section>\n");
    }

    private static void row(StringBuilder h, String label, String id, long bytes) {
        h.append("<tr><th class=\"l\">")
                .append(label)
                .append("</th><td id=\"")
                .append(id)
                .append("\" data-bytes=\"")
                .append(bytes)
                .append("\">")
                .append(bytes < 0 ? "unknown" : esc(FootprintReport.bytes(bytes)))
                .append("</td></tr>");
    }

    private static void regions(StringBuilder h, FootprintSnapshot s) {
        long total = Math.max(1, s.total().pssBytes());
        h.append(
                        "<section id=\"regions\"><h2>Regions by PSS</h2><table><tr><th class=\"l\">region</th><th>PSS</th>")
                .append(
                        "<th>RSS</th><th>USS</th><th>swap</th><th>committed</th><th class=\"l\">share</th></tr>");
        for (Region r : byPss(s)) {
            RegionUsage u = s.region(r);
            long committed = s.committedBytes(r);
            h.append("<tr id=\"region-")
                    .append(r.id())
                    .append("\" data-pss=\"")
                    .append(u.pssBytes())
                    .append("\"><td class=\"l\"><span class=\"bar\" style=\"width:12px;background:")
                    .append(COLOURS[r.ordinal() % COLOURS.length])
                    .append("\"></span> ")
                    .append(r.id())
                    .append("</td><td>")
                    .append(FootprintReport.bytes(u.pssBytes()))
                    .append("</td><td>")
                    .append(FootprintReport.bytes(u.rssBytes()))
                    .append("</td><td>")
                    .append(FootprintReport.bytes(u.ussBytes()))
                    .append("</td><td>")
                    .append(FootprintReport.bytes(u.swapBytes()))
                    .append("</td><td>")
                    .append(committed < 0 ? "" : FootprintReport.bytes(committed))
                    .append("</td><td class=\"l\">")
                    .append("<span class=\"bar\" style=\"background:#4e79a7;width:")
                    .append(Math.round(300.0 * u.pssBytes() / total))
                    .append("px\"></span></td></tr>");
        }
        h.append("</table></section>\n");
    }

    static List<Region> byPss(FootprintSnapshot s) {
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < Region.count(); i++) {
            out.add(Region.ofOrdinal(i));
        }
        out.sort(Comparator.comparingLong((Region r) -> s.region(r).pssBytes()).reversed());
        return out;
    }

    private static void diff(StringBuilder h, List<Change> changes) {
        h.append("<section id=\"diff\"><h2>Change since the baseline (PSS)</h2>");
        if (changes.isEmpty()) {
            h.append(
                    "<p>No baseline: the target runs no wrss agent, or keeps no history.</p></section>\n");
            return;
        }
        List<Change> diff = new ArrayList<>(changes);
        // regions by change, largest first; the total last
        diff.sort(
                Comparator.comparing((Change c) -> c.region().equals("total"))
                        .thenComparing(Comparator.comparingLong(Change::delta).reversed()));
        h.append(
                "<table><tr><th class=\"l\">region</th><th>baseline</th><th>now</th><th>change</th></tr>");
        for (Change d : diff) {
            h.append("<tr id=\"diff-")
                    .append(esc(d.region()))
                    .append("\" data-delta=\"")
                    .append(d.delta())
                    .append("\"><td class=\"l\">")
                    .append(esc(d.region()))
                    .append("</td><td>")
                    .append(FootprintReport.bytes(d.before()))
                    .append("</td><td>")
                    .append(FootprintReport.bytes(d.now()))
                    .append("</td><td>")
                    .append(d.delta() >= 0 ? "+" : "-")
                    .append(FootprintReport.bytes(Math.abs(d.delta())))
                    .append("</td></tr>");
        }
        h.append("</table></section>\n");
    }

    private static void threads(StringBuilder h, FootprintSnapshot s) {
        h.append("<section id=\"threads\"><h2>Thread stacks by Java name (")
                .append(s.threads().size())
                .append(" of ")
                .append(s.threadCount())
                .append(")</h2><table><tr><th>tid</th><th>RSS</th>")
                .append("<th>PSS</th><th class=\"l\">name</th></tr>");
        for (FootprintSnapshot.ThreadStack t : s.threads()) {
            h.append("<tr><td>")
                    .append(t.tid())
                    .append("</td><td>")
                    .append(FootprintReport.bytes(t.rssBytes()))
                    .append("</td><td>")
                    .append(FootprintReport.bytes(t.pssBytes()))
                    .append("</td><td class=\"l\">")
                    .append(esc(t.name()))
                    .append("</td></tr>");
        }
        h.append("</table></section>\n");
    }

    /** Text for HTML element content and quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    /** JSON for a script element: '<' only occurs in strings, where \u003c means the same. */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }
}
