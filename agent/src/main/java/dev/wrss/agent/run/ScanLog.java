package dev.wrss.agent.run;

import dev.wrss.agent.AgentLog;

/**
 * What the scanner says about its own trouble: the failure count the stats publish, and the log lines. A
 * degraded status is logged when its kind changes (numbers masked: "3 unparsable lines" and "5 unparsable
 * lines" are one kind), so a lasting condition is one line, not one per minute forever. Written on the
 * scanner thread; {@link #failures()} is read by any.
 */
final class ScanLog {

    private final AgentLog log;
    private volatile long failures;
    private String lastStatusKind;

    ScanLog(AgentLog log) {
        this.log = log;
    }

    long failures() {
        return failures;
    }

    /** A scan published {@code status}. */
    void published(String status) {
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

    /** A scan failed; returns the status that says so while scan {@code shownId} stays published. */
    String scanFailed(long shownId, Throwable t) {
        failures++;
        String why = "scan failed, showing scan " + shownId + ": " + AgentLog.describe(t);
        log.problem("scan:" + t.getClass().getName(), why);
        return why;
    }

    /** Something else in the loop broke; the loop goes on. */
    void loopFailed(Throwable t) {
        failures++;
        log.problem("loop:" + t.getClass().getName(), "scanner loop: " + AgentLog.describe(t));
    }

    void mappingsFailed(Throwable t) {
        log.problem(
                "mappings:" + t.getClass().getName(), "mappings() failed: " + AgentLog.describe(t));
    }

    /** The scanner could not be built; returns the status that says so. */
    String initFailed(Throwable t) {
        log.problem("init", "scanner could not start, wrss is idle: " + AgentLog.describe(t));
        return "disabled: " + AgentLog.describe(t);
    }
}
