package dev.wrss.agent.run;

import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import java.nio.channels.ClosedByInterruptException;
import java.util.List;
import java.util.function.Supplier;

/**
 * One scan of the {@link FootprintScanner}, published: the snapshot is built off to the side and
 * swapped in with one volatile write, so readers never see a half-built one; a failed scan keeps the last
 * numbers and says why in Status. The scanner and the scan bookkeeping belong to the scanner thread;
 * {@link #latest()} is read by any.
 */
final class ScanPublisher {

    /** Scans an application that keeps interrupting the scanner may cut short before one gets through. */
    private static final int INTERRUPTED_WALK_TRIES = 10;

    private final Supplier<FootprintScanner> scannerFactory;
    private final ScanLog log;
    private volatile FootprintSnapshot latest;

    /** Told of every interval's outcome on the scanner thread; set before the loop runs. */
    private volatile SnapshotSink sink = SnapshotSink.NONE;

    private FootprintScanner scanner;
    private boolean buildFailed;
    private long nextId = 1;
    private String lastScanStatus = "";

    ScanPublisher(
            Supplier<FootprintScanner> scannerFactory, ScanLog log, FootprintSnapshot initial) {
        this.scannerFactory = scannerFactory;
        this.log = log;
        this.latest = initial;
    }

    FootprintSnapshot latest() {
        return latest;
    }

    /** Publishes {@code s} without a scan: a status change, or the latest snapshot served again. */
    void publish(FootprintSnapshot s) {
        latest = s;
    }

    SnapshotSink sink() {
        return sink;
    }

    void sink(SnapshotSink next) {
        sink = next == null ? SnapshotSink.NONE : next;
    }

    /** The status of the last scan, ok or not. */
    String lastScanStatus() {
        return lastScanStatus;
    }

    /** Null until {@link #build()} succeeded. */
    FootprintScanner scanner() {
        return scanner;
    }

    /** Builds the scanner, once; false if it could not be built (and never will be). */
    boolean build() {
        if (scanner != null || buildFailed) {
            return scanner != null;
        }
        try {
            scanner = scannerFactory.get();
            return true;
        } catch (Throwable t) {
            buildFailed = true;
            latest = latest.withStatus(log.initFailed(t));
            return false;
        }
    }

    /** Scans and publishes; never throws. */
    FootprintSnapshot safeScan(boolean onRequest) {
        // an interrupt left set would close the scan's file channels on their first read
        Thread.interrupted();
        try {
            FootprintSnapshot s = null;
            for (int attempt = 1; s == null; attempt++) {
                try {
                    s = scanner.scan(nextId, onRequest);
                } catch (Exception e) {
                    if (!interruptedRead(e) || attempt == INTERRUPTED_WALK_TRIES) {
                        throw e;
                    }
                    // interrupted mid-scan: its readers reopen their files; scan again
                    Thread.interrupted();
                }
            }
            nextId++;
            latest = s;
            lastScanStatus = s.status();
            sink.published(s);
            log.published(s.status());
            return s;
        } catch (Throwable t) {
            String why = log.scanFailed(latest.id(), t);
            latest = latest.withStatus(why);
            lastScanStatus = why;
            return latest;
        }
    }

    /** The last scan's mappings, or none if they cannot be had; never throws. */
    List<MappingRow> mappings() {
        try {
            return scanner.mappings();
        } catch (Throwable t) {
            log.mappingsFailed(t);
            return List.of();
        }
    }

    private static boolean interruptedRead(Throwable t) {
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }
}
