package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.InvalidAttributeValueException;
import javax.management.ReflectionException;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

/** The DynamicMBean plumbing, called directly: clock, errors, and what a broken control does. */
class SnapshotMBeanTest {

    private final SwappingControl control = new SwappingControl();
    private final FootprintBean bean =
            new FootprintBean(control, () -> TestSnapshots.EPOCH_BASE_MILLIS + 1 + 250);

    @Test
    void dataAgeIsMinusOneBeforeTheFirstScanThenNowMinusScanTime() throws Exception {
        assertEquals(-1L, bean.getAttribute("DataAgeMillis"));
        control.publishNext();
        assertEquals(250L, bean.getAttribute("DataAgeMillis"));
        assertTrue(((String) bean.invoke("report", null, null)).contains("(250 ms ago)"));
    }

    @Test
    void unknownNamesAreLeftOutOfBulkReadsAndRejectedOtherwise() throws Exception {
        AttributeList values = bean.getAttributes(new String[] {"Rss", "NoSuchThing", "Status"});
        assertEquals(
                List.of("Rss", "Status"),
                values.asList().stream().map(Attribute::getName).toList());
        assertThrows(AttributeNotFoundException.class, () -> bean.getAttribute("NoSuchThing"));
        assertThrows(ReflectionException.class, () -> bean.invoke("gc", null, null));
        assertThrows(
                ReflectionException.class,
                () -> bean.invoke("scan", new Object[] {1}, new String[] {"int"}));
    }

    @Test
    void onlyTheIntervalIsWritableAndOnlyWithALong() throws Exception {
        assertThrows(
                AttributeNotFoundException.class,
                () -> bean.setAttribute(new Attribute("Rss", 1L)));
        assertThrows(
                InvalidAttributeValueException.class,
                () -> bean.setAttribute(new Attribute("IntervalMillis", 1000)));
        AttributeList set =
                bean.setAttributes(
                        new AttributeList(
                                List.of(
                                        new Attribute("IntervalMillis", 2_000L),
                                        new Attribute("Pss", 5L))));
        assertEquals(List.of(new Attribute("IntervalMillis", 2_000L)), set.asList());
        assertEquals(2_000L, control.intervalMillis());
    }

    @Test
    void aFailingValueCostsOnlyThatAttribute() throws Exception {
        FootprintBean broken =
                new FootprintBean(
                        new SwappingControl() {
                            @Override
                            public long intervalMillis() {
                                throw new IllegalStateException("scanner gone");
                            }
                        });
        assertThrows(RuntimeMBeanException.class, () -> broken.getAttribute("IntervalMillis"));
        AttributeList values =
                broken.getAttributes(new String[] {"IntervalMillis", "Status", "Rss"});
        assertEquals(
                List.of("Status", "Rss"),
                values.asList().stream().map(Attribute::getName).toList());
    }

    @Test
    void aControlWithoutSnapshotReadsAsZeros() throws Exception {
        FootprintBean empty =
                new FootprintBean(
                        new SwappingControl() {
                            @Override
                            public FootprintSnapshot latest() {
                                return null;
                            }
                        });
        assertEquals(0L, empty.getAttribute("Pss"));
        assertEquals("no snapshot published", empty.getAttribute("Status"));
        assertEquals(
                Region.count(),
                ((javax.management.openmbean.TabularData) empty.getAttribute("Regions")).size());
    }
}
