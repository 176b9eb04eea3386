package dev.wrss.agent.run;

import dev.wrss.agent.AgentLog;
import dev.wrss.agent.AgentOptions;
import dev.wrss.agent.nativeheap.NativeHeapProbe;
import dev.wrss.agent.pages.SupermincoreQueries;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.mbeans.AgentStats;
import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.NativeHeapView;
import dev.wrss.mbeans.PageQuery;
import dev.wrss.mbeans.RegionLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

/**
 * The {@code wrss-scanner} daemon thread. Every interval it reads the O(1) resident-size counter and walks
 * smaps only when {@link ScanPolicy} says so (the counter moved, the data is too old, within the CPU
 * budget); any number of {@link #scanNow()} callers that arrive meanwhile share one walk. Each walk's
 * snapshot is built off to the side and published with one volatile write, so readers never see a
 * half-built one.
 *
 * <p>Requests travel from JMX threads to the scanner through a JCTools MPSC queue; a requester then raises
 * {@link #pending} and unparks the scanner, which otherwise parks until its next interval. A plain park is
 * the cheapest sleep there is: the scanner wakes once an interval, so its waiting code is interpreted for
 * most of the agent's life, where JCTools' blocking-consumer {@code poll(timeout)} cost ~45 µs of CPU more per
 * wake-up than {@code parkNanos}, and even two plain {@code poll()}s an interval (VarHandle accesses through
 * method-handle chains) were 2.7 % of a small JVM's walk in a CPU profile. So an interval with no request
 * reads one volatile flag and never touches the queue (docs/performance.md, section 2).
 */
public final class Sampler implements FootprintControl, Runnable {

    /** How long a JMX caller of scanNow or mappings waits for the scanner before taking what there is. */
    static final long REQUEST_TIMEOUT_MILLIS = 30_000;

    /**
     * Heap the agent keeps whatever the process looks like: its classes' mirrors and constants, MBean
     * metadata, method handles, the jar's index. Measured (RetainedHeap, 207 mappings, JDK 17) as the
     * difference to a JVM that makes the same JMX calls without the agent, less the scanner's own estimate.
     */
    static final long FIXED_RETAINED_BYTES = 700 << 10;

    /** Walks that run cold (JIT, class loading, the layout's first commands): not charged to the budget. */
    static final int WARM_UP_WALKS = 3;

    private final Supplier<FootprintScanner> scannerFactory;
    private final AgentLog log;
    private final ScanPolicy policy;
    private final StatmReader statm;
    private final java.util.function.IntSupplier selfClasses;
    private final String version;
    private volatile long selfCpuNanos = -1;
    private volatile int selfClassesLoaded = -1;
    private volatile long selfRetainedBytes = -1;
    private volatile boolean vmInfoAsked;
    private final SelfCost selfCost = new SelfCost();
    private volatile long skipped;
    private volatile long failures;
    private final Recount classesRecount = new Recount(60_000, 3_600_000);
    private final MpscVarHandleArrayQueue<Request> requests = new MpscVarHandleArrayQueue<>(256);

    /** Raised by a requester after its offer; see {@link #pendingRequest()} for when it comes down. */
    private volatile boolean pending;

    /** The scanner thread, unparked after each request; null until it runs. */
    private volatile Thread scannerThread;

    private volatile FootprintSnapshot latest;
    private volatile long intervalMillis;
    private volatile boolean stopped;
    private FootprintScanner scanner;
    private final List<Request> batch = new ArrayList<>();
    private final org.jctools.queues.MessagePassingQueue.Consumer<Request> addToBatch = batch::add;
    private long nextId = 1;
    private final OnDemandBudget onDemand;
    private boolean lastWalkOnDemand;
    private String lastWalkStatus = "";
    private long lastWalkCpuNanos;

    /** Until then scan() callers get {@link #latest} as it is, without a request: set by the scanner. */
    private volatile long serveUntilNanos = System.nanoTime();

    private String lastStatusKind;

