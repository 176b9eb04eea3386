package dev.wrss.agent.evidence;

import dev.wrss.agent.AgentLog;
import dev.wrss.agent.history.History;
import dev.wrss.agent.run.SnapshotSink;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.HistoryControl;
import dev.wrss.mbeans.ThresholdControl;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes evidence before the OOM kill: when a scan finds the process's PSS, or its cgroup's usage, whichever is
 * nearer, at or above a {@code reportAt} share of the container limit (of physical memory without one), and
 * when a PSS threshold is crossed. One report per crossing: a level is re-armed once the share falls
 * {@link #HYSTERESIS} below it. The scanner thread only decides; one daemon thread ({@code wrss-reports})
 * builds and writes, from a queue of a few reports, dropping (and counting) beyond that.
 *
 * <p>Ownership: {@link #published} runs on the scanner thread and alone touches {@link #fired};
 * {@link #latest} and {@link #status} are volatile, read by the writer and by JMX threads.
 */
public final class EvidenceTrigger implements SnapshotSink {

    static final double HYSTERESIS = 0.05;
    static final int MAX_FILES = 20;
    static final long MAX_BYTES = 16L << 20;

    private final double[] levels;
    private final boolean[] fired;
    private final ReportDir dir;
    private final History history;
    private final long physicalBytes;
    private final AgentLog log;
    private final ThreadPoolExecutor writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile FootprintSnapshot latest;
    private volatile String status;

    EvidenceTrigger(
            ReportDir dir, double[] levels, History history, long physicalBytes, AgentLog log) {
        this.dir = dir;
        this.levels = levels.clone();
        this.fired = new boolean[levels.length];
        this.history = history;
        this.physicalBytes = physicalBytes;
        this.log = log;
        this.writer =
                new ThreadPoolExecutor(
                        1,
                        1,
                        0,
                        TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(4),
                        r -> {
                            Thread t = new Thread(r, "wrss-reports");
                            t.setDaemon(true);
                            return t;
                        },
                        (r, e) -> dropped.incrementAndGet());
        String problem = dir.problem();
        if (problem == null) {
            try {
                int removed = dir.removeLeftovers();
                if (removed > 0) {
                    log.info(
                            "removed " + removed + " unfinished report file(s) from " + dir.path());
                }
            } catch (Exception e) {
                problem = "cannot list " + dir.path() + ": " + e;
            }
        }
        status =
                problem == null
                        ? "ok: reports at " + levelsText() + " of the limit into " + dir.path()
                        : "disabled: " + problem;
        if (problem != null) {
            log.problem("reportDir", "reportDir " + status);
        }
    }

    /**
     * The trigger the agent argument asks for ({@code reportDir=<dir>}, {@code reportAt=75%,90%}), or null
     * without reportDir: nothing is ever written unless asked.
     */
    public static EvidenceTrigger fromArgs(
            String args,
            History history,
            ThresholdControl thresholds,
            AgentLog log,
            Path procRoot) {
        String path = EvidenceOptions.value(args, "reportDir");
        if (path == null || path.isEmpty()) {
            return null;
        }
        double[] levels = EvidenceOptions.levels(EvidenceOptions.value(args, "reportAt"));
        EvidenceTrigger t =
                new EvidenceTrigger(
                        new ReportDir(Path.of(path), MAX_FILES, MAX_BYTES),
                        levels,
                        history,
                        EvidenceOptions.memTotalBytes(procRoot),
                        log);
        thresholds.subscribe(c -> t.submit("threshold-" + c.region()));
        return t;
    }

    /** {@code ok: ...}, or why no report is written, or the last failure; for the History bean. */
    public String status() {
        String s = status;
        long d = dropped.get();
        return s
                + (written.get() > 0 ? "; " + written.get() + " report(s) written" : "")
                + (d > 0 ? "; " + d + " dropped while busy" : "");
    }

    @Override
    public void published(FootprintSnapshot s) {
        latest = s;
        if (status.startsWith("disabled")) {
            return;
        }
        long limit = s.system().limitBytes() > 0 ? s.system().limitBytes() : physicalBytes;
        if (limit <= 0) {
            return;
        }
        double share = Math.max(s.total().pssBytes(), s.system().usageBytes()) / (double) limit;
        for (int i = 0; i < levels.length; i++) {
            if (!fired[i] && share >= levels[i]) {
                fired[i] = true;
                submit(Math.round(levels[i] * 100) + "pct");
            } else if (fired[i] && share < levels[i] - HYSTERESIS) {
                fired[i] = false;
            }
        }
    }

    @Override
    public void unchanged(long epochMillis) {
        // nothing moved, so no level was crossed
    }

    /** Queues a report of the latest snapshot; never blocks. */
    void submit(String reason) {
        FootprintSnapshot s = latest;
        if (s == null || status.startsWith("disabled")) {
            return;
        }
        writer.execute(() -> write(reason, s));
    }

    private void write(String reason, FootprintSnapshot s) {
        try {
            FootprintSnapshot baseline = history != null ? history.baseline() : s;
            List<HistoryControl.Growth> growth = history != null ? history.growth() : List.of();
            EvidenceReport r =
                    new EvidenceReport(reason, s, baseline.id() > 0 ? baseline : s, growth);
            String name =
                    ReportDir.PREFIX
                            + ProcessHandle.current().pid()
                            + "-"
                            + Stamp.UTC.format(java.time.Instant.ofEpochMilli(s.epochMillis()))
                            + "-"
                            + reason;
            if (dir.problem() != null) {
                throw new java.io.IOException(dir.problem());
            }
            dir.write(name + ".json", r.json());
            dir.write(name + ".txt", r.text());
            written.incrementAndGet();
            dir.prune();
        } catch (Throwable t) {
            status = "ok, but the last report (" + reason + ") failed: " + t;
            log.problem("report", "writing a report into " + dir.path() + " failed: " + t);
        }
    }

    private String levelsText() {
        StringBuilder b = new StringBuilder();
        for (double l : levels) {
            b.append(b.length() == 0 ? "" : ",").append(Math.round(l * 100)).append('%');
        }
        return b.toString();
    }

    /** Built at the first report, not when the agent starts without a {@code reportDir}. */
    private static final class Stamp {
        static final DateTimeFormatter UTC =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    }
}
