package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test's exposition parser reads what jmx_exporter writes, escapes and suffixes included. */
class ExpositionTest {

    @Test
    void readsFamiliesLabelsEscapesAndSuffixes() {
        Exposition e =
                Exposition.parse(
                        """
                # HELP jvm_wrss_thread_name Always 1: the name
                # TYPE jvm_wrss_thread_name gauge
                jvm_wrss_thread_name{name="a \\"quoted\\", back\\\\slash\\nname",tid="42"} 1.0
                # HELP jvm_gc_collection_seconds Time spent
                # TYPE jvm_gc_collection_seconds summary
                jvm_gc_collection_seconds_count{gc="G1 Young Generation"} 3.0
                jvm_gc_collection_seconds_sum{gc="G1 Young Generation"} 0.012
                untyped_thing 2.5E9 1700000000000
                """);
        Exposition.Family names = e.family("jvm_wrss_thread_name");
        assertEquals("gauge", names.type);
        assertEquals("Always 1: the name", names.help);
        assertEquals(
                Map.of("name", "a \"quoted\", back\\slash\nname", "tid", "42"),
                names.samples.get(0).labels());
        assertEquals(2, e.family("jvm_gc_collection_seconds").samples.size());
        assertEquals(2.5e9, e.family("untyped_thing").value());
        assertNull(e.family("untyped_thing").type);
        assertEquals(1.0, e.value("jvm_wrss_thread_name", "tid", "42"));
        assertNull(e.value("jvm_wrss_thread_name", "tid", "43"));
        assertTrue(Double.isNaN(Exposition.sample("x NaN").value()));
        assertThrows(AssertionError.class, () -> e.family("absent"));
    }
}
