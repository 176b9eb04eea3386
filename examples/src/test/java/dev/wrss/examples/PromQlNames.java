package dev.wrss.examples;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects: identifiers that are not functions, aggregation
 * operators, keywords, label names in {@code by (...)}/{@code on (...)} lists or inside {@code {...}},
 * nor inside strings, ranges or Grafana {@code $variables}.
 */
final class PromQlNames {

    private static final Set<String> KEYWORDS =
            Set.of(
                    "and",
                    "or",
                    "unless",
                    "bool",
                    "offset",
                    "inf",
                    "nan",
                    // aggregation operators may take "by (...)" before their parenthesis: "sum by
                    // (region) (x)"
                    "sum",
                    "min",
                    "max",
                    "avg",
                    "group",
                    "stddev",
                    "stdvar",
                    "count",
                    "count_values",
                    "bottomk",
                    "topk",
                    "quantile",
                    "limitk",
                    "limit_ratio");
    private static final Set<String> LABEL_LISTS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQlNames() {}

    static Set<String> of(String expr) {
        Set<String> names = new TreeSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = expr.indexOf(c, i + 1) + 1; // label values never contain their own quote here
                if (i == 0) {
                    throw new IllegalArgumentException("unterminated string in " + expr);
                }
            } else if (c == '{') {
                i = skip(expr, i, '{', '}');
            } else if (c == '[') {
                i = skip(expr, i, '[', ']');
            } else if (c == '$') {
                i++;
                while (i < n && isIdent(expr.charAt(i))) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && isIdent(expr.charAt(i))) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = i;
                while (next < n && expr.charAt(next) == ' ') {
                    next++;
                }
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LISTS.contains(word)) {
                    i = call ? skip(expr, next, '(', ')') : i;
                } else if (!call && !KEYWORDS.contains(word)) {
                    names.add(word);
                }
            } else if (Character.isDigit(c)) {
                // a number, a duration in offset, or 1e-9
                while (i < n
                        && (Character.isLetterOrDigit(expr.charAt(i))
                                || expr.charAt(i) == '.'
                                || ((expr.charAt(i) == '-' || expr.charAt(i) == '+')
                                        && expr.charAt(i - 1) == 'e'))) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean isIdent(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    /** The index just past the bracket that closes the one at {@code open}. */
    private static int skip(String expr, int open, char left, char right) {
        int depth = 0;
        for (int i = open; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"') {
                i = expr.indexOf('"', i + 1);
            } else if (c == left) {
                depth++;
            } else if (c == right && --depth == 0) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unbalanced " + left + " in " + expr);
    }
}
