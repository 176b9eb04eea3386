package dev.wrss.agent.layout;

import javax.management.MBeanServerConnection;

/**
 * The facts about a JVM that its layout is built from: diagnostic commands' text, VM options, and what the
 * platform MXBeans say. Implemented over JMX ({@link JmxFacts}, in the agent and for remote connections) and
 * over the attach API (the command line's {@code --no-agent} path). Every method answers null or -1 instead of
 * throwing, and the first failure is kept for {@link #problem()}.
 */
public interface JvmFacts {

    /** Facts read through an MBean server: the platform one of this process, or a remote connection. */
    static JvmFacts over(MBeanServerConnection jvm) {
        return new JmxFacts(jvm);
    }

    /**
     * Facts of this JVM read without its platform MBeanServer (which it would create), so they can be read
     * before the application configured JMX and logging; without instrumentation (tests), through the server.
     */
    static JvmFacts inThisProcess(java.lang.instrument.Instrumentation inst) {
        return inst == null
                ? new JmxFacts(java.lang.management.ManagementFactory.getPlatformMBeanServer())
                : new ProcessFacts(inst);
    }

    /**
     * The text a diagnostic command prints, by its jcmd name and arguments, e.g. {@code "VM.metaspace",
     * "vslist"}; null if it failed or is not answered.
     */
    String command(String name, String... args);

    /** A numeric VM option, e.g. ThreadStackSize (in KB), or -1. */
    long vmOption(String name);

    /**
     * A VM option's value as the JVM prints it and where it came from ({@code DEFAULT}, {@code ERGONOMIC},
     * {@code VM_CREATION}, {@code ENVIRON_VAR}, ...), or null if it cannot be read. Notes no problem.
     */
    default VmOption vmOptionWithOrigin(String name) {
        return null;
    }

    /** A VM option's text value and its origin, as HotSpotDiagnosticMXBean.getVMOption gives them. */
    record VmOption(String value, String origin) {}

    /** A boolean VM option; false when it is off or cannot be read (false is every such flag's default). */
    boolean vmFlag(String name);

    /** Whether these are facts of the JVM this code runs in, whose MXBeans can be called directly. */
    default boolean inProcess() {
        return false;
    }

    /** Java threads started since the JVM began (monotonic), or -1 if unknown. */
    default long startedThreads() {
        return -1;
    }

    /** The names of the live Java threads, read without a safepoint, or null if not answered. */
    default String[] javaThreadNames() {
        return null;
    }

    /** Committed bytes of the heap as the JVM reports them, or -1. */
    default long heapCommittedBytes() {
        return -1;
    }

    /** Committed bytes of the "Metaspace" pool (class space included), or -1. */
    default long metaspaceCommittedBytes() {
        return -1;
    }

    /** Committed bytes of the "Compressed Class Space" pool, or -1. */
    default long classSpaceCommittedBytes() {
        return -1;
    }

    /** Committed bytes of the code cache's pools together, or -1. */
    default long codeCommittedBytes() {
        return -1;
    }

    /** Why some facts are missing, or null. */
    String problem();
}
