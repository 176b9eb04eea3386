package dev.wrss.agent.cli.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.management.InstanceNotFoundException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

/** The command line's deserialization filter on real object streams: what a JMX reply holds passes, the rest not. */
class SerialFilterTest {

    /** A class outside the JDK and JMX: what a gadget chain would be made of. */
    static final class ForeignException extends RuntimeException {
        ForeignException(String m) {
            super(m);
        }
    }

    @Test
    void aTableOfCompositeDataAsTheAgentPublishesItPasses() throws Exception {
        String[] items = {"region", "pss", "deleted"};
        CompositeType row =
                new CompositeType(
                        "Row",
                        "a row",
                        items,
                        items,
                        new OpenType<?>[] {SimpleType.STRING, SimpleType.LONG, SimpleType.BOOLEAN});
        TabularDataSupport table =
                new TabularDataSupport(
                        new TabularType("Rows", "rows", row, new String[] {"region"}));
        for (int i = 0; i < 1000; i++) {
            table.put(
                    new CompositeDataSupport(
                            row, items, new Object[] {"r" + i, (long) i, i % 2 == 0}));
        }
        assertEquals(table, roundTrip(table));
        ObjectName name = new ObjectName("wrss:type=Footprint");
        assertEquals(name, roundTrip(name));
        assertEquals(List.of(1L, "two"), roundTrip(new ArrayList<>(List.of(1L, "two"))));
        InstanceNotFoundException e =
                (InstanceNotFoundException) roundTrip(new InstanceNotFoundException("gone"));
        assertEquals("gone", e.getMessage());
        roundTrip(new IllegalStateException("x", new java.io.IOException("cause")));
    }

    @Test
    void aClassOutsideTheListIsRejectedBeforeItIsBuilt() throws Exception {
        assertRejected(new HashSet<>(Set.of("a")));
        assertRejected(new ForeignException("gadget"));
        assertRejected(new java.io.File("/etc/passwd"));
        assertRejected(
                new ArrayList<>(
                        List.of(
                                new java.net.URL(
                                        "http://example.com/")))); // URLDNS resolves on hashCode
    }

    @Test
    void graphsBeyondTheLimitsAreRejected() {
        List<Object> deep = new ArrayList<>();
        List<Object> at = deep;
        for (int i = 0; i < SerialFilter.MAX_DEPTH + 5; i++) { // allowed classes, nested too deep
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        assertRejected(deep);
        assertRejected(new long[(int) SerialFilter.MAX_ARRAY_LENGTH + 1]);
    }

    private static void assertRejected(Object o) {
        InvalidClassException e =
                assertThrows(
                        InvalidClassException.class, () -> roundTrip(o), o.getClass().getName());
        assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
    }

    private static Object roundTrip(Object o) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(new SerialFilter());
            return in.readObject();
        }
    }
}