    /** Told of every interval's outcome on the scanner thread; set before {@link #run()}. */
    private volatile SnapshotSink sink = SnapshotSink.NONE;

    private volatile dev.wrss.mbeans.ThresholdControl thresholds =
            dev.wrss.mbeans.ThresholdControl.NONE;

    /** A scan request; {@code rows} set means "mappings, please". */
    private record Request(
            CompletableFuture<FootprintSnapshot> snapshot,
            CompletableFuture<List<MappingRow>> rows) {}

    private static final Request WAKE = new Request(null, null);

    private final SupermincoreQueries pages;
    private final NativeHeapProbe nativeHeap;

    /**
     * @param scannerFactory builds the scanner on the scanner thread, so that nothing it does at
     *                       construction runs in premain
     */
    public Sampler(
            Supplier<FootprintScanner> scannerFactory,
            AgentOptions options,
            AgentLog log,
            StatmReader statm,
            java.util.function.IntSupplier selfClasses,
            String version,
            SupermincoreQueries pages) {
        this(scannerFactory, options, log, statm, selfClasses, version, pages, null);
    }

    /** @param nativeHeap the probe the scanner factory's scanners publish the native heap through; null for none */
    public Sampler(
            Supplier<FootprintScanner> scannerFactory,
            AgentOptions options,
            AgentLog log,
            StatmReader statm,
            java.util.function.IntSupplier selfClasses,
            String version,
            SupermincoreQueries pages,
            NativeHeapProbe nativeHeap) {
        this.nativeHeap = nativeHeap;
        this.pages = pages;
        this.scannerFactory = scannerFactory;
        this.intervalMillis = options.intervalMillis();
        this.log = log;
        this.policy =
                new ScanPolicy(
                        options.threshold(),
                        options.maxAgeMillis(),
                        options.budget(),
                        WARM_UP_WALKS);
        this.statm = statm;
        this.selfClasses = selfClasses;
        this.version = version;
        this.latest = FootprintSnapshot.unavailable(options.mode(), "starting: no scan yet");
        this.onDemand = new OnDemandBudget(options.budget(), System.nanoTime());
    }

    @Override
    public PageQuery supermincore(long start, long end, boolean withPages) {
        if (pages == null) {
            return FootprintControl.super.supermincore(start, end, withPages);
        }
        return pages.query(ProcessHandle.current().pid(), start, end, withPages);
    }

    @Override
    public boolean pagesPrivileged() {
        return pages != null && pages.privileged();
    }

    @Override
    public NativeHeapView nativeHeap() {
        return nativeHeap == null ? FootprintControl.super.nativeHeap() : nativeHeap.view();
    }

    @Override
    public NativeHeapView refreshNativeHeap() {
        return nativeHeap == null
                ? FootprintControl.super.refreshNativeHeap()
                : nativeHeap.refresh(this::scanNow);
    }

    @Override
    public long trimNativeHeap() {
        return nativeHeap == null
                ? FootprintControl.super.trimNativeHeap()
                : nativeHeap.trim(this::scanNow);
    }

    @Override
    public RegionLimits regionLimits() {
        return nativeHeap == null ? FootprintControl.super.regionLimits() : nativeHeap.limits();
    }

    @Override
    public AgentStats stats() {
        return new AgentStats(
                version,
                policy.effectiveIntervalMillis(intervalMillis),
                policy.effectiveMaxAgeMillis(),
                skipped,
                failures,
                selfCpuNanos,
                selfClassesLoaded,
                selfRetainedBytes);
    }

    @Override
    public java.util.List<dev.wrss.mbeans.SelfCostRow> selfCost() {
        return selfCost.rows(selfClassesLoaded, selfRetainedBytes, latest, vmInfoAsked);
    }

    @Override
    public FootprintSnapshot latest() {
        return latest;
    }

    @Override
    public long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public void setIntervalMillis(long millis) {
        intervalMillis =
                Math.max(
                        AgentOptions.MIN_INTERVAL_MILLIS,
                        Math.min(AgentOptions.MAX_INTERVAL_MILLIS, millis));
        request(WAKE); // re-time the wait now, not after the old interval
    }

