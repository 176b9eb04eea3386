package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import dev.wrss.mbeans.Region;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Gathers a {@link JvmLayout} from a JVM's {@link JvmFacts} plus its /proc directory, in-process or remote,
 * and puts it together again only when a fact changed. Each fact keeps its own refresh policy:
 * {@link StartupFacts} (read once), {@link MetaspaceRefresh} (the metaspace nodes), {@link ThreadRefresh}
 * (the threads and their stacks) and {@link ThreadNaming} (the threads' full names). Not thread-safe: one
 * sampler thread owns it.
 */
public final class LayoutProbe {

    /** The default longest pause Thread.print may cost: 40 threads at the first estimate. */
    public static final long DEFAULT_MAX_PAUSE_NANOS = 1_000_000;

    /** Refreshes that may try to read /proc/PID/maps for the static ranges before the layout does without them. */
    private static final int STATIC_MAPS_TRIES = 5;

    private final JvmFacts endpoint;
    private final Path procPid;
    private final MapsReader maps = JvmMaps.newReader();
    private final ThreadStacks stacks;
    private final StackShapes shapes = new StackShapes();
    private final LongSupplier nanoClock;
    private final CommittedSizes committedSizes;
    private final StartupFacts statics;
    private final MetaspaceRefresh metaspace;
    private final ThreadRefresh threads;
    private final ThreadNaming naming;

    /** ZGC's heap views: found again at every maps reading, as ZGC maps more of its reservation. */
    private final RangeTableBuilder zgcRanges = new RangeTableBuilder();

    /** Where each layout is put together: kept, so a rebuild allocates only the finished tables. */
    private final RangeTableBuilder assembly = new RangeTableBuilder();

    private boolean staticDone;
    private boolean rangesDone;
    private int rangeTries;
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
        this.endpoint = jvm;
        this.procPid = procRoot.resolve(Long.toString(pid));
        this.stacks = new ThreadStacks(procPid);
        this.nanoClock = nanoClock;
        this.committedSizes = new CommittedSizes(endpoint, nanoClock, commitSignal);
        this.statics = new StartupFacts(endpoint);
        this.metaspace = new MetaspaceRefresh(endpoint, committedSizes, nanoClock);
        this.threads = new ThreadRefresh(endpoint, stacks, new ThreadCount(procPid));
        this.naming = new ThreadNaming(endpoint, stacks, nanoClock, maxPauseNanos);
    }

    /**
     * Never lets the layout ask VM.info (the agent's {@code vmInfo=false}): HotSpot then never loads libjvm's
     * symbol tables, and G1, Parallel and Serial's card table and mark bitmaps are found by their size alone;
     * where the kernel merged one with a neighbouring mapping it counts as that mapping's region (malloc, mostly).
     */
    public LayoutProbe withoutVmInfo() {
        statics.withoutVmInfo();
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
                statics.readHeapAndCode();
                metaspace.load();
                statics.readVm(shapes);
                staticDone = true;
                changed = true;
            }
            if (!rangesDone && rangeTries < STATIC_MAPS_TRIES) {
                rangeTries++;
                rangesDone = loadStaticRanges();
                changed |= rangesDone;
            }
            changed |= metaspace.refresh(now);
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
        return statics.vmInfoMallocLines();
    }

    /**
     * Fills committed bytes by region ordinal: JAVA_HEAP, METASPACE, CLASS_SPACE, CODE_CACHE; -1 elsewhere.
     * The JVM is asked at most once per second (reading allocates); calls closer together share its answer.
     */
    public void committedBytes(long[] outByRegionOrdinal) {
        Arrays.fill(outByRegionOrdinal, -1);
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

    /** Whether the layout ran VM.info, which keeps libjvm's symbol tables in malloc for good. */
    public boolean vmInfoAsked() {
        return statics.vmInfoRan();
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
        statics.findRanges(maps, metaspace.nodes(), shapes);
        StaticRanges.addZgcHeap(maps, zgcRanges);
        return true;
    }

    /** Relists the threads and re-reads the maps for their stacks when due, then looks up cut names. */
    private boolean refreshThreads(long now, boolean onRequest) {
        boolean changed = threads.relistIfDue(now);
        if (changed) {
            naming.threadsChanged();
        }
        if (threads.resolveDue(now, onRequest, changed)) {
            if (maps.readAll(procPid.resolve("maps"))) {
                changed |= stacks.resolve(maps);
                zgcRanges.reset();
                StaticRanges.addZgcHeap(maps, zgcRanges);
                changed |= shapes.find(maps);
            }
            threads.resolved(now, changed);
        }
        changed |= naming.refresh(now);
        return changed;
    }

    /** How often Thread.print was left out because its pause would have exceeded maxPause: for tests. */
    int threadPrintsSkipped() {
        return naming.threadPrintsSkipped();
    }

    /** How often /proc/PID/maps was read to resolve stacks: for tests. */
    int mapsReads() {
        return threads.mapsReads();
    }

    private JvmLayout assemble() {
        RangeTableBuilder b = assembly.reset().addAll(statics.sizeRanges()).addAll(zgcRanges);
        StaticRanges.addPrinted(statics.heap(), statics.vm(), statics.code(), metaspace.nodes(), b);
        int resolved = stacks.sortResolved();
        ThreadTable table = ThreadTable.of(stacks.byStart(), resolved, shapes);
        table.addTo(b, StaticRanges.STACK);
        return new JvmLayout(
                b.build(),
                table.starts,
                table.ends,
                table.tids,
                table.names,
                statics.javaHome(),
                statics.heap().collector());
    }
}
