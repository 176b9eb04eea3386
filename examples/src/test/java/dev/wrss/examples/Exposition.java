package dev.wrss.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the Prometheus text exposition format 0.0.4, enough to check what jmx_exporter serves:
 * families with their HELP and TYPE, samples with labels. Malformed input fails loudly.
 * <pre>
 * # HELP jvm_wrss_region_pss_bytes Weighted resident bytes of a JVM memory region ...
 * # TYPE jvm_wrss_region_pss_bytes gauge
 * jvm_wrss_region_pss_bytes{region="java_heap"} 3.3554432E7
 * </pre>
 */
final class Exposition {

    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.get(key);
        }
    }

    static final class Family {
        final String name;
        String help;
        String type;
        final List<Sample> samples = new ArrayList<>();

        Family(String name) {
            this.name = name;
        }

        /** The single sample of a family without labels. */
        double value() {
            if (samples.size() != 1) {
                throw new AssertionError(name + " has " + samples.size() + " samples, not 1");
            }
            return samples.get(0).value();
        }
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    private Exposition() {}

    static Exposition parse(String text) {
        Exposition e = new Exposition();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String rest = line.substring(7);
                int sp = rest.indexOf(' ');
                String name = sp < 0 ? rest : rest.substring(0, sp);
                String text1 = sp < 0 ? "" : rest.substring(sp + 1);
                Family f = e.families.computeIfAbsent(name, Family::new);
                if (line.charAt(2) == 'H') {
                    f.help = text1;
                } else {
                    f.type = text1;
                }
            } else if (!line.startsWith("#")) {
                Sample s = sample(line);
                e.familyOf(s.name()).samples.add(s);
            }
        }
        return e;
    }

    /** The family a sample belongs to: its own name, or the name without a summary/histogram suffix. */
    private Family familyOf(String sampleName) {
        Family f = families.get(sampleName);
        for (String suffix : new String[] {"_sum", "_count", "_bucket", "_created"}) {
            if (f == null && sampleName.endsWith(suffix)) {
                f = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
            }
        }
        return f != null ? f : families.computeIfAbsent(sampleName, Family::new);
    }

    static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                String key = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        value.append(n == 'n' ? '\n' : n); // \\ \" \n are the only escapes
                    } else {
                        value.append(c);
                    }
                }
                labels.put(key, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        return new Sample(name, labels, value(rest[0]));
    }

    private static double value(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s); // NaN parses as is
        };
    }

    Map<String, Family> families() {
        return families;
    }

    Family family(String name) {
        Family f = families.get(name);
        if (f == null) {
            throw new AssertionError("no family " + name + " in the scrape");
        }
        return f;
    }

    /** The value of the one sample of {@code name} whose labels include {@code key=value}, or null. */
    Double value(String name, String key, String labelValue) {
        Family f = families.get(name);
        if (f == null) {
            return null;
        }
        for (Sample s : f.samples) {
            if (labelValue.equals(s.label(key))) {
                return s.value();
            }
        }
        return null;
    }
}