    @Override
    public FootprintSnapshot scanNow() {
        String gone = notScanning();
        if (gone != null) {
            return latest.withStatus(gone);
        }
        if (System.nanoTime() - serveUntilNanos < 0) {
            return latest; // the scanner said so a moment ago: answered here, without waking it
        }
        Request r = new Request(new CompletableFuture<>(), null);
        if (!request(r)) {
            return awaitNewerThan(latest.id()); // 256 callers already waiting: ride on their scan
        }
        FootprintSnapshot s = await(r.snapshot);
        if (s != null) {
            return s;
        }
        gone = notScanning();
        return latest.withStatus(
                gone != null
                        ? gone
                        : "scan requested but not done within " + REQUEST_TIMEOUT_MILLIS + " ms");
    }

    @Override
    public List<MappingRow> mappings() {
        Request r = new Request(null, new CompletableFuture<>());
        if (notScanning() != null || !request(r)) {
            return List.of();
        }
        List<MappingRow> rows = await(r.rows);
        return rows == null ? List.of() : rows;
    }

    /**
     * The answer, or null once the request timed out or the scanner is gone (stopped, or its thread ended):
     * waits in short slices so that a caller never sits out the whole timeout for a scanner that cannot answer.
     */
    private <T> T await(CompletableFuture<T> answer) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline && notScanning() == null) {
            try {
                return answer.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // look at the scanner again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                return null;
            }
        }
        return answer.getNow(null);
    }

    /** Why no scan will come (the status to answer with), or null while the scanner runs or is about to. */
    private String notScanning() {
        if (stopped) {
            return latest.status().startsWith("ok") ? "stopped" : latest.status();
        }
        Thread t = scannerThread;
        return t != null && !t.isAlive() ? "stopped: the wrss-scanner thread ended" : null;
    }

    private FootprintSnapshot awaitNewerThan(long id) {
        long deadline = System.currentTimeMillis() + REQUEST_TIMEOUT_MILLIS;
        while (latest.id() <= id
                && System.currentTimeMillis() < deadline
                && notScanning() == null) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return latest;
    }

    public void stop() {
        stopped = true;
        request(WAKE);
    }

    /** Stops scanning for good (or before the first scan); {@code status} says why, and scan() answers with it. */
    public void stopWith(String status) {
        latest = latest.withStatus(status);
        stop();
    }

    /**
     * Builds the scanner and walks once, on the scanner thread, before the MBeans are registered: whoever finds
     * them finds a scan. False if the scanner could not be built (then {@link #run()} returns at once).
     */
    public boolean prepare() {
        if (scanner != null || prepareFailed) {
            return scanner != null;
        }
        scannerThread = Thread.currentThread();
        try {
            scanner = scannerFactory.get();
        } catch (Throwable t) {
            prepareFailed = true;
            latest = latest.withStatus("disabled: " + describe(t));
            log.problem("init", "scanner could not start, wrss is idle: " + describe(t));
            return false;
        }
        walk(false, statm.residentBytes());
        return true;
    }

    private boolean prepareFailed;

    @Override
    public void run() {
        scannerThread = Thread.currentThread();
        if (!prepare()) {
            return;
        }
        while (!stopped) {
            batch.clear();
            try {
                Request first = next(intervalMillis);
                if (first != null) {
                    batch.add(first);
                    requests.drain(addToBatch);
                    if (onlyWakeUps(batch)) {
                        continue;
                    }
                    scanAndAnswer(batch);
                } else if (!stopped) { // next() also answers null once stopped: no walk after a
                    // stop
                    long resident = statm.residentBytes();
                    if (policy.shouldWalk(System.currentTimeMillis(), resident, false)) {
                        walk(false, resident);
                        lastWalkOnDemand = false;
                    } else {
                        skipped = policy.skipped();
                        if (policy.unmoved(
                                resident)) { // skipped for the budget while moving: no sample
                            sink.unchanged(System.currentTimeMillis());
                        }
                    }
                }
            } catch (Throwable t) {
                // whatever broke, the scanner thread stays alive and the host never sees it
                failures++;
                log.problem("loop:" + t.getClass().getName(), "scanner loop: " + describe(t));
                pause();
            }
        }
    }

    /** Queues a request and wakes the scanner; false if 256 are already waiting. */
    private boolean request(Request r) {
        boolean queued = requests.offer(r);
        pending = true; // after the offer, so a scanner that sees the flag finds the request
        LockSupport.unpark(scannerThread); // after both: a scanner about to park keeps the permit
        return queued;
    }

    /**
     * The next request, or null once {@code millis} passed without one (or the sampler stopped). An interrupt is
     * a wake-up like any other: cleared, and the wait goes on, so one interrupt costs at most one extra turn.
     */
    private Request next(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopped) {
            Request r = pendingRequest();
            if (r != null) {
                return r;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            LockSupport.parkNanos(
                    left); // no blocker: setting and clearing one is two more interpreted calls
            Thread.interrupted(); // a park returns at once while interrupted: clear it, never spin
        }
        return null;
    }

    /**
     * A queued request, or null. The flag stays raised while polls find requests (more may be behind them,
     * and the batch's relaxed drain may pass one by); it is lowered only when a poll finds the queue empty,
     * and the queue is polled once more after lowering it: a request the first poll missed is found by the
     * second, or its requester raises the flag again after the lowering.
     */
    private Request pendingRequest() {
        if (!pending) {
            return null;
        }
        Request r = requests.poll();
        if (r == null) {
            pending = false;
            r = requests.poll();
            if (r != null) {
                pending = true;
            }
        }
        return r;
    }

    private void pause() {
        try {
            Thread.sleep(Math.max(AgentOptions.MIN_INTERVAL_MILLIS, intervalMillis));
        } catch (InterruptedException e) {
            // an interrupt from the application is a wake-up, not a request to stop
        }
    }

    /**
     * One full scan, timed in CPU for the budget and the self-cost attributes.
     *
     * @param resident the resident size just read, which the next intervals' tripwire compares with
     */
    private FootprintSnapshot walk(boolean requested, long resident) {
        long cpu0 = threadCpuNanos();
        FootprintSnapshot s = safeScan(requested);
        long cpu1 = threadCpuNanos();
        lastWalkCpuNanos = cpu1 - cpu0;
        policy.walked(System.currentTimeMillis(), resident, lastWalkCpuNanos);
        selfCpuNanos = cpu1;
        selfRetainedBytes = FIXED_RETAINED_BYTES + scanner.retainedBytesEstimate();
        vmInfoAsked = scanner.vmInfoAsked();
        long now = System.currentTimeMillis();
        if (classesRecount.due(now) || selfClassesLoaded < 0) {
            selfClassesLoaded = selfClasses.getAsInt();
        }
        return s;
    }

    /**
     * When to count the agent's own classes again: at once, then after {@code first}, twice that, four times
     * ... up to every {@code max}. The count walks {@code Instrumentation.getAllLoadedClasses()}, an array of
     * every class in the JVM: ~0.7 ms of the scanner's CPU per thousand classes loaded (1.46 ms with 2,211,
     * cold) and that array as garbage, for a number that settles after start-up; a count every minute was the
     * dearest thing a small JVM's walk did, averaged (docs/performance.md, section 2).
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

    /** Taken on the scanner thread, not in premain; kept: ManagementFactory.getThreadMXBean() allocates ~800 B a call. */
    private java.lang.management.ThreadMXBean threadCpu;

    private long threadCpuNanos() {
        try {
            if (threadCpu == null) {
                threadCpu = java.lang.management.ManagementFactory.getThreadMXBean();
            }
            return threadCpu.getCurrentThreadCpuTime();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static boolean onlyWakeUps(List<Request> batch) {
        for (Request r : batch) {
            if (r != WAKE) {
                return false;
            }
        }
        return true;
    }

    private void scanAndAnswer(List<Request> batch) {
        boolean wantsSnapshot = batch.isEmpty();
        for (Request r : batch) {
            wantsSnapshot |= r.snapshot != null;
            if (r.rows != null) {
                r.rows.complete(safeMappings());
            }
        }
        if (wantsSnapshot) {
            FootprintSnapshot s = recentEnough();
            if (s == null) {
                s = walk(true, statm.residentBytes());
                onDemand.spent(lastWalkCpuNanos);
                lastWalkOnDemand = true;
            }
            for (Request r : batch) {
                if (r.snapshot != null) {
                    r.snapshot.complete(s);
                }
            }
        }
    }

    /** The latest snapshot, marked as served, when {@link OnDemandBudget} says it answers instead of a walk. */
    private FootprintSnapshot recentEnough() {
        FootprintSnapshot served = onDemand.servedInstead(latest, lastWalkStatus, lastWalkOnDemand);
        if (served != null) {
            latest = served;
            // callers until then are answered in their own threads: serving thousands a second here
            // would cost
            // the scanner more than the walks it saves
            serveUntilNanos = onDemand.serveUntilNanos();
        }
        return served;
    }

    /** Walks an application that keeps interrupting the scanner may cut short before one gets through. */
    private static final int INTERRUPTED_WALK_TRIES = 10;

    /** Scans and publishes; never throws. A failed scan keeps the last numbers and says why in Status. */
    FootprintSnapshot safeScan(boolean requested) {
        Thread.interrupted(); // an interrupt left set would close the scan's file channels on
        // their first read
        try {
            FootprintSnapshot s = null;
            for (int attempt = 1; s == null; attempt++) {
                try {
                    s = scanner.scan(nextId, requested);
                } catch (Exception e) {
                    if (!interruptedRead(e) || attempt == INTERRUPTED_WALK_TRIES) {
                        throw e;
                    }
                    // interrupted mid-walk: its readers reopen their files; walk again
                    Thread.interrupted();
                }
            }
            nextId++;
            latest = s;
            lastWalkStatus = s.status();
            sink.published(s);
            logStatusChange(s.status());
            return s;
        } catch (Throwable t) {
            failures++;
            String why = "scan failed, showing scan " + latest.id() + ": " + describe(t);
            latest = latest.withStatus(why);
            lastWalkStatus = why;
            log.problem("scan:" + t.getClass().getName(), why);
            return latest;
        }
    }

    /**
     * Logs a degraded status when its kind changes (numbers masked: "3 unparsable lines" and "5 unparsable
     * lines" are one kind), so a lasting condition is one line, not one per minute forever.
     */
    private void logStatusChange(String status) {
        if ("ok".equals(status)) {
            lastStatusKind = null;
            return;
        }
        String kind = status.replaceAll("[0-9]+", "#");
        if (!kind.equals(lastStatusKind)) {
            lastStatusKind = kind;
            log.problem("status", status);
        }
    }

    private List<MappingRow> safeMappings() {
        try {
            return scanner.mappings();
        } catch (Throwable t) {
            log.problem("mappings:" + t.getClass().getName(), "mappings() failed: " + describe(t));
            return List.of();
        }
    }

    private static boolean interruptedRead(Throwable t) {
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    public static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Hands every interval's outcome to {@code next} (the history, thresholds); call before {@link #run()}. */
    public void sink(SnapshotSink next) {
        sink = next == null ? SnapshotSink.NONE : next;
    }

    /** The thresholds the MBeans publish; set before the MBeans are registered. */
    public void thresholds(dev.wrss.mbeans.ThresholdControl t) {
        thresholds = t == null ? dev.wrss.mbeans.ThresholdControl.NONE : t;
    }

    @Override
    public dev.wrss.mbeans.ThresholdControl thresholds() {
        return thresholds;
    }
}
