package dev.wrss.agent;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.management.MBeanServerFactory;

/**
 * Holds the agent back until it may touch JVM-wide facilities: the platform MBeanServer (and with it
 * {@code javax.management.builder.initial}) and java.util.logging. Scans need neither (the layout's facts come
 * from the platform MXBeans and the JDK's diagnostic commands called directly), so they may run while it is
 * shut, for a flight recording that wants data from the first seconds.
 * Whoever touches one of them first fixes it for the life of the JVM, so an agent that started at premain
 * would choose for an application that configures them in {@code main} (JBoss LogManager in WildFly and every
 * JBoss Modules application; a custom MBeanServer builder).
 *
 * <p>The gate opens once the application has created an MBeanServer itself (seen without creating one:
 * {@link MBeanServerFactory#findMBeanServer} lists those made by {@code createMBeanServer}, which
 * {@code getPlatformMBeanServer} uses), or once the start delay has passed; and in both cases only when a
 * log manager named by {@code java.util.logging.manager} can be found: on the system class path (JUL loads it
 * from there itself), or already loaded by whatever loader the application uses. Checked every 100 ms, the
 * loaded classes at most every 250 ms and only once the rest holds.
 */
final class StartGate {

    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long CLASS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final long delayNanos;
    private final Instrumentation inst;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastClassCheckNanos = Long.MIN_VALUE / 2;
    private String loadedManager;

    StartGate(long delayMillis, Instrumentation inst, LongSupplier nanoClock) {
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.inst = inst;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /**
     * Waits until the gate opens and says why it opened, running {@code whileShut} at every check until then. An interrupt is a wake-up: cleared, and the wait goes on,
     * so an application that interrupts every thread costs the gate one extra check per interrupt, never a spin.
     */
    String await(Runnable whileShut) {
        while (true) {
            String why = openedBecause();
            if (why != null) {
                return why;
            }
            whileShut.run();
            LockSupport.parkNanos(POLL_NANOS);
            Thread.interrupted();
        }
    }

    /** Why the gate is open now, or null while it stays shut. */
    String openedBecause() {
        String why =
                serverCreated()
                        ? "the application created its MBeanServer"
                        : nanoClock.getAsLong() - startNanos >= delayNanos
                                ? "startDelay "
                                        + TimeUnit.NANOSECONDS.toMillis(delayNanos)
                                        + " ms passed"
                                : null;
        if (why == null || !logManagerReady()) {
            return null;
        }
        return why;
    }

    private static boolean serverCreated() {
        try {
            return !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (Throwable t) {
            return false; // a security manager said no: wait for the delay
        }
    }

    /** False while java.util.logging.manager names a class that JUL could not load yet. */
    boolean logManagerReady() {
        String name = System.getProperty("java.util.logging.manager");
        if (name == null || name.isBlank() || name.equals(loadedManager)) {
            return true;
        }
        try {
            if (ClassLoader.getSystemResource(name.replace('.', '/') + ".class") != null) {
                loadedManager = name;
                return true;
            }
        } catch (Throwable t) {
            // unreadable class path: look among the loaded classes
        }
        long now = nanoClock.getAsLong();
        if (inst == null || now - lastClassCheckNanos < CLASS_CHECK_NANOS) {
            return false;
        }
        lastClassCheckNanos = now;
        try {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (name.equals(c.getName())) {
                    loadedManager = name;
                    return true;
                }
            }
        } catch (Throwable t) {
            // try again at the next check
        }
        return false;
    }
}
