package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Gathers a {@link JvmLayout} from a JVM's {@link JvmFacts} plus its /proc directory, in-process or remote.
 * Refresh policy: GC.heap_info and Compiler.codecache once (those ranges never move), never VM.info
 * unless the heap's range is otherwise unknown ({@link VmInfo}); VM.metaspace
 * vslist, whose safepoint walks every class loader, again only when non-class metaspace committed has grown
 * past what the known nodes reserve, or to within a root chunk of it and VM.metaspace basic (counters only,
 * no pause; within a {@link CostBudget}) counts another node; /proc/PID/task, /proc/PID/maps and the
 * threads' syscall files only when the thread count or the number of Java threads ever started changed, a
 * listed thread is still unresolved, or 5 minutes passed (30 s where that number cannot be read). Full names
 * of threads whose comm may be cut to 15 bytes: first from the live Java threads' names where one alone fits
 * (no pause), then from Thread.print, once and then when such a thread is new; each within a
 * {@link CostBudget} of its own, and Thread.print only while the stop-the-world pause it would cost stays
 * within {@code maxPause}. Not thread-safe: one sampler thread owns it.
 */
public final class LayoutProbe {

    private static final long RATE_LIMIT_NANOS = 30_000_000_000L;

    /**
     * Threads are relisted when their count changed or a Java thread started; only a native thread that
     * replaced another between two scans shows neither, so the listing (~100 bytes of the JDK's a thread)
     * is otherwise repeated only this rarely. Without the started count (unreadable), every 30 s as before.
     */
    private static final long RELIST_MAX_AGE_NANOS = 300_000_000_000L;

    /** Metaspace grows by root chunks; a new node appears once the old ones cannot hold another. */
    private static final long ROOT_CHUNK_BYTES = 4L << 20;

    private final JvmFacts endpoint;
    private final Path procPid;
    private final MapsReader maps = JvmMaps.newReader();
    private final ThreadStacks stacks;
    private final StackShapes shapes = new StackShapes();
    private final ThreadCount threadCount;
    private final LongSupplier nanoClock;
    private final CommittedSizes committedSizes;

    private boolean staticDone;
    private HeapInfo heap = HeapInfo.UNKNOWN;
    private VmInfo vm;

    /** VM.info's malloc lines from the one VM.info the layout reads; null until then or if absent. */
    private volatile String vmInfoMallocLines;

    private String vmName;
    private long[] collectionSetMap = new long[0];
    private long[] codeCommitted;
    private boolean rangesDone;
    private int rangeTries;

    /** Refreshes that may try to read /proc/PID/maps for the static ranges before the layout does without them. */
    private static final int STATIC_MAPS_TRIES = 5;

    private boolean vmInfoAsked;
    private boolean vmInfoAllowed = true;
    private String vmInfoText;
    private long[] code = new long[0];
    private MetaspaceNodes meta = MetaspaceNodes.parse(null);
    private String javaHome;
    private final RangeTable.Builder sizeRanges = new RangeTable.Builder();
    private final RangeTable.Builder zgcRanges = new RangeTable.Builder();

    /** Where each layout is put together: kept, so a rebuild allocates only the finished tables. */
    private final RangeTable.Builder assembly = new RangeTable.Builder();

