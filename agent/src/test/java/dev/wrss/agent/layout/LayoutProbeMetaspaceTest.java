package dev.wrss.agent.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the probe lists the metaspace nodes again (VM.metaspace vslist, a safepoint that walks every class
 * loader), on the test JVM itself reached as the command line reaches a JVM (a connection, not the platform
 * server in process): every answer is the JVM's own but the non-class metaspace committed, which the
 * connection reports as the test sets it, and, where a test says so, VM.metaspace basic's text.
 */
class LayoutProbeMetaspaceTest {

    private static final long MIB = 1 << 20;

    private final AtomicLong clockNanos = new AtomicLong(1_000_000_000_000L);

    /** "basic" or "vslist", in call order. */
    private final List<String> metaspaceCalls = new ArrayList<>();

    private long nonClassCommitted;

    /** VM.metaspace basic's answer instead of the JVM's, or null for the JVM's own. */
    private String basicText;

    private LayoutProbe probe;
    private long knownReserved;

    @BeforeEach
    void firstRefreshListsTheNodes() {
        probe =
                new LayoutProbe(
                        JvmFacts.over(connection()),
                        ProcessHandle.current().pid(),
                        Path.of("/proc"),
                        clockNanos::get,
                        LayoutProbe.DEFAULT_MAX_PAUSE_NANOS,
                        null);
        nonClassCommitted = 8 * MIB;
        probe.refresh();
        assertEquals(List.of("vslist"), metaspaceCalls, "the first refresh lists the nodes");
        metaspaceCalls.clear();
        knownReserved = MetaspaceNodes.parse(dcmdVslist()).nonClassReservedBytes();
    }

    @Test
    void farFromTheKnownNodesEndNothingIsAsked() {
        grow(5, 2 * MIB);
        assertEquals(List.of(), metaspaceCalls);
    }

    @Test
    void closeToTheEndTheNodeCountIsAskedWithoutAPauseAndNothingListedWhileItStands() {
        nonClassCommitted = knownReserved - 3 * MIB;
        grow(6, 64 << 10);
        assertEquals(List.of("basic", "basic", "basic", "basic", "basic", "basic"), metaspaceCalls);
    }

    @Test
    void aNodeCountAboveTheListedNodesListsThemOnce() {
        nonClassCommitted = knownReserved - 3 * MIB;
        basicText = basicSaying(listedNodes() + 1);
        grow(1, 64 << 10);
        assertEquals(List.of("basic", "vslist"), metaspaceCalls);
    }

    @Test
    void anUnreadableNodeCountListsOnTheChanceWithinTheBudget() {
        nonClassCommitted = knownReserved - 3 * MIB;
        basicText = "Metaspace not yet initialized.\n"; // or a format of some later JDK
        grow(1, 64 << 10);
        assertEquals(List.of("basic", "vslist"), metaspaceCalls);
        metaspaceCalls.clear();
        // each within its budget (100 times its cost, at least a second): 10 ms later nothing is
        // asked
        nonClassCommitted += 64 << 10;
        clockNanos.addAndGet(10_000_000L);
        probe.refresh();
        assertEquals(List.of(), metaspaceCalls);
        grow(1, 64 << 10);
        assertEquals(List.of("basic", "vslist"), metaspaceCalls);
    }

    @Test
    void pastTheEndTheNodesAreListedWithoutAsking() {
        nonClassCommitted = knownReserved + MIB;
        grow(1, 64 << 10);
        assertEquals(List.of("vslist"), metaspaceCalls);
    }

    /** {@code times} refreshes 2 s apart (past every budget), committed growing by {@code step} before each. */
    private void grow(int times, long step) {
        for (int i = 0; i < times; i++) {
            nonClassCommitted += step;
            clockNanos.addAndGet(2_000_000_000L);
            probe.refresh();
        }
    }

    private int listedNodes() {
        return MetaspaceNodes.parse(dcmdVslist()).nonClassNodes();
    }

    private static String basicSaying(int nodes) {
        return "\nUsage:\n  Non-class:     70.16 KB used.\n\nVirtual space:\n"
                + "  Non-class space:       64.00 MB reserved,     192.00 KB ( <1%) committed,  "
                + nodes
                + " nodes.\n"
                + "      Class space:        1.00 GB reserved,     128.00 KB ( <1%) committed,  1 nodes.\n";
    }

    private static String dcmdVslist() {
        try {
            return (String)
                    ManagementFactory.getPlatformMBeanServer()
                            .invoke(
                                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                                    "vmMetaspace",
                                    new Object[] {new String[] {"vslist"}},
                                    new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The platform MBean server behind a plain connection, with the metaspace answers this test controls. */
    private MBeanServerConnection connection() {
        MBeanServerConnection server = ManagementFactory.getPlatformMBeanServer();
        return (MBeanServerConnection)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {MBeanServerConnection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("invoke")
                                    && "vmMetaspace".equals(args[1])) {
                                String mode = ((String[]) ((Object[]) args[2])[0])[0];
                                metaspaceCalls.add(mode);
                                if (mode.equals("basic") && basicText != null) {
                                    return basicText;
                                }
                            }
                            Object answer;
                            try {
                                answer = method.invoke(server, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                            if (method.getName().equals("getAttribute")
                                    && "Usage".equals(args[1])
                                    && "Metaspace"
                                            .equals(
                                                    ((ObjectName) args[0])
                                                            .getKeyProperty("name"))) {
                                // the pool holds class space too: the real class space plus the
                                // non-class the test sets
                                long klass =
                                        ((Number)
                                                        ((CompositeData)
                                                                        server.getAttribute(
                                                                                new ObjectName(
                                                                                        "java.lang:type=MemoryPool,name=Compressed Class Space"),
                                                                                "Usage"))
                                                                .get("committed"))
                                                .longValue();
                                return withCommitted(
                                        (CompositeData) answer, klass + nonClassCommitted);
                            }
                            return answer;
                        });
    }

    private static CompositeData withCommitted(CompositeData usage, long committed)
            throws Exception {
        Map<String, Object> items = new HashMap<>();
        for (String key : usage.getCompositeType().keySet()) {
            items.put(key, usage.get(key));
        }
        items.put("committed", committed);
        return new CompositeDataSupport(usage.getCompositeType(), items);
    }
}
