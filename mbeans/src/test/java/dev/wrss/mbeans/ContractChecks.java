package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JMX contract as a client sees it, run once in-process and once over a real RMI connector by the
 * subclasses: the fixture, and the metadata: names, descriptions, units, open types, table items.
 */
abstract class ContractChecks {

    static final ObjectName FOOTPRINT = WrssMBeans.objectName(FootprintMXBean.OBJECT_NAME);

    final SwappingControl control = new SwappingControl();
    final MBeanServer server = MBeanServerFactory.newMBeanServer();
    List<ObjectName> names;

    /** A connection to {@link #server}. */
    abstract MBeanServerConnection connection() throws Exception;

    /** How many bulk reads the torn-read check needs at least; remote reads are slower. */
    abstract int minimumReads();

    @BeforeEach
    void register() {
        control.publishNext();
        control.publishNext();
        control.publishNext(); // SnapshotId 3
        names = WrssMBeans.register(server, control);
    }

    @AfterEach
    void unregister() {
        WrssMBeans.unregister(server, names);
    }

    @Test
    void everyNameIsVisibleToTheClient() throws Exception {
        Set<String> seen = new TreeSet<>();
        connection()
                .queryNames(new ObjectName("wrss:*"), null)
                .forEach(n -> seen.add(n.toString()));
        assertEquals(new TreeSet<>(WrssMBeansTest.expectedNames()), seen);
    }

