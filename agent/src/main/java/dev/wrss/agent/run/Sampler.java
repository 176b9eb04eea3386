package dev.wrss.agent.run;

import dev.wrss.agent.AgentLog;
import dev.wrss.agent.AgentOptions;
import dev.wrss.agent.proc.StatmReader;
import dev.wrss.agent.run.ScanRequests.Request;
import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.mbeans.AgentStats;
import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.SelfCostRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jctools.queues.MessagePassingQueue;

/**
 * The {@code wrss-scanner} daemon thread's loop. Every interval it reads the O(1) resident-size counter and
 * scans smaps only when {@link ScanPolicy} says so (the counter moved, the data is too old, within the CPU
 * budget); any number of {@link #scanNow()} callers that arrive meanwhile share one scan, handed over by
 * {@link ScanRequests} and paid for within {@link OnDemandBudget}. {@link ScanPublisher} runs and publishes
 * each scan, {@link SelfMeter} measures the agent's own cost, {@link ScanLog} reports trouble.
 *
 * <p>The batch and the scan bookkeeping belong to the scanner thread; the latest snapshot, the interval and the
 * counters are read by any. The rest of the control interface (page queries, native heap, thresholds) is
 * {@link AgentControl}'s.
 *
 * <p>Each job above is already its own class; what stays is the loop with the thread-owned state it shares
 * between ticks and requests, kept in one class so that ownership is stated, and can be checked, in one place.
 */
public final class Sampler implements FootprintControl, Runnable {

    /** Scans that run cold (JIT, class loading, the layout's first commands): not charged to the budget. */
    static final int WARM_UP_WALKS = 3;

    private final ScanPolicy policy;
    private final StatmReader statm;
    private final String version;
    private final SelfMeter self;
    private final ScanLog log;
    private final ScanPublisher publisher;
    private final OnDemandBudget onDemand;
    private final ScanRequests requests;
    private volatile long intervalMillis;
    private volatile long skipped;
    private final List<Request> batch = new ArrayList<>();
    private long lastDueNanos;
    private boolean builtBeforeGate;
    private final MessagePassingQueue.Consumer<Request> addToBatch = batch::add;
    private boolean lastScanOnDemand;
    private long lastScanCpuNanos;

    /**
     * @param scannerFactory builds the scanner on the scanner thread, so that nothing it does at
     *                       construction runs in premain
     * @param selfClasses counts the agent's own loaded classes
     */
    public Sampler(
            Supplier<FootprintScanner> scannerFactory,
            AgentOptions options,
            AgentLog log,
            StatmReader statm,
            IntSupplier selfClasses,
            String version) {
        this.intervalMillis = options.intervalMillis();
        this.log = new ScanLog(log);
        this.policy =
                new ScanPolicy(
                        options.threshold(),
                        options.maxAgeMillis(),
                        options.budget(),
                        WARM_UP_WALKS);
        this.statm = statm;
        this.self = new SelfMeter(selfClasses);
        this.version = version;
        this.publisher =
                new ScanPublisher(
                        scannerFactory,
                        this.log,
                        FootprintSnapshot.unavailable(options.mode(), "starting: no scan yet"));
        this.requests = new ScanRequests(publisher::latest);
        this.onDemand = new OnDemandBudget(options.budget(), System.nanoTime());
    }

    @Override
    public FootprintSnapshot latest() {
        return publisher.latest();
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
        requests.offer(ScanRequests.WAKE); // re-time the wait now, not after the old interval
    }

    @Override
    public FootprintSnapshot scanNow() {
        return requests.scan();
    }

    @Override
    public List<MappingRow> mappings() {
        return requests.mappings();
    }

    @Override
    public AgentStats stats() {
        return new AgentStats(
                version,
                policy.effectiveIntervalMillis(intervalMillis),
                policy.effectiveMaxAgeMillis(),
                skipped,
                log.failures(),
                self.cpuNanos(),
                self.classesLoaded(),
                self.retainedBytes());
    }

    @Override
    public List<SelfCostRow> selfCost() {
        return self.rows(publisher.latest());
    }

    /** Hands every interval's outcome to {@code next} (the history, thresholds); call before {@link #run()}. */
    public void sink(SnapshotSink next) {
        publisher.sink(next);
    }

