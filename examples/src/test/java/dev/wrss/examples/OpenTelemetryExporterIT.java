package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.ChildJvm;
import dev.wrss.examples.Exposition.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the demo with the OpenTelemetry Java agent (JMX metric insight with examples/otel/wrss.yaml, exporting
 * through its Prometheus exporter on loopback) and the wrss agent, and checks every series of the rules file
 * against the MBeans read over JMX just before and just after the scrape. A broken copy of the rules file must
 * fail the same check: JMX metric insight skips a rule it cannot use without a word, so an empty export has to
 * be caught by comparing, not by the agent.
 */
class OpenTelemetryExporterIT {

    static final String OTEL_JAR = "examples/target/opentelemetry-javaagent-2.31.1.jar";
    static final List<String> MEASURES = List.of("rss", "pss", "uss", "swap");
    static final int ATTEMPTS = 40;

    @Test
    void everySeriesOfTheShippedRulesEqualsTheMBeans() throws Exception {
        List<String> mismatches = run(Path.of("examples/otel/wrss.yaml"), ATTEMPTS);
        assertEquals(List.of(), mismatches);
    }

    /** A wrong bean name in one rule: the agent starts, exports the rest, and says nothing. */
    @Test
    void aBrokenRulesFileIsCaught(@TempDir Path dir) throws Exception {
        String rules =
                Files.readString(DocumentedCommand.root().resolve("examples/otel/wrss.yaml"));
        String broken =
                rules.replace("bean: wrss:type=Region,name=*", "bean: wrss:type=Regions,name=*");
        assertFalse(broken.equals(rules), "the mutation applies");
        Path copy = dir.resolve("wrss-broken.yaml");
        Files.writeString(copy, broken);
        // fewer attempts: a working file matches within a few (the first, on a quiet machine), a
        // broken one never
        List<String> mismatches = run(copy.toAbsolutePath(), 12);
        assertFalse(mismatches.isEmpty(), "the broken rules passed the check");
        assertTrue(
                mismatches.stream().anyMatch(m -> m.contains("jvm_wrss_memory_usage_bytes")),
                mismatches::toString);
    }

    /** Starts the demo with both agents and compares until one scrape matches; the last mismatches otherwise. */
    private List<String> run(Path rules, int attempts) throws Exception {
        int port = DocumentedCommand.freeLoopbackPort();
        try (ChildJvm demo =
                DocumentedCommand.start(
                        List.of(
                                DocumentedCommand.java(),
                                "-javaagent:" + OTEL_JAR,
                                "-Dotel.metrics.exporter=prometheus",
                                "-Dotel.exporter.prometheus.host=127.0.0.1",
                                "-Dotel.exporter.prometheus.port=" + port,
                                "-Dotel.traces.exporter=none",
                                "-Dotel.logs.exporter=none",
                                "-Dotel.jmx.config=" + rules,
                                "-Dotel.metric.export.interval=1000",
                                "-javaagent:agent/target/wrss-agent.jar",
                                "-cp",
                                "examples/target/wrss-examples.jar",
                                "dev.wrss.examples.FootprintDemo",
                                "--seconds",
                                "600",
                                "--heap-mb",
                                "32",
                                "--direct-mb",
                                "8",
                                "--mapped-mb",
                                "8",
                                "--every",
                                "300"))) {
            MBeanServerConnection jmx = demo.jmxWithWrss();
            HttpClient client =
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            List<String> mismatches = List.of("never scraped");
            for (int attempt = 1; attempt <= attempts; attempt++) {
                Map<String, Long> before = read(jmx);
                Exposition scrape = Exposition.parse(QuietScrape.get(client, metrics));
                Map<String, Long> after = read(jmx);
                mismatches = compare(before, after, scrape);
                if (mismatches.isEmpty()) {
                    System.out.println("matched on attempt " + attempt);
                    return mismatches;
                }
                Thread.sleep(1000); // the OpenTelemetry agent finds beans registered after it
                // periodically
            }
            return mismatches;
        }
    }

