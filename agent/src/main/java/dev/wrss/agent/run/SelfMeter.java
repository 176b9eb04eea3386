package dev.wrss.agent.run;

import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.SelfCostRow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The agent's own cost as the attributes publish it: the scanner thread's CPU, the agent's classes and the heap
 * it retains, measured after each scan on the scanner thread and read by any thread; {@link SelfCost} spreads
 * them over the regions.
 */
final class SelfMeter {

    /**
     * Heap the JVM keeps because the agent runs, whatever the process looks like: the management machinery its
     * calls create (platform MXBeans, the diagnostic commands, MBean metadata), its classes' mirrors and
     * constants. Measured (RetainedHeap with 200, 2,000 and 20,000 mappings, JDK 17) as the difference to a JVM
     * without the agent, less the scanner's own estimate: 0.41-0.44 MiB.
     */
    static final long FIXED_RETAINED_BYTES = 448 << 10;

    private final IntSupplier selfClasses;
    private final SelfCost selfCost = new SelfCost();
    private final Recount classesRecount = new Recount(60_000, 3_600_000);
    private volatile long cpuNanos = -1;
    private volatile int classesLoaded = -1;
    private volatile long retainedBytes = -1;
    private volatile boolean vmInfoAsked;

    /** Taken on the scanner thread, not in premain; kept: ManagementFactory.getThreadMXBean() allocates a call. */
    private ThreadMXBean threadCpu;

    SelfMeter(IntSupplier selfClasses) {
        this.selfClasses = selfClasses;
    }

    /** The scanner thread's CPU so far; 0 if it cannot be read. Scanner thread only. */
    long threadCpuNanos() {
        try {
            if (threadCpu == null) {
                threadCpu = ManagementFactory.getThreadMXBean();
            }
            return threadCpu.getCurrentThreadCpuTime();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** After a scan, on the scanner thread: {@code cpuNanos} is the thread's CPU so far. */
    void scanned(long cpuNanos, FootprintScanner scanner) {
        this.cpuNanos = cpuNanos;
        retainedBytes = FIXED_RETAINED_BYTES + scanner.retainedBytesEstimate();
        vmInfoAsked = scanner.vmInfoAsked();
        if (classesRecount.due(System.currentTimeMillis()) || classesLoaded < 0) {
            classesLoaded = selfClasses.getAsInt();
        }
    }

    long cpuNanos() {
        return cpuNanos;
    }

    int classesLoaded() {
        return classesLoaded;
    }

    long retainedBytes() {
        return retainedBytes;
    }

    List<SelfCostRow> rows(FootprintSnapshot latest) {
        return selfCost.rows(classesLoaded, retainedBytes, latest, vmInfoAsked);
    }

    /**
     * When to count the agent's own classes again: at once, then after {@code first}, twice that, four times
     * ... up to every {@code max}. The count scans {@code Instrumentation.getAllLoadedClasses()}, an array of
     * every class in the JVM, which costs the scanner's CPU per thousand classes loaded and leaves that array
     * as garbage, for a number that settles after start-up; a count every minute was the dearest thing a small
     * JVM's scan did, averaged (docs/performance.md).
     */
    static final class Recount {
        private final long max;
        private long every;
        private long last = Long.MIN_VALUE;

        Recount(long firstMillis, long maxMillis) {
            this.every = firstMillis;
            this.max = maxMillis;
        }

        /** Whether to count at {@code nowMillis}; each count but the first doubles the wait for the next. */
        boolean due(long nowMillis) {
            if (last == Long.MIN_VALUE) {
                last = nowMillis;
                return true;
            }
            if (nowMillis - last < every) {
                return false;
            }
            last = nowMillis;
            every = Math.min(max, every * 2);
            return true;
        }
    }
}
