package dev.wrss.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL expression the documentation shows: each expression of a {@code ```promql} block (comments
 * dropped; a line continues the expression when it is indented or the text before it ends in an operator),
 * and each inline {@code `...`} span that applies a function, an aggregation or an operator to a
 * {@code jvm_wrss_} series. Spans with an ellipsis are fragments, not expressions.
 */
final class DocumentedPromQl {

    record Expr(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    private static final Pattern INLINE = Pattern.compile("`([^`\n]*jvm_wrss_[^`\n]*)`");
    private static final Pattern NEEDS_MORE =
            Pattern.compile(
                    "(?:[-+*/%^]|==|!=|>=?|<=?|\\band|\\bor|\\bunless|"
                            + "\\b(?:on|ignoring|group_left|group_right)\\s*\\([^)]*\\))\\s*$");

    private DocumentedPromQl() {}

    /** README.md, examples/README.md and docs/*.md under the repository root. */
    static List<Expr> all(Path root) throws IOException {
        List<Path> files =
                new ArrayList<>(
                        List.of(root.resolve("README.md"), root.resolve("examples/README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Expr> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(of(root.relativize(f).toString(), Files.readAllLines(f)));
        }
        return out;
    }

    static List<Expr> of(String file, List<String> lines) {
        List<Expr> out = new ArrayList<>();
        boolean inPromQl = false;
        boolean inOtherBlock = false;
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                if (inPromQl) {
                    flush(out, file, start, current);
                    current = null;
                }
                boolean opening = !inPromQl && !inOtherBlock;
                inPromQl = opening && line.trim().equals("```promql");
                inOtherBlock = opening && !inPromQl;
                continue;
            }
            if (inPromQl) {
                String code = stripComment(line);
                if (code.isBlank()) {
                    flush(out, file, start, current);
                    current = null;
                } else if (current != null
                        && (Character.isWhitespace(code.charAt(0))
                                || NEEDS_MORE.matcher(current).find())) {
                    current.append(' ').append(code.trim());
                } else {
                    flush(out, file, start, current);
                    current = new StringBuilder(code.trim());
                    start = i + 1;
                }
            } else if (!inOtherBlock) {
                Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    String span = m.group(1);
                    if (!span.contains("…")
                            && !span.contains("...")
                            && span.matches(".*(\\(|==|[-+*/] |>|<).*")) {
                        out.add(new Expr(file, i + 1, span));
                    }
                }
            }
        }
        return out;
    }

    private static void flush(List<Expr> out, String file, int line, StringBuilder current) {
        if (current != null) {
            out.add(new Expr(file, line, current.toString()));
        }
    }

    /** The line without a {@code #} comment; PromQL strings here never hold a {@code #}. */
    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).stripTrailing();
    }
}
