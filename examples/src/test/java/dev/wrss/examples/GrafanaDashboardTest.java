package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * examples/grafana/wrss-dashboard.json is strict JSON, has the panels the README promises, and its queries
 * name only wrss metrics. That those metrics exist in a real scrape is checked by {@link PrometheusExporterIT}.
 */
class GrafanaDashboardTest {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

    static JsonNode load() throws Exception {
        Path file =
                Path.of("grafana/wrss-dashboard.json"); // surefire and failsafe run in examples/
        ObjectMapper strict =
                new ObjectMapper()
                        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                        .disable(JsonParser.Feature.ALLOW_COMMENTS);
        return strict.readTree(Files.readString(file));
    }

    /** Every metric name the dashboard's panel queries and template variables select. */
    static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                names.addAll(PromQlNames.of(target.get("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("type").asText().equals("query")) {
                Matcher m = LABEL_VALUES.matcher(variable.at("/query/query").asText());
                assertTrue(m.matches(), variable.toString());
                names.addAll(PromQlNames.of(m.group(1)));
            }
        }
        return names;
    }

    @Test
    void isStrictJsonWithTheDocumentedPanels() throws Exception {
        JsonNode d = load();
        Set<String> titles = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : d.get("panels")) {
            titles.add(panel.get("title").asText());
            assertTrue(ids.add(panel.get("id").asInt()), "duplicate panel id " + panel.get("id"));
            assertFalse(panel.get("targets").isEmpty(), panel.get("title").asText());
            for (JsonNode target : panel.get("targets")) {
                assertEquals("${datasource}", target.at("/datasource/uid").asText());
            }
        }
        assertTrue(
                titles.containsAll(
                        List.of(
                                "PSS by region (stacked)",
                                "RSS vs PSS vs USS",
                                "Top mapped files by PSS",
                                "Thread stacks: top 10 by RSS",
                                "Scan cost and age")),
                titles.toString());
        assertEquals("wrss-jvm-footprint", d.get("uid").asText());
    }

    @Test
    void queriesNameOnlyWrssMetrics() throws Exception {
        Set<String> names = metricNames(load());
        assertTrue(
                names.containsAll(
                        List.of(
                                "jvm_wrss_region_pss_bytes",
                                "jvm_wrss_pss_bytes",
                                "jvm_wrss_mapped_file_pss_bytes",
                                "jvm_wrss_thread_stack_rss_bytes",
                                "jvm_wrss_thread_name",
                                "jvm_wrss_scan_duration_seconds",
                                "jvm_wrss_scans_total")),
                names.toString());
        for (String name : names) {
            assertTrue(name.startsWith("jvm_wrss_"), name);
        }
    }

    @Test
    void promQlNamesSkipsFunctionsLabelsAndRanges() {
        assertEquals(
                Set.of("jvm_wrss_region_pss_bytes", "jvm_wrss_pss_bytes"),
                PromQlNames.of(
                        "sum by (region) (jvm_wrss_region_pss_bytes{job=\"$job\",region=~\"a|b\"}) / ignoring(region)"
                                + " group_left jvm_wrss_pss_bytes offset 5m"));
        assertEquals(
                Set.of("a_total", "b"),
                PromQlNames.of(
                        "topk(10, rate(a_total[$__rate_interval]) * on(job, tid) group_left(name) b) > 1e-9 and b"));
        assertEquals(Set.of(), PromQlNames.of("time() - 2"));
        assertThrows(IllegalArgumentException.class, () -> PromQlNames.of("a{job=\"x\""));
    }

    @Test
    void aBrokenDashboardIsRejected() {
        ObjectMapper strict =
                new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        assertThrows(Exception.class, () -> strict.readTree("{\"panels\": [1, 2,]}"));
        assertThrows(Exception.class, () -> strict.readTree("{\"a\": 1} {"));
    }
}
