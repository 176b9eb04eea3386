package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wrss.agent.it.ChildJvm;
import dev.wrss.examples.Exposition.Family;
import dev.wrss.examples.Exposition.Sample;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs exactly the two-agent command line of examples/README.md (jmx_prometheus_javaagent 1.0.1 with
 * examples/prometheus/wrss.yaml, and the wrss agent) on FootprintDemo, scrapes /metrics in a quiet moment
 * (the same scan before and after the scrape) and compares every series with the MBeans read over JMX.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusExporterIT {

    /** The agent's defaults for the topThreads and topFiles options: the bound on tid/name/path labels. */
    static final int TOP_THREADS = 50;

    static final int TOP_FILES = 20;
    static final int DEMO_THREADS = 80;

    /** Per-region measures: metric name and the item of a Footprint Regions row it comes from. */
    static final Map<String, String> REGION_MEASURES =
            Map.of(
                    "jvm_wrss_region_rss_bytes",
                    "rss",
                    "jvm_wrss_region_pss_bytes",
                    "pss",
                    "jvm_wrss_region_uss_bytes",
                    "uss",
                    "jvm_wrss_region_swap_bytes",
                    "swap",
                    "jvm_wrss_region_swap_pss_bytes",
                    "swapPss",
                    "jvm_wrss_region_virtual_bytes",
                    "virtual",
                    "jvm_wrss_region_mappings",
                    "mappings");

    /** Process totals: metric name and the Footprint attribute it comes from. */
    static final Map<String, String> TOTALS =
            Map.of(
                    "jvm_wrss_rss_bytes",
                    "Rss",
                    "jvm_wrss_pss_bytes",
                    "Pss",
                    "jvm_wrss_uss_bytes",
                    "Uss",
                    "jvm_wrss_swap_bytes",
                    "Swap",
                    "jvm_wrss_swap_pss_bytes",
                    "SwapPss",
                    "jvm_wrss_virtual_bytes",
                    "Virtual",
                    "jvm_wrss_mappings",
                    "Mappings");

    private ChildJvm demo;
    private WrssReading reading;
    private Exposition scrape;
    private String scrapeText;

    @BeforeAll
    void startDemoAndScrapeInAQuietMoment() throws Exception {
        int port = DocumentedCommand.freeLoopbackPort();
        demo =
                DocumentedCommand.start(
                        List.of(
                                DocumentedCommand.java(),
                                "-javaagent:examples/target/jmx_prometheus_javaagent-1.0.1.jar=127.0.0.1:"
                                        + port
                                        + ":examples/prometheus/wrss.yaml",
                                "-javaagent:agent/target/wrss-agent.jar",
                                "-cp",
                                "examples/target/wrss-examples.jar",
                                "dev.wrss.examples.FootprintDemo",
                                "--seconds",
                                "900",
                                "--heap-mb",
                                "32",
                                "--direct-mb",
                                "8",
                                "--mapped-mb",
                                "8",
                                "--threads",
                                Integer.toString(DEMO_THREADS),
                                "--classes",
                                "200",
                                "--every",
                                "300"));
        MBeanServerConnection jmx = demo.jmxWithWrss();
        awaitDemoThreads(jmx);
        awaitGrowth(jmx);
        QuietScrape quiet =
                QuietScrape.take(jmx, URI.create("http://127.0.0.1:" + port + "/metrics"), 20);
        assertNotNull(quiet, "no scan stayed put across a scrape: " + demo.describe());
        reading = quiet.reading();
        scrape = quiet.scrape();
        scrapeText = quiet.text();
    }

    /** Waits until the demo started its threads, so that the topThreads bound is exercised. */
    private void awaitDemoThreads(MBeanServerConnection jmx) throws Exception {
        for (int i = 0; i < 300; i++) {
            jmx.invoke(
                    WrssReading.name("wrss:type=Footprint"), "scan", new Object[0], new String[0]);
            if (WrssReading.read(jmx).threadCount() > DEMO_THREADS) {
                return;
            }
            Thread.sleep(200);
        }
        fail(
                "ThreadStacks Count never exceeded the demo's "
                        + DEMO_THREADS
                        + " threads: "
                        + demo.describe());
    }

    /** Waits until the history holds two samples in its finest window, so that the growth series exist. */
    private void awaitGrowth(MBeanServerConnection jmx) throws Exception {
        ObjectName history = WrssReading.name("wrss:type=History");
        for (int i = 0; i < 120; i++) {
            javax.management.openmbean.TabularData growth =
                    (javax.management.openmbean.TabularData) jmx.getAttribute(history, "Growth");
            Object last10m = growth.get(new Object[] {"total"}).get("last10m");
            if (!Double.isNaN((Double) last10m)) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("the history's growth stayed NaN: " + demo.describe());
    }

    @AfterAll
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyRegionHasOneSeriesForEachMeasure() {
        for (String metric : REGION_MEASURES.keySet()) {
            List<String> regions =
                    scrape.family(metric).samples.stream()
                            .map(s -> s.label("region"))
                            .sorted()
                            .toList();
            assertEquals(WrssReading.REGIONS.stream().sorted().toList(), regions, metric);
        }
    }

    @Test
    void regionSeriesEqualTheMBeansOfTheSameScan() {
        for (Map.Entry<String, String> m : REGION_MEASURES.entrySet()) {
            for (String region : WrssReading.REGIONS) {
                assertClose(
                        reading.region(region, m.getValue()),
                        scrape.value(m.getKey(), "region", region),
                        m.getKey() + "{region=" + region + "}");
            }
        }
        // committed is exported only where the JVM says what it committed (-1 in the MBean means
        // unknown)
        for (String region : WrssReading.REGIONS) {
            long committed = reading.committed().get(region);
            Double scraped = scrape.value("jvm_wrss_region_committed_bytes", "region", region);
            if (committed >= 0) {
                assertClose(committed, scraped, "committed of " + region);
            } else {
                assertNull(scraped, "committed of " + region + " is unknown, yet exported");
            }
        }
        assertTrue(
                reading.committed().get("java_heap") >= 0,
                "the heap's committed size is always known");
    }

    /**
     * The limit, container and native heap series. Read after the scrape: only numbers that stay put between
     * scans are compared exactly (the flags' bounds, the glibc counters, which JDK 17 reads once at start, the
     * direct buffers the demo allocated at start); the others must exist.
     */
    @Test
    void limitContainerAndNativeHeapSeriesEqualTheMBeans() throws Exception {
        MBeanServerConnection jmx = demo.jmxWithWrss();
        for (String region : WrssReading.REGIONS) {
            ObjectName bean = WrssReading.name("wrss:type=Region,name=" + region);
            long max = (Long) jmx.getAttribute(bean, "Max");
            Double scraped = scrape.value("jvm_wrss_region_max_bytes", "region", region);
            if (max < 0) {
                assertNull(scraped, region + " is unbounded, yet has a max");
            } else if (!region.equals(
                    "thread_stacks")) { // threads x stack size moves with the thread count
                assertClose(max, scraped, "max of " + region);
            }
            assertEquals(
                    jmx.getAttribute(bean, "MaxSource"),
                    scrape.family("jvm_wrss_region_max_source").samples.stream()
                            .filter(x -> x.label("region").equals(region))
                            .findFirst()
                            .orElseThrow()
                            .label("source"));
        }
        assertNotNull(scrape.value("jvm_wrss_region_max_bytes", "region", "java_heap"));
        assertTrue(scrape.family("jvm_wrss_configured_max_bytes").value() > 0);
        assertNotNull(scrape.family("jvm_wrss_limit_margin_bytes").value());
        ObjectName system = WrssReading.name("wrss:type=System");
        if ((Long) jmx.getAttribute(system, "WorkingSet") >= 0) {
            assertTrue(scrape.family("jvm_wrss_container_working_set_bytes").value() > 0);
        }
        ObjectName nativeHeap = WrssReading.name("wrss:type=NativeHeap");
        assertEquals(
                jmx.getAttribute(nativeHeap, "Allocator"),
                scrape.family("jvm_wrss_native_heap_allocator").samples.get(0).label("allocator"));
        assertClose(
                (Long) jmx.getAttribute(nativeHeap, "DirectBuffers"),
                scrape.family("jvm_wrss_native_heap_direct_buffer_bytes").value(),
                "direct buffers");
        assertClose(
                (Integer) jmx.getAttribute(nativeHeap, "ArenaLimit"),
                scrape.family("jvm_wrss_native_heap_arena_limit").value(),
                "arena limit");
        for (String metric :
                List.of(
                        "jvm_wrss_native_heap_arenas",
                        "jvm_wrss_native_heap_retained_resident_bytes",
                        "jvm_wrss_native_heap_mapped_buffer_bytes",
                        "jvm_wrss_native_heap_other_bytes",
                        "jvm_wrss_native_heap_ok")) {
            assertNotNull(scrape.family(metric).value(), metric);
        }
        long outstanding = (Long) jmx.getAttribute(nativeHeap, "Outstanding");
        assertTrue(outstanding > 0, "glibc's counters are given on this JDK");
        if (Runtime.version().feature()
                < 21) { // read once at start: the scrape saw the same number
            assertClose(
                    outstanding,
                    scrape.family("jvm_wrss_native_heap_outstanding_bytes").value(),
                    "outstanding");
            assertClose(
                    (Long) jmx.getAttribute(nativeHeap, "Retained"),
                    scrape.family("jvm_wrss_native_heap_retained_bytes").value(),
                    "retained");
        }
    }

    /**
     * The rest of the System bean, the History bean's counts and growth rates, and the native heap's stats time.
     * Growth moves with each history sample: it is compared only when the history held as many samples when
     * read as when scraped; otherwise each MBean row that is a number must have its series.
     */
    @Test
    void systemAndHistorySeriesEqualTheMBeans() throws Exception {
        MBeanServerConnection jmx = demo.jmxWithWrss();
        ObjectName system = WrssReading.name("wrss:type=System");
        assertClose(
                ((Number) jmx.getAttribute(system, "CgroupVersion")).doubleValue(),
                scrape.family("jvm_wrss_container_cgroup_version").value(),
                "cgroup version");
        for (String[] m : SYSTEM_OPTIONAL) {
            long value = (Long) jmx.getAttribute(system, m[1]);
            Family f = scrape.families().get(m[0]);
            assertEquals(
                    value >= 0,
                    f != null && !f.samples.isEmpty(),
                    m[0] + " against " + m[1] + " " + value);
        }
        ObjectName history = WrssReading.name("wrss:type=History");
        long samples = (Long) jmx.getAttribute(history, "Samples");
        assertClose(
                (Long) jmx.getAttribute(history, "RetainedBytes"),
                scrape.family("jvm_wrss_history_retained_bytes").value(),
                "history retained");
        assertTrue(
                scrape.family("jvm_wrss_baseline_timestamp_seconds").value() > 1e9,
                "a baseline after a scan");
        boolean sameSamples = samples == scrape.family("jvm_wrss_history_samples").value();
        javax.management.openmbean.TabularData growth =
                (javax.management.openmbean.TabularData) jmx.getAttribute(history, "Growth");
        int compared = 0;
        for (Object o : growth.values()) {
            javax.management.openmbean.CompositeData row =
                    (javax.management.openmbean.CompositeData) o;
            String region = (String) row.get("region");
            for (String[] w :
                    List.of(
                            new String[] {"last10m", "10m"},
                            new String[] {"last1h", "1h"},
                            new String[] {"sinceStart", "start"})) {
                double perHour = (Double) row.get(w[0]);
                Double scraped =
                        region.equals("total")
                                ? scrape.value(
                                        "jvm_wrss_pss_growth_bytes_per_second", "window", w[1])
                                : Optional.ofNullable(
                                                scrape.families()
                                                        .get(
                                                                "jvm_wrss_region_pss_growth_bytes_per_second"))
                                        .stream()
                                        .flatMap(f -> f.samples.stream())
                                        .filter(
                                                x ->
                                                        x.label("region").equals(region)
                                                                && x.label("window").equals(w[1]))
                                        .map(Sample::value)
                                        .findFirst()
                                        .orElse(null);
                if (sameSamples && Double.isNaN(perHour)) {
                    assertNull(scraped, region + " " + w[0] + " is NaN, yet exported");
                } else if (sameSamples) {
                    assertClose(perHour / 3600, scraped, "growth of " + region + " over " + w[0]);
                    compared++;
                }
            }
        }
        assertTrue(
                !sameSamples || compared > 0,
                "no growth rate compared with " + samples + " samples");
        ObjectName nativeHeap = WrssReading.name("wrss:type=NativeHeap");
        if ((Long) jmx.getAttribute(nativeHeap, "StatsEpochMillis") > 0) {
            assertTrue(scrape.family("jvm_wrss_native_heap_stats_timestamp_seconds").value() > 1e9);
        }
    }

    /** System attributes exported only where known (≥ 0): metric name, attribute. */
    static final List<String[]> SYSTEM_OPTIONAL =
            List.of(
                    new String[] {"jvm_wrss_container_headroom_bytes", "Headroom"},
                    new String[] {"jvm_wrss_container_anon_bytes", "Anon"},
                    new String[] {"jvm_wrss_container_file_bytes", "File"},
                    new String[] {"jvm_wrss_container_shmem_bytes", "Shmem"},
                    new String[] {"jvm_wrss_node_vmstat_mapped_bytes", "VmstatMapped"},
                    new String[] {"jvm_wrss_node_meminfo_mapped_bytes", "MeminfoMapped"});

    @Test
    void totalsAndScanSeriesEqualTheMBeans() {
        TOTALS.forEach(
                (metric, attribute) ->
                        assertClose(
                                reading.total(attribute), scrape.family(metric).value(), metric));
        assertClose(
                reading.total("ScanCount"), scrape.family("jvm_wrss_scans_total").value(), "scans");
        assertClose(
                reading.total("LastScanDurationNanos") * 1e-9,
                scrape.family("jvm_wrss_scan_duration_seconds").value(),
                "scan duration");
        assertClose(
                reading.total("LastScanEpochMillis") * 1e-3,
                scrape.family("jvm_wrss_last_scan_timestamp_seconds").value(),
                "last scan");
        assertClose(
                reading.total("IntervalMillis") * 1e-3,
                scrape.family("jvm_wrss_scan_interval_seconds").value(),
                "interval");
        assertEquals(
                "ok".equals(reading.footprint().get("Status")) ? 1.0 : 0.0,
                scrape.family("jvm_wrss_scan_ok").value(),
                "scan_ok for Status " + reading.footprint().get("Status"));
        assertTrue(scrape.family("jvm_wrss_data_age_seconds").value() >= 0);
        assertClose(
                reading.total("FailedScans"),
                scrape.family("jvm_wrss_scan_failures_total").value(),
                "failed");
        assertClose(
                reading.total("SkippedIntervals"),
                scrape.family("jvm_wrss_skipped_intervals_total").value(),
                "skipped intervals");
        assertClose(
                reading.total("EffectiveIntervalMillis") * 1e-3,
                scrape.family("jvm_wrss_effective_scan_interval_seconds").value(),
                "effective interval");
        assertClose(
                reading.total("EffectiveMaxAgeMillis") * 1e-3,
                scrape.family("jvm_wrss_effective_max_age_seconds").value(),
                "effective max age");
        assertClose(
                reading.total("SelfRetainedBytes"),
                scrape.family("jvm_wrss_agent_retained_bytes").value(),
                "retained");
        assertEquals(
                reading.footprint().get("Version"),
                scrape.family("jvm_wrss_agent_version").samples.get(0).label("version"));
        assertClose(
                reading.threadCount(),
                scrape.family("jvm_wrss_thread_stacks").value(),
                "thread stacks");
        assertClose(
                reading.fileCount(),
                scrape.family("jvm_wrss_mapped_files").value(),
                "mapped files");
    }

    @Test
    void regionsAddUpToTheProcessTotals() {
        for (String measure : List.of("rss", "pss", "uss", "swap", "swap_pss", "virtual")) {
            double sum =
                    scrape.family("jvm_wrss_region_" + measure + "_bytes").samples.stream()
                            .mapToDouble(Sample::value)
                            .sum();
            assertClose(
                    scrape.family("jvm_wrss_" + measure + "_bytes").value(),
                    sum,
                    "sum of region " + measure);
        }
        assertTrue(
                scrape.family("jvm_wrss_pss_bytes").value() > 32 << 20,
                "the demo's heap alone is 32 MiB");
    }

    @Test
    void threadAndFileSeriesAreTheTopRowsTheAgentPublishes() {
        Map<String, Map<String, Object>> threads = reading.threads();
        assertEquals(TOP_THREADS, threads.size(), "the Threads table is cut at topThreads");
        for (String item : List.of("rss", "pss", "virtual")) {
            Family f = scrape.family("jvm_wrss_thread_stack_" + item + "_bytes");
            assertEquals(threads.keySet(), labels(f, "tid"), f.name);
            for (Sample s : f.samples) {
                assertClose(
                        ((Number) threads.get(s.label("tid")).get(item)).doubleValue(),
                        s.value(),
                        f.name);
            }
        }
        Family names = scrape.family("jvm_wrss_thread_name");
        assertEquals(threads.keySet(), labels(names, "tid"));
        for (Sample s : names.samples) {
            assertEquals(threads.get(s.label("tid")).get("name"), s.label("name"));
            assertEquals(1.0, s.value());
        }

        Map<String, Map<String, Object>> files = reading.files();
        assertEquals(Math.min(TOP_FILES, reading.fileCount()), files.size());
        assertTrue(
                files.keySet().stream().anyMatch(p -> p.contains("wrss-demo")),
                "the demo's mapped file");
        for (String item : List.of("rss", "pss", "uss", "virtual", "deleted")) {
            Family f =
                    scrape.family(
                            "jvm_wrss_mapped_file_"
                                    + item
                                    + (item.equals("deleted") ? "" : "_bytes"));
            assertEquals(files.keySet(), labels(f, "path"), f.name);
            for (Sample s : f.samples) {
                Object v = files.get(s.label("path")).get(item);
                assertClose(
                        v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue(),
                        s.value(),
                        f.name);
            }
        }
    }

    @Test
    void noLabelValueOutsideABoundedSet() {
        Set<String> regions = new HashSet<>(WrssReading.REGIONS);
        for (Family f : wrssFamilies()) {
            for (Sample s : f.samples) {
                for (Map.Entry<String, String> l : s.labels().entrySet()) {
                    boolean bounded =
                            switch (l.getKey()) {
                                case "region" -> regions.contains(l.getValue());
                                case "tid" -> reading.threads().containsKey(l.getValue());
                                case "name" -> f.name.equals("jvm_wrss_thread_name");
                                case "path" -> reading.files().containsKey(l.getValue());
                                case "version" ->
                                        l.getValue().equals(reading.footprint().get("Version"));
                                case "source" ->
                                        f.name.equals("jvm_wrss_region_max_source")
                                                && (l.getValue()
                                                                .matches(
                                                                        "Max\\w+|ReservedCodeCacheSize|CompressedClassSpaceSize|"
                                                                                + "ThreadStackSize")
                                                        || Set.of(
                                                                        "ergonomic",
                                                                        "unbounded",
                                                                        "unknown")
                                                                .contains(l.getValue()));
                                case "window" ->
                                        f.name.contains("_growth_")
                                                && Set.of("10m", "1h", "start")
                                                        .contains(l.getValue());
                                case "allocator" ->
                                        Set.of(
                                                        "glibc",
                                                        "jemalloc",
                                                        "tcmalloc",
                                                        "mimalloc",
                                                        "musl",
                                                        "unknown")
                                                .contains(l.getValue());
                                default ->
                                        false; // _objectname, for one, would mean two rules collide
                            };
                    assertTrue(bounded, f.name + " has label " + l);
                }
            }
        }
        assertTrue(scrape.family("jvm_wrss_thread_name").samples.size() <= TOP_THREADS);
        assertTrue(scrape.family("jvm_wrss_mapped_file_pss_bytes").samples.size() <= TOP_FILES);
    }

    @Test
    void everyFamilyHasHelpAndAKnownType() {
        assertTrue(
                scrape.families().size() > wrssFamilies().size(),
                "the exporter's own JVM metrics are there too");
        for (Family f : scrape.families().values()) {
            assertTrue(f.help != null && !f.help.isBlank(), f.name + " has no HELP");
            assertTrue(
                    Set.of("gauge", "counter", "summary", "histogram").contains(f.type),
                    f.name + " is typed " + f.type);
        }
    }

    @Test
    void theWrssFamiliesAreExactlyThoseDocumented() {
        Set<String> expected = new TreeSet<>(REGION_MEASURES.keySet());
        expected.addAll(TOTALS.keySet());
        expected.addAll(
                List.of(
                        "jvm_wrss_region_committed_bytes",
                        "jvm_wrss_scans_total",
                        "jvm_wrss_scan_duration_seconds",
                        "jvm_wrss_last_scan_timestamp_seconds",
                        "jvm_wrss_data_age_seconds",
                        "jvm_wrss_scan_interval_seconds",
                        "jvm_wrss_scan_ok",
                        "jvm_wrss_thread_stack_rss_bytes",
                        "jvm_wrss_thread_stack_pss_bytes",
                        "jvm_wrss_thread_stack_virtual_bytes",
                        "jvm_wrss_thread_name",
                        "jvm_wrss_thread_stacks",
                        "jvm_wrss_mapped_file_rss_bytes",
                        "jvm_wrss_mapped_file_pss_bytes",
                        "jvm_wrss_mapped_file_uss_bytes",
                        "jvm_wrss_mapped_file_virtual_bytes",
                        "jvm_wrss_mapped_file_deleted",
                        "jvm_wrss_mapped_files",
                        "jvm_wrss_scan_failures_total",
                        "jvm_wrss_skipped_intervals_total",
                        "jvm_wrss_effective_scan_interval_seconds",
                        "jvm_wrss_effective_max_age_seconds",
                        "jvm_wrss_agent_cpu_seconds_total",
                        "jvm_wrss_agent_retained_bytes",
                        "jvm_wrss_agent_classes",
                        "jvm_wrss_agent_version",
                        "jvm_wrss_region_max_bytes",
                        "jvm_wrss_region_max_source",
                        "jvm_wrss_configured_max_bytes",
                        "jvm_wrss_limit_margin_bytes",
                        "jvm_wrss_container_usage_bytes",
                        "jvm_wrss_container_working_set_bytes",
                        "jvm_wrss_native_heap_allocator",
                        "jvm_wrss_native_heap_arenas",
                        "jvm_wrss_native_heap_arena_limit",
                        "jvm_wrss_native_heap_outstanding_bytes",
                        "jvm_wrss_native_heap_retained_bytes",
                        "jvm_wrss_native_heap_retained_resident_bytes",
                        "jvm_wrss_native_heap_direct_buffer_bytes",
                        "jvm_wrss_native_heap_mapped_buffer_bytes",
                        "jvm_wrss_native_heap_other_bytes",
                        "jvm_wrss_native_heap_ok"));
        expected.addAll(
                List.of(
                        "jvm_wrss_container_cgroup_version",
                        "jvm_wrss_history_samples",
                        "jvm_wrss_history_retained_bytes",
                        "jvm_wrss_history_oldest_timestamp_seconds",
                        "jvm_wrss_baseline_timestamp_seconds"));
        // present only in a memory cgroup with a limit; the trim series only after a trim(), which
        // this run never calls; the cgroup and node figures where known, growth once the history
        // has two samples in a window
        for (String optional :
                List.of(
                        "jvm_wrss_container_limit_bytes",
                        "jvm_wrss_container_headroom_bytes",
                        "jvm_wrss_container_anon_bytes",
                        "jvm_wrss_container_file_bytes",
                        "jvm_wrss_container_shmem_bytes",
                        "jvm_wrss_node_vmstat_mapped_bytes",
                        "jvm_wrss_node_meminfo_mapped_bytes",
                        "jvm_wrss_pss_growth_bytes_per_second",
                        "jvm_wrss_region_pss_growth_bytes_per_second",
                        "jvm_wrss_native_heap_stats_timestamp_seconds")) {
            if (scrapeText.contains("\n" + optional + " ")
                    || scrapeText.contains("\n" + optional + "{")) {
                expected.add(optional);
            }
        }
        assertEquals(
                expected,
                wrssFamilies().stream()
                        .map(f -> f.name)
                        .collect(Collectors.toCollection(TreeSet::new)),
                "scrape:\n" + scrapeText);
        for (String counter :
                List.of(
                        "jvm_wrss_scans_total",
                        "jvm_wrss_scan_failures_total",
                        "jvm_wrss_skipped_intervals_total",
                        "jvm_wrss_agent_cpu_seconds_total")) {
            assertEquals("counter", scrape.family(counter).type, counter);
        }
    }

    @Test
    void theDashboardQueriesOnlyMetricsTheScrapeHas() throws Exception {
        Set<String> scraped = new HashSet<>();
        scrape.families().values().forEach(f -> f.samples.forEach(s -> scraped.add(s.name())));
        Set<String> used = GrafanaDashboardTest.metricNames(GrafanaDashboardTest.load());
        List<String> missing = new ArrayList<>(used);
        missing.removeAll(scraped);
        assertTrue(
                missing.isEmpty(), "the dashboard queries " + missing + ", which the scrape lacks");
    }

    private List<Family> wrssFamilies() {
        return scrape.families().values().stream()
                .filter(f -> f.name.startsWith("jvm_wrss_"))
                .toList();
    }

    private static Set<String> labels(Family f, String key) {
        return f.samples.stream().map(s -> s.label(key)).collect(Collectors.toSet());
    }

    /** Within 1% of the MBean value; zero must be zero. */
    static void assertClose(double expected, Double actual, String what) {
        assertNotNull(actual, what + " is not in the scrape");
        assertTrue(
                Math.abs(expected - actual) <= 0.01 * Math.abs(expected),
                what + ": MBean " + expected + ", scraped " + actual);
    }
}
