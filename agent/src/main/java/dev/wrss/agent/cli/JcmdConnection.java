package dev.wrss.agent.cli;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

/**
 * The few MBean calls the layout probe makes, answered by running diagnostic commands over an
 * {@link AttachSession} instead of through the target's JMX agent: {@code invoke} on DiagnosticCommand
 * and HotSpotDiagnostic.getVMOption. Everything else is "not found", which the probe reads as unknown
 * (memory pools: committed -1).
 */
final class JcmdConnection {

    /** DiagnosticCommand MBean operation names and the jcmd commands behind them. */
    static final Map<String, String> COMMANDS = Map.of(
            "gcHeapInfo", "GC.heap_info",
            "compilerCodecache", "Compiler.codecache",
            "vmMetaspace", "VM.metaspace",
            "vmInfo", "VM.info",
            "threadPrint", "Thread.print",
            "vmSystemProperties", "VM.system_properties",
            "vmFlags", "VM.flags");

    /** Everything the layout probe asks for: a full layout. */
    static final Set<String> ALL = Set.of("gcHeapInfo", "compilerCodecache", "vmMetaspace", "vmInfo",
            "threadPrint", "vmSystemProperties", "vmFlags", "getVMOption");
    /** Just the heap's address range: enough to split a process into heap and the rest. */
    static final Set<String> HEAP_ONLY = Set.of("gcHeapInfo");

    private static final String DCMD = "com.sun.management:type=DiagnosticCommand";
    private static final String HOTSPOT = "com.sun.management:type=HotSpotDiagnostic";

    private JcmdConnection() {
    }

    /**
     * @param operations the DiagnosticCommand operations to answer; others fail, so that a caller that needs
     *                   only the heap range (ps) runs one command instead of all
     */
    static MBeanServerConnection over(AttachSession session, Set<String> operations) {
        return (MBeanServerConnection) Proxy.newProxyInstance(JcmdConnection.class.getClassLoader(),
                new Class<?>[]{MBeanServerConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "invoke" -> invoke(session, operations, (ObjectName) args[0], (String) args[1],
                            (Object[]) args[2]);
                    case "isRegistered" -> isOurs((ObjectName) args[0]);
                    case "queryNames", "queryMBeans" -> Set.of();
                    case "getAttribute", "getAttributes", "getMBeanInfo" ->
                            throw new InstanceNotFoundException(args[0] + " (not answered over attach)");
                    case "toString" -> "jcmd connection to pid " + session.pid();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName() + " over attach");
                });
    }

    private static boolean isOurs(ObjectName name) {
        String n = name.getCanonicalName();
        return n.equals(canonical(DCMD)) || n.equals(canonical(HOTSPOT));
    }

    private static String canonical(String name) {
        try {
            return new ObjectName(name).getCanonicalName();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object invoke(AttachSession session, Set<String> operations, ObjectName name, String op,
                                 Object[] params) throws Exception {
        String n = name.getCanonicalName();
        try {
            if (n.equals(canonical(DCMD)) && operations.contains(op) && COMMANDS.containsKey(op)) {
                StringBuilder line = new StringBuilder(COMMANDS.get(op));
                if (params != null && params.length > 0 && params[0] instanceof String[] a) {
                    for (String arg : a) {
                        line.append(' ').append(arg);
                    }
                }
                return session.jcmd(line.toString());
            }
            if (n.equals(canonical(HOTSPOT)) && "getVMOption".equals(op) && operations.contains(op)) {
                String flag = (String) params[0];
                String value = session.flagValue(flag);
                if (value == null) {
                    throw new IllegalArgumentException("VM option " + flag + " not found");
                }
                return vmOption(flag, value);
            }
        } catch (java.io.IOException e) {
            throw new MBeanException(e, op + " over attach failed: " + e.getMessage());
        }
        throw new ReflectionException(new NoSuchMethodException(op), op + " is not answered over attach");
    }

    /** Shaped like com.sun.management.VMOption's CompositeData; the probe reads the {@code value} item. */
    private static CompositeDataSupport vmOption(String flag, String value) throws OpenDataException {
        String[] items = {"name", "value", "origin", "writeable"};
        OpenType<?>[] types = {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.BOOLEAN};
        CompositeType type = new CompositeType("VMOption", "a VM option read over attach", items, items, types);
        return new CompositeDataSupport(type, items, new Object[]{flag, value, "UNKNOWN", false});
    }
}
