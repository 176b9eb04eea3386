package dev.wrss.agent.cli.text;

/**
 * A minimal JSON writer for the command's own objects (ps rows, mapping rows); strings come from /proc and
 * are escaped to plain ASCII like the agent's report JSON.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean first = true;

    public JsonText(StringBuilder out) {
        this.out = out;
    }

    public JsonText open(char bracket) {
        out.append(bracket);
        first = true;
        return this;
    }

    public JsonText close(char bracket) {
        out.append(bracket);
        first = false;
        return this;
    }

    /** Starts a key (or an array element when {@code key} is null), with the comma before it if needed. */
    public JsonText key(String key) {
        if (!first) {
            out.append(',');
        }
        first = false;
        if (key != null) {
            string(key);
            out.append(':');
        }
        return this;
    }

    public JsonText value(long v) {
        out.append(v);
        return this;
    }

    public JsonText value(boolean v) {
        out.append(v);
        return this;
    }

    public JsonText value(String s) {
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    /** Inserts already-written JSON, e.g. the agent's snapshot object. */
    JsonText raw(String json) {
        out.append(json);
        return this;
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&') {
                out.append("\\u")
                        .append(HEX[c >> 12])
                        .append(HEX[(c >> 8) & 15])
                        .append(HEX[(c >> 4) & 15])
                        .append(HEX[c & 15]);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
