package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.HistoryClient;
import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.Region;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The history as an inline SVG: PSS per region stacked over time, oldest sample left. */
final class HtmlTimeline {

    static final int WIDTH = 900;
    static final int HEIGHT = 240;

    private HtmlTimeline() {}

    static void render(StringBuilder h, List<HistoryClient.SampleRow> samples) {
        h.append("<section id=\"timeline\"><h2>PSS by region over time</h2>");
        TreeMap<Long, long[]> byTime = new TreeMap<>();
        for (HistoryClient.SampleRow r : samples) {
            if (!r.region().equals("total")) {
                Region region = Region.ofId(r.region());
                if (region != null) { // null: a newer agent's region, left out
                    byTime.computeIfAbsent(r.time(), t -> new long[Region.count()])[
                                    region.ordinal()] =
                            r.pss();
                }
            }
        }
        if (byTime.size() < 2) {
            h.append(
                            "<p>Fewer than two history samples (the target runs no wrss agent, keeps no history, or has ")
                    .append("only just started).</p></section>\n");
            return;
        }
        long first = byTime.firstKey();
        long span = Math.max(1, byTime.lastKey() - first);
        long max = 1;
        for (long[] v : byTime.values()) {
            long sum = 0;
            for (long x : v) {
                sum += x;
            }
            max = Math.max(max, sum);
        }
        h.append("<svg id=\"timeline-svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT + 20)
                .append("\" role=\"img\">");
        long[] below = new long[byTime.size()];
        for (int region = 0; region < Region.count(); region++) {
            StringBuilder top = new StringBuilder();
            StringBuilder bottom = new StringBuilder();
            int i = 0;
            for (Map.Entry<Long, long[]> e : byTime.entrySet()) {
                double x = (double) (e.getKey() - first) / span * WIDTH;
                top.append(
                        String.format(
                                Locale.ROOT,
                                "%.1f,%.1f ",
                                x,
                                y(below[i] + e.getValue()[region], max)));
                bottom.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, y(below[i], max)));
                below[i] += e.getValue()[region];
                i++;
            }
            Region r = Region.ofOrdinal(region);
            h.append("<polygon fill=\"")
                    .append(HtmlReport.COLOURS[region % HtmlReport.COLOURS.length])
                    .append("\" points=\"")
                    .append(top)
                    .append(bottom)
                    .append("\"><title>")
                    .append(r.id())
                    .append("</title></polygon>");
        }
        h.append("<text x=\"4\" y=\"")
                .append(HEIGHT + 16)
                .append("\" font-size=\"12\">")
                .append(java.time.Instant.ofEpochMilli(first))
                .append(" to ")
                .append(java.time.Instant.ofEpochMilli(byTime.lastKey()))
                .append(", top ")
                .append(FootprintReport.bytes(max))
                .append("</text></svg></section>\n");
    }

    private static double y(long value, long max) {
        return HEIGHT - (double) value / max * HEIGHT;
    }
}
