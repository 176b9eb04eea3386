package dev.wrss.agent;

import dev.wrss.agent.evidence.EvidenceTrigger;
import dev.wrss.agent.history.History;
import dev.wrss.agent.history.HistoryOptions;
import dev.wrss.agent.history.Resolution;
import dev.wrss.agent.history.Thresholds;
import dev.wrss.agent.run.AgentControl;
import dev.wrss.agent.run.SnapshotSink;
import java.util.List;

/**
 * Wires what follows each scan to the sampler, on the scanner thread before the MBeans are registered: the
 * history records, the evidence writer decides on reports, the thresholds are checked (in that order, so that a
 * threshold's report holds the scan that crossed it).
 */
final class HistoryWiring {

    private HistoryWiring() {}

    /**
     * @param first told of every interval before the history, whatever the history options
     * @return the history, or null with {@code history=off}
     */
    static History wire(
            String args,
            AgentOptions options,
            AgentControl control,
            AgentLog log,
            SnapshotSink first) {
        List<Resolution> resolutions = HistoryOptions.resolutions(args, options.intervalMillis());
        History history = resolutions.isEmpty() ? null : new History(resolutions, control);
        Thresholds thresholds = Thresholds.fromArgs(args);
        control.thresholds(thresholds);
        SnapshotSink sink = history == null ? SnapshotSink.NONE : history;
        EvidenceTrigger evidence =
                EvidenceTrigger.fromArgs(args, history, thresholds, log, options.procRoot());
        if (evidence != null) {
            sink = SnapshotSink.both(sink, evidence);
            if (history != null) {
                history.reportStatus(evidence::status);
            }
        }
        control.sampler().sink(SnapshotSink.both(first, SnapshotSink.both(sink, thresholds)));
        return history;
    }
}
