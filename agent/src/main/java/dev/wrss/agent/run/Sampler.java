package dev.wrss.agent.run;

import dev.wrss.agent.AgentLog;
import dev.wrss.agent.AgentOptions;
import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.agent.pages.SupermincoreQueries;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.mbeans.AgentStats;
import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.PageQuery;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

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
 * reads one volatile flag and never touches the queue (docs/benchmarks.md, section 1).
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

    private final Supplier<FootprintScanner> scannerFactory;
    private final AgentLog log;
    private final ScanPolicy policy;
    private final StatmReader statm;
    private final java.util.function.IntSupplier selfClasses;
    private final String version;
    private volatile long selfCpuNanos = -1;
    private volatile int selfClassesLoaded = -1;
    private volatile long selfRetainedBytes = -1;
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
    private String lastStatusKind;
    /** Told of every interval's outcome on the scanner thread; set before {@link #run()}. */
    private volatile SnapshotSink sink = SnapshotSink.NONE;
    private volatile dev.wrss.mbeans.ThresholdControl thresholds = dev.wrss.mbeans.ThresholdControl.NONE;

    /** A scan request; {@code rows} set means "mappings, please". */
    private record Request(CompletableFuture<FootprintSnapshot> snapshot, CompletableFuture<List<MappingRow>> rows) {
    }

    private static final Request WAKE = new Request(null, null);

    /**
     * @param scannerFactory builds the scanner on the scanner thread, so that nothing it does at
     *                       construction runs in premain
     */
    private final SupermincoreQueries pages;

    public Sampler(Supplier<FootprintScanner> scannerFactory, AgentOptions options, AgentLog log,
                   StatmReader statm, java.util.function.IntSupplier selfClasses, String version,
                   SupermincoreQueries pages) {
        this.pages = pages;
        this.scannerFactory = scannerFactory;
        this.intervalMillis = options.intervalMillis();
        this.log = log;
        this.policy = new ScanPolicy(options.threshold(), options.maxAgeMillis(), options.budget());
        this.statm = statm;
        this.selfClasses = selfClasses;
        this.version = version;
        this.latest = FootprintSnapshot.unavailable(options.mode(), "starting: no scan yet");
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
    public AgentStats stats() {
        return new AgentStats(version, policy.effectiveIntervalMillis(intervalMillis),
                policy.effectiveMaxAgeMillis(), skipped, failures,
                selfCpuNanos, selfClassesLoaded, selfRetainedBytes);
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
        intervalMillis = Math.max(AgentOptions.MIN_INTERVAL_MILLIS, Math.min(AgentOptions.MAX_INTERVAL_MILLIS, millis));
        request(WAKE); // re-time the wait now, not after the old interval
    }

    @Override
    public FootprintSnapshot scanNow() {
        Request r = new Request(new CompletableFuture<>(), null);
        if (!request(r)) {
            return awaitNewerThan(latest.id()); // 256 callers already waiting: ride on their scan
        }
        try {
            return r.snapshot.get(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return latest.withStatus("scan requested but not done within " + REQUEST_TIMEOUT_MILLIS + " ms");
        }
    }

    @Override
    public List<MappingRow> mappings() {
        Request r = new Request(null, new CompletableFuture<>());
        if (!request(r)) {
            return List.of();
        }
        try {
            return r.rows.get(REQUEST_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return List.of();
        }
    }

    private FootprintSnapshot awaitNewerThan(long id) {
        long deadline = System.currentTimeMillis() + REQUEST_TIMEOUT_MILLIS;
        while (latest.id() <= id && System.currentTimeMillis() < deadline && !stopped) {
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

    @Override
    public void run() {
        scannerThread = Thread.currentThread();
        try {
            scanner = scannerFactory.get();
        } catch (Throwable t) {
            latest = latest.withStatus("disabled: " + describe(t));
            log.problem("init", "scanner could not start, wrss is idle: " + describe(t));
            return;
        }
        walk(false, statm.residentBytes());
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
                } else {
                    long resident = statm.residentBytes();
                    if (policy.shouldWalk(System.currentTimeMillis(), resident, false)) {
                        walk(false, resident);
                    } else {
                        skipped = policy.skipped();
                        if (policy.unmoved(resident)) { // skipped for the budget while moving: no sample
                            sink.unchanged(System.currentTimeMillis());
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
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

    /** The next request, or null once {@code millis} passed without one (or the sampler stopped). */
    private Request next(long millis) throws InterruptedException {
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
            LockSupport.parkNanos(left); // no blocker: setting and clearing one is two more interpreted calls
            if (Thread.interrupted()) {
                throw new InterruptedException(); // a park returns at once while interrupted: never spin
            }
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
            stopped = true;
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
        policy.walked(System.currentTimeMillis(), resident, cpu1 - cpu0);
        selfCpuNanos = cpu1;
        selfRetainedBytes = FIXED_RETAINED_BYTES + scanner.retainedBytesEstimate();
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
     * dearest thing a small JVM's walk did, averaged (docs/benchmarks.md, section 1).
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
            FootprintSnapshot s = walk(true, statm.residentBytes());
            for (Request r : batch) {
                if (r.snapshot != null) {
                    r.snapshot.complete(s);
                }
            }
        }
    }

    /** Scans and publishes; never throws. A failed scan keeps the last numbers and says why in Status. */
    FootprintSnapshot safeScan(boolean requested) {
        try {
            FootprintSnapshot s = scanner.scan(nextId, requested);
            nextId++;
            latest = s;
            sink.published(s);
            logStatusChange(s.status());
            return s;
        } catch (Throwable t) {
            failures++;
            String why = "scan failed, showing scan " + latest.id() + ": " + describe(t);
            latest = latest.withStatus(why);
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
