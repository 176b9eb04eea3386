package dev.wrss.mbeans;

import java.util.List;

/**
 * The {@code report --json} object, also embedded in the HTML page: {@code {"pid", "target", "source",
 * "measuredBy", "footprint": <FootprintReport.json>, "selfCost": [...], "mappings": [...]}}. Keys are
 * documented in docs/cli.md and read by scripts; do not rename.
 */
public final class ReportJson {

    private ReportJson() {}

    /**
     * @param source {@code agent} or {@code cli}
     * @param selfCost left out when empty
     * @param mappings left out when null
     */
    public static String write(
            long pid,
            String target,
            String source,
            String measuredBy,
            FootprintSnapshot s,
            List<SelfCostRow> selfCost,
            List<MappingRow> mappings) {
        StringBuilder b = new StringBuilder(8192 + (mappings == null ? 0 : mappings.size() * 200));
        b.append("{\"pid\":").append(pid);
        string(b.append(",\"target\":"), target);
        string(b.append(",\"source\":"), source);
        string(b.append(",\"measuredBy\":"), measuredBy);
        b.append(",\"footprint\":").append(FootprintReport.json(s));
        if (!selfCost.isEmpty()) {
            b.append(",\"selfCost\":[");
            String sep = "";
            for (SelfCostRow r : selfCost) {
                string(b.append(sep).append("{\"region\":"), r.region());
                b.append(",\"bytes\":").append(r.bytes());
                string(b.append(",\"estimate\":"), r.estimate()).append('}');
                sep = ",";
            }
            b.append(']');
        }
        if (mappings != null) {
            b.append(",\"mappings\":[");
            String sep = "";
            for (MappingRow m : mappings) {
                b.append(sep).append("{\"start\":").append(m.start());
                b.append(",\"end\":").append(m.end());
                string(b.append(",\"perms\":"), m.perms());
                b.append(",\"offset\":").append(m.offset());
                string(b.append(",\"path\":"), m.path());
                string(b.append(",\"region\":"), m.region().id());
                b.append(",\"rss\":").append(m.rssBytes());
                b.append(",\"pss\":").append(m.pssBytes());
                b.append(",\"uss\":").append(m.ussBytes());
                b.append(",\"swap\":").append(m.swapBytes()).append('}');
                sep = ",";
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    /**
     * Appends {@code s} as a JSON string of plain ASCII, as every wrss JSON writes it (null as {@code null}):
     * control characters, non-ASCII and {@code < > &} escaped, so text from /proc stays inert in HTML too.
     */
    public static StringBuilder string(StringBuilder b, String s) {
        return s == null ? b.append("null") : FootprintJson.quote(b, s);
    }
}
