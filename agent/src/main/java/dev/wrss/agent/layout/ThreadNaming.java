package dev.wrss.agent.layout;

import java.util.function.LongSupplier;

/**
 * When a layout looks up the full names of threads whose comm may be cut to 15 bytes: first from the live
 * Java threads' names where one alone fits (no pause), then from Thread.print, once and then when such a
 * thread is new; each within a {@link CostBudget} of its own, and Thread.print only while the stop-the-world
 * pause it would cost stays within {@code maxPause}. How a name is matched is {@link CutNames}'. Not
 * thread-safe: one {@link LayoutProbe} owns it.
 */
final class ThreadNaming {

    private static final long RATE_LIMIT_NANOS = 30_000_000_000L;

    /**
     * The stop-the-world time Thread.print costs per thread before one has been timed here: it runs three
     * safepoint operations (PrintThreads, PrintJNI, FindDeadlocks), 13-22 us a thread with short stacks
     * (-Xlog:safepoint, 60 to 2,000 parked threads). Deep stacks cost far more (60 threads 100 frames deep:
     * 18 ms), so every Thread.print's own duration per thread then replaces the estimate.
     */
    static final long THREAD_PRINT_PAUSE_NANOS_PER_THREAD = 25_000;

    private final JvmFacts endpoint;
    private final ThreadStacks stacks;
    private final LongSupplier nanoClock;
    private final long maxPauseNanos;

    /** Thread.print costs 15 us or more per thread; 1% of a core allows one every 1.5 s at 1,000 threads. */
    private final CostBudget threadPrintBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);

    /** The live Java threads' names (ThreadMXBean, no pause), on a budget of their own. */
    private final CostBudget javaNamesBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);

    private boolean javaNamesDue;
    private boolean namesStale;

    /** The last Thread.print's duration per thread (its wall time: pause and text together), at least the estimate. */
    private long printNanosPerThread = THREAD_PRINT_PAUSE_NANOS_PER_THREAD;

    private int threadPrintsSkipped;

    ThreadNaming(
            JvmFacts endpoint, ThreadStacks stacks, LongSupplier nanoClock, long maxPauseNanos) {
        this.endpoint = endpoint;
        this.stacks = stacks;
        this.nanoClock = nanoClock;
        this.maxPauseNanos = maxPauseNanos;
    }

    /** A relist found threads come or gone: new names may want looking up. */
    void threadsChanged() {
        namesStale = true;
        javaNamesDue = true;
    }

    /** Looks names up where that is due and within budget; true if the threads' names may have changed. */
    boolean refresh(long now) {
        boolean changed = false;
        if (javaNamesDue && javaNamesBudget.allows(now)) {
            // first the names that cost no pause, on a budget of their own: a costly Thread.print
            // (a cold JVM, deep stacks) must not keep a new thread's name waiting for tens of
            // seconds
            javaNamesDue = false;
            if (stacks.hasUntriedCutNames()) {
                changed |= stacks.applyUniqueJavaNames(endpoint.javaThreadNames());
                spend(javaNamesBudget, now);
            }
        }
        if (namesStale && threadPrintBudget.used() && !stacks.needsJavaNames()) {
            // every new thread's name is known: its comm is whole, or it was found above
            namesStale = false;
        }
        if (namesStale && !javaNamesDue && threadPrintBudget.allows(now)) {
            namesStale = false;
            boolean first = !threadPrintBudget.used();
            if (first || stacks.needsJavaNames()) {
                int threadsNow = Math.max(1, stacks.count());
                if (threadsNow * printNanosPerThread <= maxPauseNanos) {
                    long start =
                            System.nanoTime(); // the real clock: a test's clock may stand still
                    String dump = endpoint.command("Thread.print");
                    printNanosPerThread =
                            Math.max(
                                    THREAD_PRINT_PAUSE_NANOS_PER_THREAD,
                                    (System.nanoTime() - start) / threadsNow);
                    stacks.applyJavaNames(ThreadDump.parse(dump));
                    changed = true;
                } else {
                    // those names stay cut: the pause would cost the application more
                    threadPrintsSkipped++;
                }
            }
            spend(threadPrintBudget, now);
        }
        return changed;
    }

    /**
     * Charges a budget for a call that began at {@code start}; the first call runs cold and would otherwise
     * keep the names of threads started right after it (a JMX client's) cut for up to 30 s.
     */
    private void spend(CostBudget budget, long start) {
        if (budget.used()) {
            budget.spent(start, nanoClock.getAsLong());
        } else {
            budget.spentCold(start);
        }
    }

    /** How often Thread.print was left out because its pause would have exceeded maxPause: for tests. */
    int threadPrintsSkipped() {
        return threadPrintsSkipped;
    }
}