    private long lastMetaCommitted = -1;
    private long lastVslistNanos = Long.MIN_VALUE / 2;
    private static final long CERTAIN_MIN_SPACING_NANOS = 1_000_000_000L;
    private final CostBudget vslistBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);
    private final CostBudget nodeCountBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);
    private static final int RESOLVE_FREE_TRIES = 8;
    private static final long RESOLVE_FIRST_DELAY_NANOS = 1_000_000_000L;
    private static final long RESOLVE_MAX_DELAY_NANOS = 60_000_000_000L;
    private int failedResolves;
    private long nextResolveNanos = Long.MIN_VALUE / 2;
    private int mapsReads;
    private int lastThreadCount = -1;
    private long lastStartedThreads = -1;
    private long lastListNanos;

    /** Thread.print costs 15 us or more per thread; 1% of a core allows one every 1.5 s at 1,000 threads. */
    private final CostBudget threadPrintBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);

    /** The live Java threads' names (ThreadMXBean, no pause), on a budget of their own. */
    private final CostBudget javaNamesBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);

    private boolean javaNamesDue;

    /**
     * The stop-the-world time Thread.print costs per thread before one has been timed here: it runs three
     * safepoint operations (PrintThreads, PrintJNI, FindDeadlocks), 13-22 us a thread with short stacks
     * (-Xlog:safepoint, 60 to 2,000 parked threads). Deep stacks cost far more (60 threads 100 frames deep:
     * 18 ms), so every Thread.print's own duration per thread then replaces the estimate.
     */
    static final long THREAD_PRINT_PAUSE_NANOS_PER_THREAD = 25_000;

    /** The default longest pause Thread.print may cost: 40 threads at the first estimate. */
    public static final long DEFAULT_MAX_PAUSE_NANOS = 1_000_000;

    private final long maxPauseNanos;

    /** The last Thread.print's duration per thread (its wall time: pause and text together), at least the estimate. */
    private long printNanosPerThread = THREAD_PRINT_PAUSE_NANOS_PER_THREAD;

    private int threadPrintsSkipped;
    private boolean namesStale;
    private JvmLayout layout = JvmLayout.empty();
    private String problem;

    public LayoutProbe(JvmFacts jvm, long pid, Path procRoot) {
        this(jvm, pid, procRoot, DEFAULT_MAX_PAUSE_NANOS, null);
    }

    /**
     * @param maxPauseNanos the longest stop-the-world pause a Thread.print may cost (estimated); 0 for none
     * @param commitSignal  for a probe of its own process: a number that moves whenever the JVM may have
     *                      committed or uncommitted memory (the agent gives statm's data field, just read by its
     *                      tripwire), so that a steady process skips re-reading the non-heap pools' committed
     *                      sizes ({@link CommittedSizes}); null to read them whenever the last reading is a
     *                      second old
     */
    public LayoutProbe(
            JvmFacts jvm, long pid, Path procRoot, long maxPauseNanos, LongSupplier commitSignal) {
        this(jvm, pid, procRoot, System::nanoTime, maxPauseNanos, commitSignal);
    }

    LayoutProbe(
            JvmFacts jvm,
            long pid,
            Path procRoot,
            LongSupplier nanoClock,
            long maxPauseNanos,
            LongSupplier commitSignal) {
        this.maxPauseNanos = maxPauseNanos;
        this.endpoint = jvm;
        this.procPid = procRoot.resolve(Long.toString(pid));
        this.stacks = new ThreadStacks(procPid);
        this.threadCount = new ThreadCount(procPid);
        this.nanoClock = nanoClock;
        this.committedSizes = new CommittedSizes(endpoint, nanoClock, commitSignal);
    }

    /**
     * Never lets the layout ask VM.info (the agent's {@code vmInfo=false}): HotSpot then never loads libjvm's
     * symbol tables, and G1, Parallel and Serial's card table and mark bitmaps are found by their size alone;
     * where the kernel merged one with a neighbouring mapping it counts as that mapping's region (malloc, mostly).
     * A caller of {@link #vmInfo()} still gets it.
     */
    public LayoutProbe withoutVmInfo() {
        vmInfoAllowed = false;
        return this;
    }

    /** The current layout; the same instance when nothing changed. Never throws. */
    public JvmLayout refresh() {
        return refresh(false);
    }

    /**
     * Like {@link #refresh()}; {@code onRequest} (for a rare explicit request such as the per-mapping view)
     * reads the committed sizes afresh rather than from the last second's reading, so a metaspace node
     * created a moment ago is not missed.
     */
    public JvmLayout refresh(boolean onRequest) {
        try {
            if (onRequest) {
                committedSizes.invalidate();
            }
            long now = nanoClock.getAsLong();
            boolean changed = false;
            if (!staticDone) {
                loadStaticFacts();
                staticDone = true;
                changed = true;
            }
            if (!rangesDone && rangeTries < STATIC_MAPS_TRIES) {
                rangeTries++;
                rangesDone = loadStaticRanges();
                changed |= rangesDone;
            }
            changed |= refreshMetaspace(now);
            changed |= refreshThreads(now, onRequest);
            if (changed) {
                layout = assemble();
            }
        } catch (RuntimeException | LinkageError e) {
            problem = "layout refresh failed: " + e;
        }
        return layout;
    }

    /** The maps parser's buffer, the status buffer, the kept maps entries and the assembled tables, roughly. */
    public long retainedBytesEstimate() {
        return (16 << 10)
                + 8192
                + maps.retainedBytes()
                + 4096
                + assembly.retainedBytes()
                + stacks.retainedBytes();
    }

    /** Why some facts are missing, or null. */
    public String problem() {
        return problem != null ? problem : endpoint.problem();
    }

    /** VM.info's C-Heap and periodic trim lines from the layout's start, or null. */
    public String vmInfoMallocLines() {
        return vmInfoMallocLines;
    }

    /**
     * Fills committed bytes by region ordinal: JAVA_HEAP, METASPACE, CLASS_SPACE, CODE_CACHE; -1 elsewhere.
     * The JVM is asked at most once per second (reading allocates); calls closer together share its answer.
     */
    public void committedBytes(long[] outByRegionOrdinal) {
        java.util.Arrays.fill(outByRegionOrdinal, -1);
        try {
            outByRegionOrdinal[Region.JAVA_HEAP.ordinal()] = committedSizes.heapBytes();
            long meta = committedSizes.metaspaceBytes();
            long klass = committedSizes.classSpaceBytes();
            // the "Metaspace" pool includes the class space
            outByRegionOrdinal[Region.METASPACE.ordinal()] =
                    meta < 0 ? -1 : meta - Math.max(0, klass);
            outByRegionOrdinal[Region.CLASS_SPACE.ordinal()] = klass;
            outByRegionOrdinal[Region.CODE_CACHE.ordinal()] = committedSizes.codeBytes();
        } catch (RuntimeException e) {
            problem = "committed bytes failed: " + e;
        }
    }

    private void loadStaticFacts() {
        String heapInfo = endpoint.command("GC.heap_info");
        heap = HeapInfo.parse(heapInfo);
        collectionSetMap = HeapInfo.collectionSetMap(heapInfo);
        String codecache = endpoint.command("Compiler.codecache");
        code = CodeHeaps.parse(codecache);
        codeCommitted = CodeHeaps.committed(codecache);
        meta = MetaspaceNodes.parse(endpoint.command("VM.metaspace", "vslist"));
        lastMetaCommitted = committedSizes.metaspaceBytes();
        if (endpoint.inProcess()) {
            // VM.system_properties stores the properties with a date comment: ~100 classes of time
            // zones and
            // locale data loaded into the host for two values this process already has
            javaHome = System.getProperty("java.home");
            vmName = System.getProperty("java.vm.name");
        } else {
            String properties = endpoint.command("VM.system_properties");
            javaHome = SystemProperties.javaHome(properties);
            vmName = SystemProperties.vmName(properties);
        }
        vm = vmInfoAllowed && needsVmInfo(heap) ? VmInfo.parse(vmInfo()) : VmInfo.parse(null);
        shapes.setStackSizes(
                endpoint.vmOption("ThreadStackSize"),
                endpoint.vmOption("CompilerThreadStackSize"),
                endpoint.vmOption("VMThreadStackSize"));
    }

    /**
     * The ranges found in /proc/PID/maps at start; false if it could not be read (an application that interrupts
     * the scanner without pause can cut every try of one refresh), and the next refreshes try again, a few times.
     */
    private boolean loadStaticRanges() {
        if (!maps.readAll(procPid.resolve("maps"))) {
            problem = "cannot read " + procPid.resolve("maps");
            return false;
        }
        problem = null;
        if (!vmInfoAllowed || !needsVmInfo(heap)) {
            vm = VmInfo.derive(maps, heap, meta, vmName);
        }
        long markStack = endpoint.vmOption("MarkStackSize");
        StaticRanges.addBySize(
                maps,
                heap,
                code,
                codeCommitted,
                vm.serverVm(),
                markStack > 0 ? markStack * Long.BYTES : 0,
                endpoint.vmFlag("UseTransparentHugePages"),
                sizeRanges);
        StaticRanges.addContaining(maps, collectionSetMap, Region.GC_DATA, sizeRanges);
        if (heap.collector().equals("Z")
                && vm.zgcGranuleMapBytes() >= StaticRanges.ZGC_GRANULE_MAP_MIN_BYTES) {
            // non-generational ZGC: ZMarkStackSpaceLimit exists there
            StaticRanges.addZgcTables(
                    maps,
                    vm.zgcGranuleMapBytes(),
                    endpoint.vmOption("ZMarkStackSpaceLimit"),
                    sizeRanges);
        }
        StaticRanges.addZgcHeap(maps, zgcRanges);
        // a run from inside one thread's stack to the end of the next one's guard can have a GC
        // table's
        // size: never one (a table neither begins nor ends inside a guard+stack shape). With
        // thousands of
        // threads at start-up (an attach, the CLI) such guesses were ~7 ranges a thread for every
        // layout
        // rebuild to sort; one ending in a JDK 25 Java thread's guard zone claimed 924 KiB below it
        shapes.find(maps);
        sizeRanges.removeReachingInto(shapes.found());
        // a table guessed by its size alone that overlaps a segment map found by both its sizes
        // explains the same reservation worse: it goes whole, not cut down to a few pages that
        // could decide a mapping
        sizeRanges.removeOverlapping(StaticRanges.BY_SIZE);
        return true;
    }

    /**
     * Whether the layout needs VM.info: for the card table and mark bitmaps of G1, Parallel and Serial, which
     * sit in anonymous mappings the kernel merges with their neighbours, where their size alone does not find
     * them (FidelityIT without them: Parallel and Serial's tables 0% found, G1's 85%; three real servers below
     * their floor), and for a heap whose range GC.heap_info does not print. ZGC and Shenandoah do without it.
     */
    static boolean needsVmInfo(HeapInfo heap) {
        return switch (heap.collector()) {
            case "G1", "Parallel", "Serial" -> true;
            case "Z", "Shenandoah" -> false;
            default -> !heap.hasRange();
        };
    }

    /**
     * The text of {@code VM.info}, asked once on the first call and kept (null if it failed): the layout does
     * without it, as its first call makes HotSpot load libjvm's symbol tables for good (~4 MiB of malloc), so
     * only a caller that needs what it alone prints (e.g. the C heap's outstanding allocations) pays for that.
     */
    public synchronized String vmInfo() {
        if (!vmInfoAsked) {
            vmInfoAsked = true;
            vmInfoText = endpoint.command("VM.info");
            vmInfoMallocLines =
                    VmInfo.mallocLines(
                            vmInfoText); // the native heap's first figures, at no second cost
        }
        return vmInfoText;
    }

    /** Whether {@link #vmInfo()} ran VM.info. */
    public synchronized boolean vmInfoAsked() {
        return vmInfoAsked && vmInfoText != null;
    }

    private boolean refreshMetaspace(long now) {
        long committed = committedSizes.metaspaceBytes();
        long klass = Math.max(0, committedSizes.classSpaceBytes());
        if (committed < 0 || committed == lastMetaCommitted) {
            return false;
        }
        long nonClass = committed - klass;
        long known = meta.nonClassReservedBytes();
        if (nonClass + ROOT_CHUNK_BYTES <= known) {
            lastMetaCommitted = committed;
            return false; // the known nodes hold it all
        }
        // More committed than the known nodes can hold: a node we do not know exists, whatever the
        // cost
        // budgets say (bounded: a node is 64 MiB of growth; at most one listing a second). Merely
        // close to
        // full: a node may have been added, which VM.metaspace basic tells without a pause; the
        // listing,
        // whose safepoint walks every class loader (28 ms with 20,000), runs only once it says so
        boolean added = nonClass > known;
        if (!added) {
            if (!nodeCountBudget.allows(now)) {
                return false;
            }
            int nodes = MetaspaceNodes.nonClassNodeCount(endpoint.command("VM.metaspace", "basic"));
            nodeCountBudget.spent(now, nanoClock.getAsLong());
            if (nodes == meta.nonClassNodes()) {
                lastMetaCommitted = committed;
                return false;
            }
            added = nodes >= 0;
            if (!added && !vslistBudget.allows(now)) {
                return false; // no count (an unknown report format): list on the chance, within the
                // budget
            }
        }
        if (added && now - lastVslistNanos < CERTAIN_MIN_SPACING_NANOS) {
            return false;
        }
        lastMetaCommitted = committed;
        lastVslistNanos = now;
        MetaspaceNodes next = MetaspaceNodes.parse(endpoint.command("VM.metaspace", "vslist"));
        vslistBudget.spent(now, nanoClock.getAsLong());
        if (next.nonClass().length == 0
                || java.util.Arrays.equals(next.nonClass(), meta.nonClass())) {
            return false;
        }
        meta = next;
        return true;
    }

    private boolean refreshThreads(long now, boolean onRequest) {
        int count = threadCount.threads();
        long started = endpoint.startedThreads();
        long maxAge = started < 0 ? RATE_LIMIT_NANOS : RELIST_MAX_AGE_NANOS;
        boolean changed = false;
        if (count != lastThreadCount
                || started != lastStartedThreads
                || now - lastListNanos >= maxAge) {
            lastThreadCount = count;
            lastStartedThreads = started;
            lastListNanos = now;
            if (stacks.relist()) {
                changed = true;
                namesStale = true;
                javaNamesDue = true;
            }
        }
        if (changed || stacks.hasUnresolved() && (onRequest || now - nextResolveNanos >= 0)) {
            mapsReads++;
            if (maps.readAll(procPid.resolve("maps"))) {
                changed |= stacks.resolve(maps);
                zgcRanges.reset(); // ZGC maps more of its reservation as the heap grows
                StaticRanges.addZgcHeap(maps, zgcRanges);
                changed |= shapes.find(maps);
            }
            scheduleResolve(now, changed);
        }
        if (javaNamesDue && javaNamesBudget.allows(now)) {
            // first the names that cost no pause, on a budget of their own: a costly Thread.print
            // (a cold JVM,
            // deep stacks) must not keep a new thread's name waiting for tens of seconds
            javaNamesDue = false;
            if (stacks.hasUntriedCutNames()) {
                changed |= stacks.applyUniqueJavaNames(endpoint.javaThreadNames());
                spend(javaNamesBudget, now);
            }
        }
        if (namesStale && threadPrintBudget.used() && !stacks.needsJavaNames()) {
            namesStale =
                    false; // every new thread's name is known: its comm is whole, or it was found
            // above
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
                    threadPrintsSkipped++; // those names stay cut: the pause would cost the
                    // application more
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

    /**
     * A thread that is always on a CPU when asked (a busy worker) never shows a stack pointer, and every try
     * re-reads the maps: in a small JVM that was a scan's CPU +20-75% and 1.6 KB of garbage, for good. After
     * {@link #RESOLVE_FREE_TRIES} tries in a row that leave someone unresolved and change nothing, tries are
     * spaced out, doubling up to {@link #RESOLVE_MAX_DELAY_NANOS}; its stack is meanwhile known by its shape.
     */
    private void scheduleResolve(long now, boolean changed) {
        if (!stacks.hasUnresolved() || changed) {
            failedResolves = 0;
        } else {
            failedResolves++;
        }
        int over = failedResolves - RESOLVE_FREE_TRIES;
        long delay =
                over <= 0
                        ? 0
                        : Math.min(
                                RESOLVE_MAX_DELAY_NANOS,
                                RESOLVE_FIRST_DELAY_NANOS << Math.min(over - 1, 16));
        nextResolveNanos = now + delay;
    }

    /** How often /proc/PID/maps was read to resolve stacks: for tests. */
    int mapsReads() {
        return mapsReads;
    }

    private JvmLayout assemble() {
        RangeTable.Builder b = assembly.reset().addAll(sizeRanges).addAll(zgcRanges);
        StaticRanges.addPrinted(heap, vm, code, meta, b);
        int resolved = stacks.sortResolved();
        ThreadTable threads = ThreadTable.of(stacks.byStart(), resolved, shapes);
        threads.addTo(b, StaticRanges.STACK);
        return new JvmLayout(
                b.build(),
                threads.starts,
                threads.ends,
                threads.tids,
                threads.names,
                javaHome,
                heap.collector());
    }
}