    /** The attributes the rules read, keyed as "bean/attribute". */
    private static Map<String, Long> read(MBeanServerConnection jmx) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (String region : WrssReading.REGIONS) {
            put(
                    out,
                    jmx,
                    "wrss:type=Region,name=" + region,
                    "Rss",
                    "Pss",
                    "Uss",
                    "Swap",
                    "Committed",
                    "Max",
                    "Mappings");
        }
        put(
                out,
                jmx,
                "wrss:type=Footprint",
                "Rss",
                "Pss",
                "Uss",
                "Swap",
                "DataAgeMillis",
                "ScanCount",
                "FailedScans",
                "IntervalMillis",
                "ConfiguredMax");
        put(out, jmx, "wrss:type=System", "Limit", "Usage", "WorkingSet", "Headroom");
        return out;
    }

    private static void put(
            Map<String, Long> out, MBeanServerConnection jmx, String bean, String... names)
            throws Exception {
        for (Attribute a : jmx.getAttributes(WrssReading.name(bean), names).asList()) {
            out.put(bean + "/" + a.getName(), ((Number) a.getValue()).longValue());
        }
    }

    static List<String> compare(
            Map<String, Long> before, Map<String, Long> after, Exposition scrape) {
        List<String> bad = new ArrayList<>();
        Checker c = new Checker(before, after, scrape, bad);
        for (String region : WrssReading.REGIONS) {
            String bean = "wrss:type=Region,name=" + region;
            for (String measure : MEASURES) {
                c.check(
                        "jvm_wrss_memory_usage_bytes",
                        Map.of("wrss_region", region, "wrss_measure", measure),
                        bean
                                + "/"
                                + Character.toUpperCase(measure.charAt(0))
                                + measure.substring(1),
                        1);
            }
            c.check(
                    "jvm_wrss_memory_committed_bytes",
                    Map.of("wrss_region", region),
                    bean + "/Committed",
                    1);
            c.check("jvm_wrss_memory_limit_bytes", Map.of("wrss_region", region), bean + "/Max", 1);
            c.check("jvm_wrss_mapping_count", Map.of("wrss_region", region), bean + "/Mappings", 1);
        }
        String fp = "wrss:type=Footprint/";
        for (String measure : MEASURES) {
            c.check(
                    "jvm_wrss_process_memory_usage_bytes",
                    Map.of("wrss_measure", measure),
                    fp + Character.toUpperCase(measure.charAt(0)) + measure.substring(1),
                    1);
        }
        c.check("jvm_wrss_data_age_seconds", Map.of(), fp + "DataAgeMillis", 1e-3);
        c.check("jvm_wrss_scan_count_total", Map.of(), fp + "ScanCount", 1);
        c.check("jvm_wrss_scan_failure_count_total", Map.of(), fp + "FailedScans", 1);
        c.check("jvm_wrss_scan_interval_seconds", Map.of(), fp + "IntervalMillis", 1e-3);
        c.check("jvm_wrss_configured_limit_bytes", Map.of(), fp + "ConfiguredMax", 1);
        String sys = "wrss:type=System/";
        c.check("jvm_wrss_container_memory_limit_bytes", Map.of(), sys + "Limit", 1);
        c.check("jvm_wrss_container_memory_usage_bytes", Map.of(), sys + "Usage", 1);
        c.check("jvm_wrss_container_memory_working_set_bytes", Map.of(), sys + "WorkingSet", 1);
        c.check("jvm_wrss_container_memory_headroom_bytes", Map.of(), sys + "Headroom", 1);
        return bad;
    }

    /**
     * One series against one attribute: absent where the attribute is -1 (unknown), otherwise between the values
     * read before and after the scrape, within 1%.
     */
    private record Checker(
            Map<String, Long> before,
            Map<String, Long> after,
            Exposition scrape,
            List<String> bad) {

        void check(String metric, Map<String, String> labels, String attribute, double scale) {
            Long b = before.get(attribute);
            Long a = after.get(attribute);
            List<Double> found = new ArrayList<>();
            var family = scrape.families().get(metric);
            if (family != null) {
                for (Sample s : family.samples) {
                    if (labels.entrySet().stream()
                            .allMatch(e -> e.getValue().equals(s.label(e.getKey())))) {
                        found.add(s.value());
                    }
                }
            }
            String what = metric + labels + " against " + attribute + " " + b + ".." + a;
            if (b == null || a == null) {
                bad.add(what + ": attribute not read");
            } else if (b < 0 || a < 0) {
                if (!found.isEmpty() && (b < 0 && a < 0)) {
                    bad.add(what + ": unknown, yet exported as " + found);
                }
            } else if (found.size() != 1) {
                bad.add(what + ": " + found.size() + " series");
            } else {
                double lo = Math.min(a, b) * scale;
                double hi = Math.max(a, b) * scale;
                double v = found.get(0);
                double slack = Math.max(hi * 0.01, scale < 1 ? 0.01 : 0);
                if (v < lo - slack || v > hi + slack) {
                    bad.add(what + ": scraped " + v);
                }
            }
        }
    }
}
