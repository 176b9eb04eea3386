package dev.wrss.mbeans;

/**
 * Writes a {@link FootprintSnapshot} as one JSON object, by hand because the mbeans module depends on
 * java.management only. Strings come from /proc (paths, thread names), so they are escaped to plain ASCII.
 */
final class FootprintJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(4096);

    private FootprintJson() {}

    static String write(FootprintSnapshot s) {
        FootprintJson j = new FootprintJson();
        j.out.append('{');
        j.key("scanId").append(s.id()).append(',');
        j.key("epochMillis").append(s.epochMillis()).append(',');
        j.key("durationNanos").append(s.durationNanos()).append(',');
        j.key("mode");
        j.string(s.mode()).append(',');
        j.key("status");
        j.string(s.status()).append(',');
        j.key("total");
        j.usage(s.total()).append("},");
        j.key("regions").append('{');
        for (int i = 0; i < Region.count(); i++) {
            Region r = Region.ofOrdinal(i);
            j.key(r.id());
            j.usage(s.region(r)).append(',');
            j.key("committed")
                    .append(s.committedBytes(r))
                    .append('}')
                    .append(i + 1 < Region.count() ? "," : "");
        }
        j.out.append("},");
        j.key("threads").append('[');
        String sep = "";
        for (FootprintSnapshot.ThreadStack t : s.threads()) {
            j.out.append(sep).append('{');
            j.key("tid").append(t.tid()).append(',');
            j.key("name");
            j.string(t.name()).append(',');
            j.key("rss").append(t.rssBytes()).append(',');
            j.key("pss").append(t.pssBytes()).append(',');
            j.key("virtual").append(t.virtualBytes()).append('}');
            sep = ",";
        }
        j.out.append("],");
        j.key("threadCount").append(s.threadCount()).append(',');
        j.key("files").append('[');
        sep = "";
        for (FootprintSnapshot.MappedFile f : s.files()) {
            j.out.append(sep).append('{');
            j.key("path");
            j.string(f.path()).append(',');
            j.key("inode").append(f.inode()).append(',');
            j.key("deleted").append(f.deleted()).append(',');
            j.key("rss").append(f.rssBytes()).append(',');
            j.key("pss").append(f.pssBytes()).append(',');
            j.key("uss").append(f.ussBytes()).append(',');
            j.key("virtual").append(f.virtualBytes()).append(',');
            j.key("mappings").append(f.mappings()).append('}');
            sep = ",";
        }
        j.out.append("],");
        j.key("fileCount").append(s.fileCount());
        return j.out.append('}').toString();
    }

    /** Opens an object with the usage fields and leaves it open for the caller to add to or close. */
    private StringBuilder usage(RegionUsage u) {
        out.append('{');
        key("rss").append(u.rssBytes()).append(',');
        key("pss").append(u.pssBytes()).append(',');
        key("uss").append(u.ussBytes()).append(',');
        key("swap").append(u.swapBytes()).append(',');
        key("swapPss").append(u.swapPssBytes()).append(',');
        key("virtual").append(u.virtualBytes()).append(',');
        return key("mappings").append(u.mappings());
    }

    private StringBuilder key(String name) {
        return string(name).append(':');
    }

    private StringBuilder string(String s) {
        return quote(out, s);
    }

    /** Appends {@code s} as a JSON string of plain ASCII; null as an empty string. */
    static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    // < > & as well, so the text stays inert when pasted into HTML (</script>)
                    default -> {
                        if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&') {
                            out.append("\\u")
                                    .append(HEX[c >> 12])
                                    .append(HEX[(c >> 8) & 15])
                                    .append(HEX[(c >> 4) & 15])
                                    .append(HEX[c & 15]);
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }
        return out.append('"');
    }
}
