package dev.wrss.agent.cli.target;

import dev.wrss.mbeans.FootprintMXBean;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappedFilesMXBean;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.NativeHeapMXBean;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionMXBean;
import dev.wrss.mbeans.RegionUsage;
import dev.wrss.mbeans.SelfCostRow;
import dev.wrss.mbeans.ThreadStacksMXBean;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;

/**
 * A JMX client of a wrss agent running in another JVM: reads its MBeans by ObjectName and attribute name
 * and rebuilds the {@link FootprintSnapshot} they publish ({@link OpenDataRows} turns their tables back into
 * records), so the command prints agent and local scans alike.
 */
public final class AgentClient implements FootprintSource {

    /** Within the command's 10 s step deadline; a cold first scan of a loaded machine takes about a second. */
    private static final long REGISTRATION_WAIT_NANOS = 5_000_000_000L;

    private final long pid;
    private final MBeanServerConnection jmx;
    private final ObjectName footprint;

    public AgentClient(long pid, MBeanServerConnection jmx) {
        this.pid = pid;
        this.jmx = jmx;
        this.footprint = name(FootprintMXBean.OBJECT_NAME);
    }

    @Override
    public FootprintSnapshot scan() {
        try {
            return scanAndRead();
        } catch (IOException | JMException | RuntimeException e) {
            throw AttachSession.failure(
                    "reading the wrss MBeans of pid " + pid + " (--no-agent measures without them)",
                    e);
        }
    }

    @Override
    public List<MappingRow> mappings() {
        try {
            return readMappings();
        } catch (IOException | JMException | RuntimeException e) {
            throw AttachSession.failure(
                    "reading the mappings of pid " + pid + " from its wrss agent", e);
        }
    }

    /** Null when the agent is too old to publish the NativeHeap bean, or it cannot be read: the table still prints. */
    @Override
    public String nativeHeapReport() {
        try {
            ObjectName nativeHeap = name(NativeHeapMXBean.OBJECT_NAME);
            return jmx.isRegistered(nativeHeap)
                    ? (String) jmx.invoke(nativeHeap, "report", null, null)
                    : null;
        } catch (IOException | JMException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String kind() {
        return "agent";
    }

    @Override
    public String describe() {
        String v;
        try {
            v = version();
        } catch (IOException | JMException e) {
            v = null;
        }
        return "the wrss agent " + (v == null ? "" : v + " ") + "in the target";
    }

    @Override
    public List<SelfCostRow> selfCost() {
        try {
            Object t = jmx.getAttribute(footprint, "SelfCost");
            if (!(t instanceof TabularData table)) {
                return List.of();
            }
            return OpenDataRows.selfCost(table);
        } catch (IOException | JMException | RuntimeException e) {
            // an agent before SelfCost, or a target that went away: the report goes on
            return List.of();
        }
    }

    static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    public boolean present() throws IOException {
        return jmx.isRegistered(footprint);
    }

    /** The agent's Implementation-Version, or null for an agent that does not publish one. */
    public String version() throws IOException, JMException {
        try {
            Object v = jmx.getAttribute(footprint, "Version");
            return v == null ? null : v.toString();
        } catch (AttributeNotFoundException e) {
            return null;
        }
    }

    public long intervalMillis() throws IOException, JMException {
        return ((Number) jmx.getAttribute(footprint, "IntervalMillis")).longValue();
    }

    public void setIntervalMillis(long millis) throws IOException, JMException {
        jmx.setAttribute(footprint, new Attribute("IntervalMillis", millis));
    }

    long scanCount() throws IOException, JMException {
        return ((Number) jmx.getAttribute(footprint, "ScanCount")).longValue();
    }

    /** The published java_heap PSS, without asking for a scan. */
    public long heapPssBytes() throws IOException, JMException {
        return ((Number)
                        jmx.getAttribute(
                                name(RegionMXBean.OBJECT_NAME_PREFIX + Region.JAVA_HEAP.id()),
                                "Pss"))
                .longValue();
    }

    /**
     * The agent registers its MBeans once its start gate opens, which the command's own JMX connection opens (it
     * starts the target's management agent), after a first scan: wait a little for them rather than fail.
     */
    private void awaitRegistration() throws IOException {
        long deadline = System.nanoTime() + REGISTRATION_WAIT_NANOS;
        while (!jmx.isRegistered(footprint) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Asks the agent for a fresh scan and reads it back, with thread stacks and mapped files. */
    FootprintSnapshot scanAndRead() throws IOException, JMException {
        awaitRegistration();
        jmx.invoke(footprint, "scan", new Object[0], new String[0]);
        Map<String, Object> a =
                attributes(
                        footprint,
                        "SnapshotId",
                        "LastScanEpochMillis",
                        "LastScanDurationNanos",
                        "Mode",
                        "Status",
                        "Regions");
        RegionUsage[] regions = OpenDataRows.regions((TabularData) a.get("Regions"));
        long[] committed = new long[Region.count()];
        for (int i = 0; i < committed.length; i++) {
            ObjectName n = name(RegionMXBean.OBJECT_NAME_PREFIX + Region.ofOrdinal(i).id());
            committed[i] = ((Number) jmx.getAttribute(n, "Committed")).longValue();
        }
        Map<String, Object> t =
                attributes(name(ThreadStacksMXBean.OBJECT_NAME), "Threads", "Count");
        Map<String, Object> f = attributes(name(MappedFilesMXBean.OBJECT_NAME), "Files", "Count");
        return new FootprintSnapshot(
                l(a, "SnapshotId"),
                l(a, "LastScanEpochMillis"),
                l(a, "LastScanDurationNanos"),
                (String) a.get("Mode"),
                (String) a.get("Status"),
                regions,
                committed,
                OpenDataRows.threads((TabularData) t.get("Threads")),
                ((Number) t.get("Count")).intValue(),
                OpenDataRows.files((TabularData) f.get("Files")),
                ((Number) f.get("Count")).intValue());
    }

    /** Every mapping of the target, from a fresh scan by the agent. */
    List<MappingRow> readMappings() throws IOException, JMException {
        awaitRegistration();
        TabularData table =
                (TabularData) jmx.invoke(footprint, "mappings", new Object[0], new String[0]);
        return OpenDataRows.mappings(table);
    }

    private Map<String, Object> attributes(ObjectName n, String... names)
            throws IOException, JMException {
        AttributeList list = jmx.getAttributes(n, names);
        Map<String, Object> out = new HashMap<>();
        for (Attribute attr : list.asList()) {
            out.put(attr.getName(), attr.getValue());
        }
        for (String name : names) {
            if (!out.containsKey(name)) {
                throw new AttributeNotFoundException(n + " has no attribute " + name);
            }
        }
        return out;
    }

    private static long l(Map<String, Object> a, String name) {
        return ((Number) a.get(name)).longValue();
    }
}
