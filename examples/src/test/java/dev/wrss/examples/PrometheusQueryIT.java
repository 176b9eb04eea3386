package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of the documentation ({@link DocumentedPromQl}, the extraction {@link PromtoolTest}
 * parses), evaluated by a real Prometheus (Debian's {@code prometheus}; NOT RUN without it) that scrapes the
 * examples' two-agent command line every second: each returns success and a non-empty result, except the
 * ones listed in {@link #EMPTY} with the reason.
 */
class PrometheusQueryIT {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    /** Expressions that evaluate to nothing here, and why; any other empty result fails the test. */
    static final Map<String, String> EMPTY =
            Map.of(
                    "sum by (namespace, pod) (jvm_wrss_pss_bytes) / on (namespace, pod) sum by (namespace, pod) "
                            + "(container_spec_memory_limit_bytes{container!=\"\", container!=\"POD\"} > 0)",
                    "cAdvisor series; no kubelet is scraped here",
                    "sum by (namespace, pod) (container_memory_working_set_bytes{container!=\"\", "
                            + "container!=\"POD\"}) - on (namespace, pod) sum by (namespace, pod) (jvm_wrss_pss_bytes)",
                    "cAdvisor series; no kubelet is scraped here",
                    "sum without(wrss_region) (jvm_wrss_memory_usage_bytes)",
                    "the OpenTelemetry agent's series (OpenTelemetryExporterIT checks them)",
                    "jvm_wrss_scan_ok == 0 or jvm_wrss_data_age_seconds > 300",
                    "an alert condition: scans are fresh and ok",
                    "jvm_wrss_scan_ok == 0",
                    "an alert condition: scans are ok");

    /**
     * Alert conditions that may or may not hold at a given moment: each must evaluate, and its operand (given
     * here) must be non-empty, so that the condition is evaluated over real series.
     */
    static final Map<String, String> EITHER =
            Map.of(
                    "deriv(jvm_wrss_region_pss_bytes{region=\"malloc\"}[30m]) > 0",
                    "deriv(jvm_wrss_region_pss_bytes{region=\"malloc\"}[30m])");

    @Test
    void everyDocumentedExpressionAnswersFromARealPrometheus(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(PROMETHEUS),
                "NOT RUN: prometheus is not installed (Debian: apt-get install prometheus; .ci/run installs it)");
        Set<String> exprs = new LinkedHashSet<>();
        DocumentedPromQl.all(DocumentedCommand.root()).forEach(e -> exprs.add(e.text()));
        assertTrue(
                exprs.containsAll(EMPTY.keySet()), "a listed expression left the docs: " + exprs);
        assertTrue(
                exprs.contains(
                        "sum without (region) (jvm_wrss_region_pss_bytes) == jvm_wrss_pss_bytes"),
                "the documented consistency check is gone: " + exprs);

        int exporter = DocumentedCommand.freeLoopbackPort();
        int web = DocumentedCommand.freeLoopbackPort();
        Files.writeString(
                dir.resolve("prometheus.yml"),
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                        + "  - job_name: wrss\n    static_configs:\n      - targets: ['127.0.0.1:"
                        + exporter
                        + "']\n");
        Process prometheus =
                new ProcessBuilder(
                                PROMETHEUS.toString(),
                                "--config.file=" + dir.resolve("prometheus.yml"),
                                "--storage.tsdb.path=" + dir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + web,
                                "--log.level=warn")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
        try (ChildJvm demo =
                DocumentedCommand.start(
                        List.of(
                                DocumentedCommand.java(),
                                "-javaagent:examples/target/jmx_prometheus_javaagent-1.0.1.jar=127.0.0.1:"
                                        + exporter
                                        + ":examples/prometheus/wrss.yaml",
                                "-javaagent:agent/target/wrss-agent.jar=startDelay=0",
                                "-cp",
                                "examples/target/wrss-examples.jar",
                                "dev.wrss.examples.FootprintDemo",
                                "--seconds",
                                "120",
                                "--heap-mb",
                                "32",
                                "--threads",
                                "8"))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + web), dir);
            // three scrapes that found the wrss series: rate() and deriv() need two
            api.await("count_over_time(jvm_wrss_scan_ok[1m]) >= 3", 30);

            List<String> failures = new ArrayList<>();
            Map<String, String> answers = new LinkedHashMap<>();
            for (String e : exprs) {
                String answer =
                        EMPTY.containsKey(e) || EITHER.containsKey(e)
                                ? api.query(e)
                                : api.awaitNonEmpty(e, 10);
                answers.put(e, answer);
                if (!answer.contains("\"status\":\"success\"")) {
                    failures.add(e + "\n  failed: " + answer);
                } else if (EMPTY.containsKey(e) != Api.empty(answer)) {
                    failures.add(
                            e
                                    + (EMPTY.containsKey(e)
                                            ? "\n  listed as empty ("
                                                    + EMPTY.get(e)
                                                    + ") but answered: "
                                            : "\n  answered nothing: ")
                                    + answer);
                } else if (EITHER.containsKey(e) && Api.empty(api.query(EITHER.get(e)))) {
                    failures.add(e + "\n  its operand " + EITHER.get(e) + " answered nothing");
                }
            }
            assertEquals(
                    List.of(),
                    failures,
                    "prometheus log:\n" + Files.readString(dir.resolve("prometheus.log")));
            System.out.println(
                    "PrometheusQueryIT: " + answers.size() + " documented expressions evaluated");
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    /** Prometheus's HTTP API on loopback: instant queries at "now". */
    private record Api(URI base, Path dir) {
        private static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        String query(String expr) throws IOException, InterruptedException {
            HttpRequest r =
                    HttpRequest.newBuilder(
                                    base.resolve(
                                            "/api/v1/query?query="
                                                    + URLEncoder.encode(
                                                            expr, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(10))
                            .build();
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString()).body();
        }

        /** Polls until {@code expr} answers non-empty, or returns the last answer after {@code seconds}. */
        String awaitNonEmpty(String expr, int seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            String answer = "";
            while (System.nanoTime() < deadline) {
                try {
                    answer = query(expr);
                    if (answer.contains("\"status\":\"success\"") && !empty(answer)) {
                        return answer;
                    }
                } catch (IOException notYetListening) {
                    answer = notYetListening.toString();
                }
                Thread.sleep(250);
            }
            return answer;
        }

        void await(String expr, int seconds) throws IOException, InterruptedException {
            String answer = awaitNonEmpty(expr, seconds);
            assertTrue(
                    answer.contains("\"status\":\"success\"") && !empty(answer),
                    expr
                            + " never held: "
                            + answer
                            + "\nprometheus log:\n"
                            + Files.readString(dir.resolve("prometheus.log")));
        }

        static boolean empty(String answer) {
            return answer.contains("\"result\":[]");
        }
    }
}