    @Test
    void descriptionsSayMoreThanTheNameAndCarryUnits() throws Exception {
        for (ObjectName name : names) {
            MBeanInfo info = connection().getMBeanInfo(name);
            assertTrue(info.getDescription().length() > 20, name + " description");
            assertEquals("true", info.getDescriptor().getFieldValue("mxbean"));
            String intf = (String) info.getDescriptor().getFieldValue("interfaceClassName");
            assertTrue(intf.startsWith("dev.wrss.mbeans.") && intf.endsWith("MXBean"), intf);
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertTrue(a instanceof OpenMBeanAttributeInfo, a.getName());
                assertNotEquals(a.getName(), a.getDescription());
                assertTrue(
                        a.getDescription().length() > 15 && a.getDescription().contains(" "),
                        a.getDescription());
                assertEquals(
                        expectedUnits(a.getName()),
                        a.getDescriptor().getFieldValue("units"),
                        name + " " + a.getName());
            }
            for (MBeanOperationInfo o : info.getOperations()) {
                assertTrue(o.getDescription().length() > 15, o.getName());
            }
        }
    }

    static String expectedUnits(String attribute) {
        if (attribute.endsWith("Millis")) {
            return "milliseconds";
        }
        if (attribute.endsWith("Nanos")) {
            return "nanoseconds";
        }
        return Set.of(
                                "Rss",
                                "Pss",
                                "Uss",
                                "Swap",
                                "SwapPss",
                                "Virtual",
                                "Committed",
                                "SelfRetainedBytes",
                                "Limit",
                                "Usage",
                                "Headroom",
                                "Anon",
                                "File",
                                "Shmem",
                                "VmstatMapped",
                                "MeminfoMapped",
                                "ProcessPss",
                                "Max",
                                "ConfiguredMax",
                                "LimitMargin",
                                "WorkingSet",
                                "Outstanding",
                                "Retained",
                                "RetainedResident",
                                "DirectBuffers",
                                "MappedBuffers",
                                "Other",
                                "LastTrimBytes",
                                "PssThreshold")
                        .contains(attribute)
                ? "bytes"
                : null;
    }

    @Test
    void everyValueIsOfItsDeclaredOpenTypeAndReadingNeverScans() throws Exception {
        for (ObjectName name : names) {
            MBeanInfo info = connection().getMBeanInfo(name);
            Map<String, Object> values = readAll(name);
            assertEquals(info.getAttributes().length, values.size(), name.toString());
            for (MBeanAttributeInfo a : info.getAttributes()) {
                Object v = values.get(a.getName());
                assertTrue(
                        ((OpenMBeanAttributeInfo) a).getOpenType().isValue(v),
                        name + " " + a.getName() + "=" + v);
                if (v instanceof Object[] array) { // arrays compare by content
                    assertEquals(
                            List.of(array),
                            List.of((Object[]) connection().getAttribute(name, a.getName())));
                } else if (!a.getName()
                        .equals("DataAgeMillis")) { // the one value that moves with the clock
                    assertEquals(v, connection().getAttribute(name, a.getName()), a.getName());
                }
            }
        }
        assertEquals(0, control.scans.get(), "getters must not scan");
    }

    @Test
    void tablesHaveThePublishedIndexAndItems() throws Exception {
        assertItems(
                tableType(FOOTPRINT, "Regions"),
                "region",
                "region",
                "rss",
                "pss",
                "uss",
                "swap",
                "swapPss",
                "virtual",
                "mappings");
        assertItems(
                tableType(WrssMBeans.objectName(ThreadStacksMXBean.OBJECT_NAME), "Threads"),
                "tid",
                "tid",
                "name",
                "rss",
                "pss",
                "virtual");
        assertItems(
                tableType(WrssMBeans.objectName(MappedFilesMXBean.OBJECT_NAME), "Files"),
                "path",
                "path",
                "inode",
                "deleted",
                "rss",
                "pss",
                "uss",
                "virtual",
                "mappings");
        MBeanOperationInfo mappings =
                Arrays.stream(connection().getMBeanInfo(FOOTPRINT).getOperations())
                        .filter(o -> o.getName().equals("mappings"))
                        .findFirst()
                        .orElseThrow();
        TabularData rows = (TabularData) connection().invoke(FOOTPRINT, "mappings", null, null);
        assertItems(
                rows.getTabularType(),
                "start",
                "start",
                "end",
                "perms",
                "path",
                "offset",
                "region",
                "rss",
                "pss",
                "uss",
                "swap");
        assertEquals(TabularData.class.getName(), mappings.getReturnType());
        TabularData regions = (TabularData) connection().getAttribute(FOOTPRINT, "Regions");
        assertEquals(Region.count(), regions.size());
        CompositeData heap = regions.get(new Object[] {"java_heap"});
        assertEquals(
                TestSnapshots.usage(3, Region.JAVA_HEAP.ordinal()).pssBytes(), heap.get("pss"));
    }

    private TabularType tableType(ObjectName name, String attribute) throws Exception {
        return ((TabularData) connection().getAttribute(name, attribute)).getTabularType();
    }

    private static void assertItems(TabularType type, String index, String... items) {
        assertEquals(List.of(index), type.getIndexNames());
        assertEquals(new TreeSet<>(List.of(items)), type.getRowType().keySet());
        for (String item : items) {
            assertNotEquals(item, type.getRowType().getDescription(item));
        }
    }

    @Test
    void interfacesAndMBeanInfoDescribeTheSameAttributesAndOperations() throws Exception {
        Map<Class<?>, ObjectName> beans =
                Map.of(
                        FootprintMXBean.class,
                        FOOTPRINT,
                        RegionMXBean.class,
                        WrssMBeans.regionName(Region.OTHER),
                        ThreadStacksMXBean.class,
                        WrssMBeans.objectName(ThreadStacksMXBean.OBJECT_NAME),
                        MappedFilesMXBean.class,
                        WrssMBeans.objectName(MappedFilesMXBean.OBJECT_NAME),
                        SystemMXBean.class,
                        WrssMBeans.objectName(SystemMXBean.OBJECT_NAME),
                        PagesMXBean.class,
                        WrssMBeans.objectName(PagesMXBean.OBJECT_NAME),
                        NativeHeapMXBean.class,
                        WrssMBeans.objectName(NativeHeapMXBean.OBJECT_NAME));
        for (Map.Entry<Class<?>, ObjectName> e : beans.entrySet()) {
            MBeanInfo info = connection().getMBeanInfo(e.getValue());
            Set<String> fromInfo = new TreeSet<>();
            for (MBeanAttributeInfo a : info.getAttributes()) {
                fromInfo.add("get" + a.getName() + ":" + a.getType());
                if (a.isWritable()) {
                    fromInfo.add("set" + a.getName() + ":void");
                }
            }
            for (MBeanOperationInfo o : info.getOperations()) {
                fromInfo.add(o.getName() + ":" + o.getReturnType());
            }
            Set<String> fromInterface = new TreeSet<>();
            for (Method m : e.getKey().getMethods()) {
                Class<?> type =
                        m.getName().startsWith("set") ? void.class : boxed(m.getReturnType());
                // a boolean attribute X reads as isX, as MemoryPoolMXBean's
                // isUsageThresholdExceeded
                String getter =
                        m.getName().startsWith("is")
                                ? "get" + m.getName().substring(2)
                                : m.getName();
                fromInterface.add(getter + ":" + type.getName());
            }
            assertEquals(fromInterface, fromInfo, e.getKey().getSimpleName());
            assertEquals(
                    e.getKey().getName(), info.getDescriptor().getFieldValue("interfaceClassName"));
        }
    }

    private static Class<?> boxed(Class<?> c) {
        return c == long.class
                ? Long.class
                : c == int.class ? Integer.class : c == boolean.class ? Boolean.class : c;
    }

    Map<String, Object> readAll(ObjectName name) throws Exception {
        String[] attributes =
                Arrays.stream(connection().getMBeanInfo(name).getAttributes())
                        .map(MBeanAttributeInfo::getName)
                        .toArray(String[]::new);
        return toMap(connection().getAttributes(name, attributes));
    }

    static Map<String, Object> toMap(AttributeList list) {
        Map<String, Object> m = new HashMap<>();
        for (Attribute a : list.asList()) {
            m.put(a.getName(), a.getValue());
        }
        return m;
    }
}