    public void stop() {
        requests.stop();
    }

    /** Stops scanning for good (or before the first scan); {@code status} says why, and scan() answers with it. */
    public void stopWith(String status) {
        publisher.publish(publisher.latest().withStatus(status));
        stop();
    }

    /**
     * Builds the scanner and scans once, on the scanner thread, before the MBeans are registered: whoever finds
     * them finds a scan. False if the scanner could not be built (then {@link #run()} returns at once).
     */
    public boolean prepare() {
        if (publisher.scanner() != null) {
            return true;
        }
        requests.scannerThread(Thread.currentThread());
        if (!publisher.build()) {
            return false;
        }
        timedScan(false, statm.residentBytes());
        return true;
    }

    /**
     * Before the MBeans exist, on the scanner thread, when a flight recording wants data: builds the scanner
     * and scans as the loop would, at most once an interval. Never throws.
     */
    public void scanIfDue() {
        try {
            long now = System.nanoTime();
            if (publisher.scanner() == null) {
                if (!builtBeforeGate) { // once: a scanner that cannot be built fails the same way
                    // again
                    builtBeforeGate = true;
                    lastDueNanos = now;
                    prepare();
                }
            } else if (now - lastDueNanos >= intervalMillis * 1_000_000L) {
                lastDueNanos = now;
                periodic();
            }
        } catch (Throwable t) {
            log.loopFailed(t);
        }
    }

    @Override
    public void run() {
        requests.scannerThread(Thread.currentThread());
        if (!prepare()) {
            return;
        }
        while (!requests.stopped()) {
            batch.clear();
            try {
                Request first = requests.next(intervalMillis);
                if (first != null) {
                    batch.add(first);
                    requests.drainInto(addToBatch);
                    if (!ScanRequests.onlyWakeUps(batch)) {
                        scanAndAnswer(batch);
                    }
                } else if (!requests.stopped()) { // next() also answers null once stopped
                    periodic();
                }
            } catch (Throwable t) {
                // whatever broke, the scanner thread stays alive and the host never sees it
                log.loopFailed(t);
                pause();
            }
        }
    }

    private void periodic() {
        long resident = statm.residentBytes();
        if (policy.shouldScan(System.currentTimeMillis(), resident, false)) {
            timedScan(false, resident);
            lastScanOnDemand = false;
        } else {
            skipped = policy.skipped();
            if (policy.unmoved(resident)) { // skipped for the budget while moving: no sample
                publisher.sink().unchanged(System.currentTimeMillis());
            }
        }
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
    private FootprintSnapshot timedScan(boolean onRequest, long resident) {
        long cpu0 = self.threadCpuNanos();
        FootprintSnapshot s = publisher.safeScan(onRequest);
        long cpu1 = self.threadCpuNanos();
        lastScanCpuNanos = cpu1 - cpu0;
        policy.scanned(System.currentTimeMillis(), resident, lastScanCpuNanos);
        self.scanned(cpu1, publisher.scanner());
        return s;
    }

    private void scanAndAnswer(List<Request> batch) {
        boolean wantsSnapshot = batch.isEmpty();
        for (Request r : batch) {
            wantsSnapshot |= r.snapshot() != null;
            if (r.rows() != null) {
                r.rows().complete(publisher.mappings());
            }
        }
        if (wantsSnapshot) {
            FootprintSnapshot s = recentEnough();
            if (s == null) {
                s = timedScan(true, statm.residentBytes());
                onDemand.spent(lastScanCpuNanos);
                lastScanOnDemand = true;
            }
            for (Request r : batch) {
                if (r.snapshot() != null) {
                    r.snapshot().complete(s);
                }
            }
        }
    }

    /** The latest snapshot, marked as served, when {@link OnDemandBudget} says it answers instead of a scan. */
    private FootprintSnapshot recentEnough() {
        FootprintSnapshot served =
                onDemand.servedInstead(
                        publisher.latest(), publisher.lastScanStatus(), lastScanOnDemand);
        if (served != null) {
            publisher.publish(served);
            // callers until then are answered in their own threads: serving thousands a second here
            // would cost the scanner more than the scans it saves
            requests.serveUntil(onDemand.serveUntilNanos());
        }
        return served;
    }
}
