package dev.wrss.mbeans;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The history as an inline SVG: PSS per region stacked over time, oldest sample left. */
final class HtmlTimeline {

    static final int WIDTH = 900;
    static final int HEIGHT = 240;

    private HtmlTimeline() {}

    static void render(StringBuilder h, List<HtmlReport.Point> history) {
        h.append("<section id=\"timeline\"><h2>PSS by region over time</h2>");
        TreeMap<Long, long[]> byTime = new TreeMap<>();
        for (HtmlReport.Point p : history) {
            // the finest resolution comes first where two hold the same time
            byTime.putIfAbsent(p.epochMillis(), p.pss());
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
            for (int region = 0; region < Region.count(); region++) {
                sum += at(v, region);
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
                                y(below[i] + at(e.getValue(), region), max)));
                bottom.insert(0, String.format(Locale.ROOT, "%.1f,%.1f ", x, y(below[i], max)));
                below[i] += at(e.getValue(), region);
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

    private static long at(long[] pss, int region) {
        return region < pss.length ? pss[region] : 0;
    }

    private static double y(long value, long max) {
        return HEIGHT - (double) value / max * HEIGHT;
    }
}
