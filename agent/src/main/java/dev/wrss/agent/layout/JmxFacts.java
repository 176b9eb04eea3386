package dev.wrss.agent.layout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * {@link JvmFacts} read through an MBean server, local or remote: the DiagnosticCommand MBean, the HotSpot
 * diagnostic MBean's VM options and the memory pools. One class though past 250 lines: every method is one
 * {@link JvmFacts} answer over the same connection and ObjectNames, with its own fallback.
 */
final class JmxFacts implements JvmFacts {

    private static final String[] STRING_ARRAY_SIGNATURE = {String[].class.getName()};

    private final MBeanServerConnection jvm;
    private final boolean inProcess;

    /** In process: kept, as ManagementFactory.getThreadMXBean() allocates ~800 bytes a call. */
    private java.lang.management.ThreadMXBean threads;

    private ObjectName threading;
    private ObjectName dcmd;
    private ObjectName hotspot;
    private ObjectName memory;
    private ObjectName[] codePools;
    private ObjectName metaspacePool;
    private ObjectName classPool;
    private String problem;

    JmxFacts(MBeanServerConnection jvm) {
        this.jvm = jvm;
        // a remote connection is never an MBeanServer: asking for the platform one would create it
        // in the CLI
        this.inProcess =
                jvm instanceof MBeanServer && jvm == ManagementFactory.getPlatformMBeanServer();
        try {
            dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
            hotspot = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
            memory = new ObjectName("java.lang:type=Memory");
            threading = new ObjectName("java.lang:type=Threading");
        } catch (Exception e) {
            problem = "bad ObjectName: " + e;
        }
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public boolean inProcess() {
        return inProcess;
    }

    /**
     * Java threads started since the JVM began (monotonic), or -1 if unknown: a thread that replaced another
     * between two scans leaves the thread count as it was but moves this. In process a plain call that
     * allocates nothing; no problem is noted when it fails (the caller falls back to relisting by time).
     */
    @Override
    public long startedThreads() {
        try {
            if (inProcess) {
                if (threads == null) {
                    threads = ManagementFactory.getThreadMXBean();
                }
                return threads.getTotalStartedThreadCount();
            }
            return (Long) jvm.getAttribute(threading, "TotalStartedThreadCount");
        } catch (Exception | LinkageError e) {
            return -1;
        }
    }

    /**
     * The names of the live Java threads, without stopping the JVM: ThreadMXBean.getThreadInfo with no stack
     * depth reads each thread under a thread-list handle, where Thread.print (and any stack depth) runs as a
     * safepoint operation. Null if the target does not answer it (the command line's attach connection).
     */
    @Override
    public String[] javaThreadNames() {
        try {
            java.lang.management.ThreadMXBean mx;
            if (inProcess) {
                if (threads == null) {
                    threads = ManagementFactory.getThreadMXBean();
                }
                mx = threads;
            } else {
                mx =
                        ManagementFactory.newPlatformMXBeanProxy(
                                jvm,
                                ManagementFactory.THREAD_MXBEAN_NAME,
                                java.lang.management.ThreadMXBean.class);
            }
            return ProcessFacts.threadNames(mx);
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    @Override
    public String command(String name, String... args) {
        String operation = operationName(name);
        try {
            Object out = jvm.invoke(dcmd, operation, new Object[] {args}, STRING_ARRAY_SIGNATURE);
            return out instanceof String ? (String) out : null;
        } catch (Exception | LinkageError e) {
            note("DiagnosticCommand " + operation + " unavailable: " + e);
            return null;
        }
    }

    @Override
    public long vmOption(String name) {
        try {
            return Long.parseLong((String) vmOptionData(name).get("value"));
        } catch (Exception | LinkageError e) {
            note("VM option " + name + " unavailable: " + e);
            return -1;
        }
    }

    @Override
    public VmOption vmOptionWithOrigin(String name) {
        try {
            CompositeData d = vmOptionData(name);
            return new VmOption(String.valueOf(d.get("value")), String.valueOf(d.get("origin")));
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    @Override
    public boolean vmFlag(String name) {
        try {
            return "true".equals(vmOptionData(name).get("value"));
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** HotSpotDiagnosticMXBean.getVMOption's answer: value, origin, writeable. */
    private CompositeData vmOptionData(String name) throws Exception {
        return (CompositeData)
                jvm.invoke(
                        hotspot,
                        "getVMOption",
                        new Object[] {name},
                        new String[] {String.class.getName()});
    }

    @Override
    public long heapCommittedBytes() {
        return committed(memory, "HeapMemoryUsage");
    }

    @Override
    public long metaspaceCommittedBytes() {
        findPools();
        return committed(metaspacePool, "Usage");
    }

    @Override
    public long classSpaceCommittedBytes() {
        findPools();
        return committed(classPool, "Usage");
    }

    @Override
    public long codeCommittedBytes() {
        findPools();
        if (codePools.length == 0) {
            return -1;
        }
        long sum = 0;
        for (ObjectName pool : codePools) {
            long bytes = committed(pool, "Usage");
            if (bytes < 0) {
                return -1;
            }
            sum += bytes;
        }
        return sum;
    }

    /**
     * The DiagnosticCommand MBean's operation for a jcmd command, named as the JDK's DiagnosticCommandImpl names
     * it: {@code GC.heap_info} is {@code gcHeapInfo}, {@code VM.system_properties} is {@code vmSystemProperties}.
     */
    static String operationName(String command) {
        StringBuilder sb = new StringBuilder(command.length());
        boolean firstWord = true;
        boolean upper = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '.' || c == '_') {
                firstWord = false;
                upper = true;
            } else if (upper) {
                sb.append(Character.toUpperCase(c));
                upper = false;
            } else {
                sb.append(firstWord ? Character.toLowerCase(c) : c);
            }
        }
        return sb.toString();
    }

    private void findPools() {
        if (codePools != null) {
            return;
        }
        List<ObjectName> code = new ArrayList<>();
        try {
            Set<ObjectName> names =
                    jvm.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null);
            for (ObjectName n : names) {
                String pool = n.getKeyProperty("name");
                if (pool.startsWith("CodeHeap") || pool.equals("CodeCache")) {
                    code.add(n);
                } else if (pool.equals("Metaspace")) {
                    metaspacePool = n;
                } else if (pool.equals("Compressed Class Space")) {
                    classPool = n;
                }
            }
        } catch (Exception e) {
            note("memory pools unavailable: " + e);
        }
        codePools = code.toArray(new ObjectName[0]);
    }

    private long committed(ObjectName name, String attribute) {
        if (name == null) {
            return -1;
        }
        try {
            return (Long) ((CompositeData) jvm.getAttribute(name, attribute)).get("committed");
        } catch (Exception | LinkageError e) {
            note(name + " " + attribute + " unavailable: " + e);
            return -1;
        }
    }

    private void note(String why) {
        if (problem == null) {
            problem = why;
        }
    }
}
