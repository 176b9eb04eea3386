package dev.wrss.agent.layout;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * {@link JvmFacts} of the JVM this code runs in, read without the platform MBeanServer: the platform MXBeans
 * called directly (the committed sizes are read by {@link CommittedSizes} itself, in process), and diagnostic commands through the JDK's own {@code DiagnosticCommandImpl}, whose package
 * the agent opens to itself with {@link Instrumentation#redefineModule}. Neither creates the MBeanServer nor
 * initialises {@code java.util.logging}, so the agent can measure before the application configured them.
 */
final class ProcessFacts implements JvmFacts {

    private static final String DCMD_PACKAGE = "com.sun.management.internal";

    private final MethodHandle
            execute; // (String) -> String, bound to the DiagnosticCommandImpl; null if none
    private final ThreadMXBean threads;
    private final HotSpotDiagnosticMXBean hotspot;
    private volatile String problem;

    ProcessFacts(Instrumentation inst) {
        this.execute = diagnosticCommands(inst);
        this.threads = ManagementFactory.getThreadMXBean();
        this.hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    }

    private MethodHandle diagnosticCommands(Instrumentation inst) {
        try {
            Module management = ModuleLayer.boot().findModule("jdk.management").orElse(null);
            if (inst == null || management == null) {
                note(
                        "diagnostic commands unavailable: no jdk.management module or no instrumentation");
                return null;
            }
            Module ours = ProcessFacts.class.getModule();
            if (!management.isOpen(DCMD_PACKAGE, ours)) {
                inst.redefineModule(
                        management,
                        Set.of(),
                        Map.of(),
                        Map.of(DCMD_PACKAGE, Set.of(ours)),
                        Set.of(),
                        Map.of());
            }
            // the provider's class initialiser loads libmanagement_ext, which holds the native
            // method
            Class.forName(DCMD_PACKAGE + ".PlatformMBeanProviderImpl", true, null);
            Class<?> impl = Class.forName(DCMD_PACKAGE + ".DiagnosticCommandImpl", true, null);
            MethodHandles.Lookup lookup =
                    MethodHandles.privateLookupIn(impl, MethodHandles.lookup());
            Object instance =
                    lookup.findStatic(
                                    impl,
                                    "getDiagnosticCommandMBean",
                                    MethodType.methodType(
                                            com.sun.management.DiagnosticCommandMBean.class))
                            .invoke();
            if (instance == null) {
                note("diagnostic commands unavailable: this VM has none");
                return null;
            }
            return lookup.findVirtual(
                            impl,
                            "executeDiagnosticCommand",
                            MethodType.methodType(String.class, String.class))
                    .bindTo(instance);
        } catch (Throwable t) {
            note("diagnostic commands unavailable: " + t);
            return null;
        }
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public String command(String name, String... args) {
        if (execute == null) {
            return null;
        }
        StringBuilder line = new StringBuilder(name);
        for (String a : args) {
            line.append(' ').append(a);
        }
        try {
            return (String) execute.invokeExact(line.toString());
        } catch (Throwable t) {
            note("diagnostic command " + name + " failed: " + t);
            return null;
        }
    }

    @Override
    public long vmOption(String name) {
        try {
            return Long.parseLong(hotspot.getVMOption(name).getValue());
        } catch (RuntimeException e) {
            note("VM option " + name + " unavailable: " + e);
            return -1;
        }
    }

    @Override
    public VmOption vmOptionWithOrigin(String name) {
        try {
            VMOption o = hotspot.getVMOption(name);
            return new VmOption(o.getValue(), o.getOrigin().name());
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean vmFlag(String name) {
        try {
            return "true".equals(hotspot.getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public long startedThreads() {
        try {
            return threads.getTotalStartedThreadCount();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The live Java threads' names, without a safepoint: no stack depth is asked for. */
    @Override
    public String[] javaThreadNames() {
        try {
            return threadNames(threads);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Without a stack depth, ThreadMXBean reads each thread under a handle, not at a safepoint. */
    static String[] threadNames(ThreadMXBean mx) {
        ThreadInfo[] infos = mx.getThreadInfo(mx.getAllThreadIds(), 0);
        String[] names = new String[infos.length];
        int n = 0;
        for (ThreadInfo info : infos) {
            if (info != null) { // ended since it was listed
                names[n++] = info.getThreadName();
            }
        }
        return Arrays.copyOf(names, n);
    }

    private void note(String why) {
        if (problem == null) {
            problem = why;
        }
    }
}
