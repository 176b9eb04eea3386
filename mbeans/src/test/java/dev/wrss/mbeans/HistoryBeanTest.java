package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

/** {@code wrss:type=History} as a client sees it: the interface matches the MBeanInfo; tables carry their items. */
class HistoryBeanTest {

    final SwappingControl control = new SwappingControl();

    /** A fixed history: two samples of every region, a baseline at scan 1. */
    final HistoryControl history =
            new HistoryControl() {
                final FootprintSnapshot first = control.publishNext();

                @Override
                public String retention() {
                    return "1h@10s,24h@1m";
                }

                @Override
                public long samples() {
                    return 2;
                }

                @Override
                public long oldestEpochMillis() {
                    return TestSnapshots.EPOCH_BASE_MILLIS;
                }

                @Override
                public long retainedBytes() {
                    return 807_240;
                }

                @Override
                public List<Growth> growth() {
                    return List.of(
                            new Growth("malloc", 3600.0, Double.NaN, 1.5),
                            new Growth("total", 0, 0, 0));
                }

                @Override
                public List<Sample> samples(long from, long to) {
                    long[] v = new long[Region.count()];
                    return List.of(
                            new Sample(from, v, v, v, v, 20, -1, -1),
                            new Sample(from + 1000, v, v, v, v, 21, -1, -1));
                }

                @Override
                public FootprintSnapshot takeBaseline() {
                    return first;
                }

                @Override
                public FootprintSnapshot baseline() {
                    return first;
                }

                @Override
                public List<DiffTopRow> diffTop() {
                    return List.of(new DiffTopRow("thread", "worker-1 (42)", 0, 4096));
                }
            };

    @Test
    void interfaceAndInfoAgreeAndTablesReadBack() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        WrssMBeans.Registration reg = WrssMBeans.registerDetailed(server, control, history);
        assertTrue(reg.problems().isEmpty(), reg.problems().toString());
        ObjectName name = new ObjectName(HistoryMXBean.OBJECT_NAME);
        MBeanInfo info = server.getMBeanInfo(name);
        Set<String> fromInfo = new TreeSet<>();
        for (MBeanAttributeInfo a : info.getAttributes()) {
            fromInfo.add("get" + a.getName());
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            fromInfo.add(o.getName());
        }
        Set<String> fromInterface = new TreeSet<>();
        for (Method m : HistoryMXBean.class.getMethods()) {
            fromInterface.add(m.getName());
        }
        assertEquals(fromInterface, fromInfo);

        control.publishNext();
        // TabularData results rule out an MXBean proxy: read as a console does, by name
        assertEquals("1h@10s,24h@1m", server.getAttribute(name, "Retention"));
        assertEquals(807_240L, server.getAttribute(name, "RetainedBytes"));
        CompositeData malloc =
                ((TabularData) server.getAttribute(name, "Growth")).get(new Object[] {"malloc"});
        assertEquals(3600.0, malloc.get("last10m"));
        assertTrue(Double.isNaN((Double) malloc.get("last1h")));
        TabularData samples =
                (TabularData)
                        server.invoke(
                                name,
                                "samples",
                                new Object[] {5000L, 9000L},
                                new String[] {"long", "long"});
        assertEquals(2 * (Region.count() + 1), samples.size());
        assertEquals(21L, samples.get(new Object[] {6000L, "total"}).get("threads"));
        TabularData diff = (TabularData) server.invoke(name, "diff", new Object[0], new String[0]);
        assertEquals(Region.count() + 1, diff.size());
        CompositeData heap = diff.get(new Object[] {"java_heap"});
        assertEquals((Long) heap.get("now") - (Long) heap.get("baseline"), heap.get("delta"));
        assertEquals(
                1,
                ((TabularData) server.invoke(name, "diffTop", new Object[0], new String[0]))
                        .size());
        assertEquals(
                Region.count(),
                ((TabularData) server.invoke(name, "baseline", new Object[0], new String[0]))
                        .size());
    }
}
