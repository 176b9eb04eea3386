package dev.wrss.agent.run;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;

/**
 * The hand-over of {@code scan()} and {@code mappings()} requests from JMX threads to the {@code wrss-scanner}
 * thread, and the scanner's wait between intervals.
 *
 * <p>Requests travel through a JCTools MPSC queue; a requester then raises {@link #pending} and unparks the
 * scanner, which otherwise parks until its next interval. A plain park is the cheapest sleep there is: the
 * scanner wakes once an interval, so its waiting code is interpreted for most of the agent's life, where
 * JCTools' blocking-consumer {@code poll(timeout)} and even two plain {@code poll()}s an interval cost more
 * than {@code parkNanos} (docs/performance.md). So an interval with no request reads one volatile flag and
 * never touches the queue. Requesters may be any thread; {@link #next}, {@link #drainInto} and the
 * {@link Request} answers belong to the scanner thread.
 */
final class ScanRequests {

    /** How long a JMX caller of scanNow or mappings waits for the scanner before taking what there is. */
    static final long REQUEST_TIMEOUT_MILLIS = 30_000;

    /** A scan request; {@code rows} set means "mappings, please". */
    record Request(
            CompletableFuture<FootprintSnapshot> snapshot,
            CompletableFuture<List<MappingRow>> rows) {}

    /** Wakes the scanner and asks nothing: it re-times its wait, or sees that it stopped. */
    static final Request WAKE = new Request(null, null);

    private final MpscVarHandleArrayQueue<Request> queue = new MpscVarHandleArrayQueue<>(256);

    /** Raised by a requester after its offer; see {@link #pendingRequest()} for when it comes down. */
    private volatile boolean pending;

    /** The scanner thread, unparked after each request; null until it runs. */
    private volatile Thread scannerThread;

    private volatile boolean stopped;

    /** Until then scan() callers get the latest snapshot as it is, without a request: set by the scanner. */
    private volatile long serveUntilNanos = System.nanoTime();

    /** The latest snapshot, whose status a stopped scanner answers with. */
    private final Supplier<FootprintSnapshot> latest;

    ScanRequests(Supplier<FootprintSnapshot> latest) {
        this.latest = latest;
    }

    /** Called on the scanner thread before it first waits. */
    void scannerThread(Thread t) {
        scannerThread = t;
    }

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
        offer(WAKE);
    }

    /** Until {@code nanos} ({@link System#nanoTime()}) scan() callers get the latest snapshot as it is. */
    void serveUntil(long nanos) {
        serveUntilNanos = nanos;
    }

    /** A requester's scan: a new snapshot, or the latest with a status saying why there is none. */
    FootprintSnapshot scan() {
        String gone = notScanning();
        if (gone != null) {
            return latest.get().withStatus(gone);
        }
        if (System.nanoTime() - serveUntilNanos < 0) {
            return latest
                    .get(); // the scanner said so a moment ago: answered here, without waking it
        }
        Request r = new Request(new CompletableFuture<>(), null);
        if (!offer(r)) {
            return awaitNewerThan(
                    latest.get().id()); // 256 callers already waiting: ride on their scan
        }
        FootprintSnapshot s = await(r.snapshot());
        if (s != null) {
            return s;
        }
        gone = notScanning();
        return latest.get()
                .withStatus(
                        gone != null
                                ? gone
                                : "scan requested but not done within "
                                        + REQUEST_TIMEOUT_MILLIS
                                        + " ms");
    }

    /** A requester's mappings of a new scan; none if the scanner is gone or does not answer in time. */
    List<MappingRow> mappings() {
        Request r = new Request(null, new CompletableFuture<>());
        if (notScanning() != null || !offer(r)) {
            return List.of();
        }
        List<MappingRow> rows = await(r.rows());
        return rows == null ? List.of() : rows;
    }

    /** Queues a request and wakes the scanner; false if 256 are already waiting. */
    boolean offer(Request r) {
        boolean queued = queue.offer(r);
        pending = true; // after the offer, so a scanner that sees the flag finds the request
        LockSupport.unpark(scannerThread); // after both: a scanner about to park keeps the permit
        return queued;
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
            } catch (TimeoutException e) {
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

    /** Waits until a snapshot newer than {@code id} is published, the timeout passes or the scanner is gone. */
    private FootprintSnapshot awaitNewerThan(long id) {
        long deadline = System.currentTimeMillis() + REQUEST_TIMEOUT_MILLIS;
        while (latest.get().id() <= id
                && System.currentTimeMillis() < deadline
                && notScanning() == null) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return latest.get();
    }

    /** Why no scan will come (the status to answer with), or null while the scanner runs or is about to. */
    String notScanning() {
        if (stopped) {
            String status = latest.get().status();
            return status.startsWith("ok") ? "stopped" : status;
        }
        Thread t = scannerThread;
        return t != null && !t.isAlive() ? "stopped: the wrss-scanner thread ended" : null;
    }

    /**
     * The next request, or null once {@code millis} passed without one (or the sampler stopped). An interrupt is
     * a wake-up like any other: cleared, and the wait goes on, so one interrupt costs at most one extra turn.
     */
    Request next(long millis) {
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
            // no blocker: setting and clearing one is two more interpreted calls
            LockSupport.parkNanos(left);
            Thread.interrupted(); // a park returns at once while interrupted: clear it, never spin
        }
        return null;
    }

    /** Hands every request queued now to {@code into}. */
    void drainInto(MessagePassingQueue.Consumer<Request> into) {
        queue.drain(into);
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
        Request r = queue.poll();
        if (r == null) {
            pending = false;
            r = queue.poll();
            if (r != null) {
                pending = true;
            }
        }
        return r;
    }

    static boolean onlyWakeUps(List<Request> batch) {
        for (Request r : batch) {
            if (r != WAKE) {
                return false;
            }
        }
        return true;
    }
}
