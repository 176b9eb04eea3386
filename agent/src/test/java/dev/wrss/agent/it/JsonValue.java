package dev.wrss.agent.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the tests of the command line's --json output: objects become maps, arrays lists,
 * integers longs. Strict enough to fail on malformed output, which is what the tests need from it.
 */
final class JsonValue {

    private final String s;
    private int i;

    private JsonValue(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        JsonValue p = new JsonValue(text.trim());
        Object v = p.value();
        if (p.i != p.s.length()) {
            throw new IllegalArgumentException("trailing text at " + p.i);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o, String... path) {
        Object cur = o;
        for (String key : path) {
            cur = ((Map<String, Object>) cur).get(key);
        }
        return (Map<String, Object>) cur;
    }

    static long number(Map<String, Object> o, String key) {
        return ((Number) o.get(key)).longValue();
    }

    private Object value() {
        char c = s.charAt(i);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            default:
                if (s.startsWith("true", i)) {
                    i += 4;
                    return true;
                }
                if (s.startsWith("false", i)) {
                    i += 5;
                    return false;
                }
                if (s.startsWith("null", i)) {
                    i += 4;
                    return null;
                }
                int start = i;
                while (i < s.length() && "-0123456789.eE+".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String n = s.substring(start, i);
                return n.contains(".") || n.contains("e") || n.contains("E") ? Double.parseDouble(n) : Long.parseLong(n);
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        expect('{');
        if (s.charAt(i) == '}') {
            i++;
            return out;
        }
        do {
            String key = string();
            expect(':');
            out.put(key, value());
        } while (s.charAt(i++) == ',');
        if (s.charAt(i - 1) != '}') {
            throw new IllegalArgumentException("expected } at " + (i - 1));
        }
        return out;
    }

    private List<Object> array() {
        List<Object> out = new ArrayList<>();
        expect('[');
        if (s.charAt(i) == ']') {
            i++;
            return out;
        }
        do {
            out.add(value());
        } while (s.charAt(i++) == ',');
        if (s.charAt(i - 1) != ']') {
            throw new IllegalArgumentException("expected ] at " + (i - 1));
        }
        return out;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        i++;
        return b.toString();
    }

    private void expect(char c) {
        if (s.charAt(i) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + i + ": " + s.substring(i, Math.min(s.length(), i + 20)));
        }
        i++;
    }
}
