package dev.wrss.mbeans;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page's "what each region is made of": per region by PSS, thread stacks by thread, mapped files by file,
 * the other regions by mapping; the 20 largest parts of each, as bars.
 */
final class HtmlParts {

    private HtmlParts() {}

    static void render(StringBuilder h, FootprintSnapshot s, List<MappingRow> mappings) {
        h.append("<section id=\"parts\"><h2>What each region is made of (PSS)</h2>");
        long total = Math.max(1, s.total().pssBytes());
        for (Region r : HtmlReport.byPss(s)) {
            long pss = s.region(r).pssBytes();
            if (pss == 0) {
                continue;
            }
            Map<String, Long> parts = new LinkedHashMap<>();
            if (r.id().equals("thread_stacks")) {
                s.threads()
                        .forEach(
                                t ->
                                        parts.merge(
                                                t.name() + " (tid " + t.tid() + ")",
                                                t.pssBytes(),
                                                Long::sum));
            } else if (r.id().equals("mapped_files")) {
                s.files().forEach(f -> parts.merge(f.path(), f.pssBytes(), Long::sum));
            } else if (mappings != null) {
                for (MappingRow m : mappings) {
                    if (m.region() == r) {
                        String name =
                                String.format(
                                        Locale.ROOT,
                                        "%x-%x %s %s",
                                        m.start(),
                                        m.end(),
                                        m.perms(),
                                        m.path());
                        parts.merge(name, m.pssBytes(), Long::sum);
                    }
                }
            }
            h.append("<details><summary><span class=\"bar\" style=\"background:")
                    .append(HtmlReport.COLOURS[r.ordinal() % HtmlReport.COLOURS.length])
                    .append(";width:")
                    .append(Math.max(1, Math.round(600.0 * pss / total)))
                    .append("px\"></span> ")
                    .append(r.id())
                    .append(' ')
                    .append(FootprintReport.bytes(pss))
                    .append("</summary><table>");
            parts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(20)
                    .forEach(
                            e ->
                                    h.append("<tr><td>")
                                            .append(FootprintReport.bytes(e.getValue()))
                                            .append(
                                                    "</td><td class=\"l\"><span class=\"bar\" style=\"background:#bab0ac;width:")
                                            .append(
                                                    Math.round(
                                                            300.0
                                                                    * e.getValue()
                                                                    / Math.max(1, pss)))
                                            .append("px\"></span> ")
                                            .append(HtmlReport.esc(e.getKey()))
                                            .append("</td></tr>"));
            h.append("</table></details>");
        }
        h.append("</section>\n");
    }
}
