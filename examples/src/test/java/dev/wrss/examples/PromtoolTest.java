package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting rules and every PromQL line of the documentation, checked by Prometheus's own parser and rule
 * tester, promtool (Debian package prometheus; NOT RUN without it). The names they use must be ones
 * examples/prometheus/wrss.yaml exports, which needs no promtool.
 */
class PromtoolTest {

    static final Path PROMETHEUS = Path.of("prometheus"); // surefire runs in examples/
    static final Path ROOT = Path.of("..");

    /**
     * Series the documentation takes from elsewhere: cAdvisor, kube-state-metrics, and the OpenTelemetry agent's
     * Prometheus exporter with examples/otel/wrss.yaml (its series are checked by OpenTelemetryExporterIT).
     */
    static final Set<String> FOREIGN =
            Set.of(
                    "container_spec_memory_limit_bytes",
                    "container_memory_working_set_bytes",
                    "kube_pod_container_resource_limits",
                    "jvm_wrss_memory_usage_bytes",
                    "jvm_wrss_process_memory_usage_bytes");

    @Test
    void alertRulesAreValid() throws Exception {
        Result r = promtool(PROMETHEUS, "check", "rules", "wrss-alerts.yaml");
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("SUCCESS: 6 rules found"), r.output);
    }

    @Test
    void alertRulesPassTheirTests() throws Exception {
        Result r = promtool(PROMETHEUS, "test", "rules", "wrss-alerts.test.yaml");
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("SUCCESS"), r.output);
    }

    /** A threshold moved makes the test fail: the test pins what the rules do, not only that they parse. */
    @Test
    void aChangedThresholdFailsTheRuleTests(@TempDir Path dir) throws Exception {
        String alerts = Files.readString(PROMETHEUS.resolve("wrss-alerts.yaml"));
        assertTrue(alerts.contains("> 0.90"));
        Files.writeString(dir.resolve("wrss-alerts.yaml"), alerts.replace("> 0.90", "> 0.96"));
        Files.copy(
                PROMETHEUS.resolve("wrss-alerts.test.yaml"), dir.resolve("wrss-alerts.test.yaml"));
        Result r = promtool(dir, "test", "rules", "wrss-alerts.test.yaml");
        assertNotEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("WrssPssNearContainerLimit"), r.output);
    }

    @Test
    void alertsUseOnlyExportedNames() throws Exception {
        Set<String> used = names(Files.readString(PROMETHEUS.resolve("wrss-alerts.yaml")));
        used.removeAll(exported());
        assertTrue(
                used.isEmpty(),
                "wrss-alerts.yaml uses " + used + ", which wrss.yaml does not export");
    }

    @Test
    void documentedPromQlUsesOnlyExportedNames() throws Exception {
        List<DocumentedPromQl.Expr> exprs = DocumentedPromQl.all(ROOT);
        assertTrue(exprs.size() >= 8, "too few PromQL expressions found: " + exprs);
        Set<String> exported = exported();
        for (DocumentedPromQl.Expr e : exprs) {
            for (String name : PromQlNames.of(e.text())) {
                assertTrue(
                        exported.contains(name) || FOREIGN.contains(name),
                        e + ": " + name + " is not exported");
            }
        }
    }

    /** Each documented expression becomes a recording rule: promtool parses it as Prometheus would. */
    @Test
    void documentedPromQlParses(@TempDir Path dir) throws Exception {
        List<DocumentedPromQl.Expr> exprs = DocumentedPromQl.all(ROOT);
        StringBuilder rules = new StringBuilder("groups:\n  - name: docs\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            rules.append("      - record: doc_expr_")
                    .append(i)
                    .append("\n        expr: ")
                    .append(quoted(exprs.get(i).text()))
                    .append('\n');
        }
        Files.writeString(dir.resolve("docs.yaml"), rules);
        Result r = promtool(dir, "check", "rules", "docs.yaml");
        assertEquals(
                0,
                r.exit,
                r.output
                        + "\nexpressions:\n"
                        + String.join("\n", exprs.stream().map(Object::toString).toList()));
    }

    /** The metric names wrss.yaml's rules produce. */
    static Set<String> exported() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m =
                Pattern.compile("(?m)^\\s+name: (jvm_wrss_\\w+)")
                        .matcher(Files.readString(PROMETHEUS.resolve("wrss.yaml")));
        while (m.find()) {
            names.add(m.group(1));
        }
        assertFalse(names.isEmpty());
        return names;
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\bjvm_wrss_\\w+").matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** A YAML double-quoted scalar (JSON escaping is valid YAML). */
    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    record Result(int exit, String output) {}

    static Result promtool(Path dir, String... args) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(
                Files.isExecutable(promtool),
                "NOT RUN: promtool is not installed (Debian: apt-get install prometheus; .ci/run installs it)");
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
