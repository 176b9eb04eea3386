package dev.wrss.agent.cli.text;

import dev.wrss.mbeans.ReportJson;

/**
 * A minimal JSON writer for the command's own objects (ps rows, mapping rows); strings come from /proc and
 * are escaped to plain ASCII like the agent's report JSON.
 */
public final class JsonText {

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
        ReportJson.string(out, s);
    }
}
