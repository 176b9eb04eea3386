package dev.wrss.agent.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * What wrss says about a child, read as any JMX client would: the rows of {@code wrss:type=Footprint}'s
 * {@code mappings()} (one per mapping, sorted by address) and the rows of {@code wrss:type=ThreadStacks}.
 */
final class AgentRows {

    /** One mapping as wrss classified it; {@code path} is null for anonymous memory. */
    record Row(
            long start,
            long end,
            String perms,
            String path,
            String region,
            long rssBytes,
            long pssBytes) {
        long bytes() {
            return end - start;
        }
    }

    /** One published thread stack. */
    record Stack(long tid, String name, long rssBytes) {}

    private AgentRows() {}

    static List<Row> mappings(MBeanServerConnection c) throws Exception {
        TabularData table =
                (TabularData)
                        c.invoke(Footprints.footprint(), "mappings", new Object[0], new String[0]);
        List<Row> out = new ArrayList<>(table.size());
        for (Object o : table.values()) {
            CompositeData cd = (CompositeData) o;
            String path = (String) cd.get("path");
            out.add(
                    new Row(
                            ((Number) cd.get("start")).longValue(),
                            ((Number) cd.get("end")).longValue(),
                            (String) cd.get("perms"),
                            path == null || path.isEmpty() ? null : path,
                            (String) cd.get("region"),
                            ((Number) cd.get("rss")).longValue(),
                            ((Number) cd.get("pss")).longValue()));
        }
        out.sort(Comparator.comparingLong(Row::start));
        return out;
    }

    /** The thread stacks of the latest scan; start the child with {@code topThreads=10000} to get them all. */
    static List<Stack> threadStacks(MBeanServerConnection c) throws Exception {
        Footprints.scan(c);
        TabularData table =
                (TabularData) c.getAttribute(new ObjectName("wrss:type=ThreadStacks"), "Threads");
        List<Stack> out = new ArrayList<>(table.size());
        for (Object o : table.values()) {
            CompositeData cd = (CompositeData) o;
            out.add(
                    new Stack(
                            ((Number) cd.get("tid")).longValue(),
                            (String) cd.get("name"),
                            ((Number) cd.get("rss")).longValue()));
        }
        return out;
    }
}
