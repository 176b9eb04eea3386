package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class WrssMBeansTest {

    static List<String> expectedNames() {
        List<String> names =
                new ArrayList<>(
                        List.of(
                                "wrss:type=ThreadStacks",
                                "wrss:type=MappedFiles",
                                "wrss:type=System",
                                "wrss:type=Pages",
                                "wrss:type=NativeHeap"));
        for (Region r : Region.values()) {
            names.add("wrss:type=Region,name=" + r.id());
        }
        names.add("wrss:type=Footprint"); // last: a client that sees it sees the rest
        return names;
    }

    @Test
    void registersOneBeanPerRegionAndFiveOthers() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        WrssMBeans.Registration reg =
                WrssMBeans.registerDetailed(server, new SwappingControl(), null);

        assertEquals(List.of(), reg.problems());
        assertFalse(reg.alreadyRegistered());
        assertEquals(expectedNames(), reg.registered().stream().map(ObjectName::toString).toList());
        Set<String> inServer = new TreeSet<>();
        server.queryNames(new ObjectName("wrss:*"), null).forEach(n -> inServer.add(n.toString()));
        assertEquals(new TreeSet<>(expectedNames()), inServer);
    }

    @Test
    void namesKeepTypeAsTheFirstKeyBecauseExporterRulesDependOnIt() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        WrssMBeans.register(server, new SwappingControl());
        for (ObjectName n : server.queryNames(new ObjectName("wrss:*"), null)) {
            assertTrue(n.getKeyPropertyListString().startsWith("type="), n.toString());
        }
        assertEquals(
                "type=Region,name=java_heap",
                WrssMBeans.regionName(Region.JAVA_HEAP).getKeyPropertyListString());
    }

    @Test
    void secondRegistrationLeavesTheFirstBeansInPlace() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        SwappingControl first = new SwappingControl();
        SwappingControl second = new SwappingControl();
        first.publishNext();
        first.publishNext(); // first answers SnapshotId 2, second would answer 0

        List<ObjectName> firstNames = WrssMBeans.register(server, first);
        WrssMBeans.Registration again = WrssMBeans.registerDetailed(server, second, null);

        assertEquals(List.of(), again.registered());
        assertEquals(List.of(), again.problems());
        assertTrue(again.alreadyRegistered());
        assertEquals(firstNames, again.alreadyPresent());
        ObjectName footprint = new ObjectName(FootprintMXBean.OBJECT_NAME);
        assertEquals(2L, server.getAttribute(footprint, "SnapshotId"));

        WrssMBeans.unregister(server, again.registered()); // the second agent's shutdown
        assertTrue(server.isRegistered(footprint));
        WrssMBeans.unregister(server, firstNames);
        assertTrue(server.queryNames(new ObjectName("wrss:*"), null).isEmpty());
        WrssMBeans.unregister(server, firstNames); // twice is harmless too
    }

    @Test
    void registersOnThePlatformServerAndCleansUp() throws Exception {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> names = WrssMBeans.register(platform, new SwappingControl());
        try {
            assertEquals(expectedNames().size(), names.size());
            assertEquals(
                    "starting",
                    platform.getAttribute(new ObjectName(FootprintMXBean.OBJECT_NAME), "Status"));
        } finally {
            WrssMBeans.unregister(platform, names);
        }
        assertTrue(platform.queryNames(new ObjectName("wrss:*"), null).isEmpty());
    }

    @Test
    void missingServerOrControlIsReportedNotThrown() {
        WrssMBeans.Registration noServer =
                WrssMBeans.registerDetailed(null, new SwappingControl(), null);
        assertEquals(1, noServer.problems().size());
        assertEquals(List.of(), WrssMBeans.register(MBeanServerFactory.newMBeanServer(), null));
        WrssMBeans.unregister(null, List.of());
    }
}
