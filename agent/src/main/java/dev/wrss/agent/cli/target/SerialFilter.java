package dev.wrss.agent.cli.target;

import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * The process-wide deserialization filter of the command line, installed before anything touches a target: what
 * a target sends back over JMX (RMI) may only be the JMX open types, ObjectName, Attribute(List), boxed values,
 * the collections open types use, the RMI stubs of the connection, and exceptions of the JDK and JMX; everything
 * else, and graphs beyond the limits below, is rejected before it is built.
 */
public final class SerialFilter implements ObjectInputFilter {

    /** Deep enough for a TabularData of CompositeData with its types and an exception's cause chain. */
    static final long MAX_DEPTH = 40;

    /** The largest reply is mappings(): a row of about 25 objects per mapping, so room for 100,000 mappings. */
    static final long MAX_REFERENCES = 3_000_000;

    static final long MAX_ARRAY_LENGTH = 1_000_000;
    static final long MAX_BYTES = 256L << 20;

    private static final Set<String> ALLOWED =
            Set.of(
                    "java.lang.Object",
                    "java.lang.String",
                    "java.lang.Boolean",
                    "java.lang.Byte",
                    "java.lang.Character",
                    "java.lang.Short",
                    "java.lang.Integer",
                    "java.lang.Long",
                    "java.lang.Float",
                    "java.lang.Double",
                    "java.lang.Number",
                    "java.lang.StackTraceElement",
                    "java.math.BigInteger",
                    "java.math.BigDecimal",
                    "java.util.Date",
                    "java.util.Map$Entry",
                    "java.util.HashMap",
                    "java.util.TreeMap",
                    "java.util.LinkedHashMap",
                    "java.util.ArrayList",
                    "java.util.Arrays$ArrayList",
                    "java.util.Collections$EmptyList",
                    "java.util.Collections$UnmodifiableCollection",
                    "java.util.Collections$UnmodifiableList",
                    "java.util.Collections$UnmodifiableRandomAccessList",
                    "javax.management.ObjectName",
                    "javax.management.Attribute",
                    "javax.management.AttributeList",
                    "javax.management.openmbean.OpenType",
                    "javax.management.openmbean.SimpleType",
                    "javax.management.openmbean.ArrayType",
                    "javax.management.openmbean.CompositeType",
                    "javax.management.openmbean.TabularType",
                    "javax.management.openmbean.CompositeDataSupport",
                    "javax.management.openmbean.TabularDataSupport",
                    // the connection: the stubs the target hands out, and the distributed GC's
                    // lease
                    "java.rmi.server.RemoteObject",
                    "java.rmi.server.RemoteStub",
                    "javax.management.remote.rmi.RMIServerImpl_Stub",
                    "javax.management.remote.rmi.RMIConnectionImpl_Stub",
                    "java.rmi.dgc.Lease",
                    "java.rmi.dgc.VMID",
                    "java.rmi.server.UID",
                    "java.rmi.server.ObjID");

    private static final boolean DEBUG = "1".equals(System.getenv("WRSS_DEBUG"));

    @Override
    public Status checkInput(FilterInfo info) {
        Status s = decide(info);
        if (DEBUG && s == Status.REJECTED) {
            System.err.println(
                    "wrss: deserialization filter rejected "
                            + info.serialClass()
                            + " (depth "
                            + info.depth()
                            + ", references "
                            + info.references()
                            + ", bytes "
                            + info.streamBytes()
                            + ", array length "
                            + info.arrayLength()
                            + ")");
        }
        return s;
    }

    private static Status decide(FilterInfo info) {
        if (info.depth() > MAX_DEPTH
                || info.references() > MAX_REFERENCES
                || info.streamBytes() > MAX_BYTES
                || info.arrayLength() > MAX_ARRAY_LENGTH) {
            return Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return Status.UNDECIDED; // a limits-only check (a back-reference, a block of data)
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return allowed(c) ? Status.ALLOWED : Status.REJECTED;
    }

    static boolean allowed(Class<?> c) {
        if (c.isPrimitive() || ALLOWED.contains(c.getName())) {
            return true;
        }
        // what a failed call throws: the JDK's and JMX's own exceptions carry no behaviour on
        // deserialization
        String n = c.getName();
        return Throwable.class.isAssignableFrom(c)
                && c.getClassLoader() == null
                && (n.startsWith("java.") || n.startsWith("javax.management."));
    }

    /**
     * Installs the filter for the whole process, before any stream exists. A JVM started with -Djdk.serialFilter
     * keeps that filter and gets ours on top of it, on every stream.
     */
    public static void install() {
        SerialFilter ours = new SerialFilter();
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(ours);
        } else {
            ObjectInputFilter.Config.setSerialFilterFactory(
                    (current, next) -> {
                        ObjectInputFilter theirs = next != null ? next : current;
                        return theirs == null ? ours : ObjectInputFilter.merge(ours, theirs);
                    });
        }
    }
}
