package dev.wrss.agent.cli;

import javax.management.JMException;
import java.io.IOException;
import java.util.List;

/** {@code report --diff} and {@code report --since}: reads the target's history and prints a {@link DiffView}. */
final class DiffReport {

    private DiffReport() {
    }

    static int run(ReportCommand cmd, TargetProcess target) {
        if (cmd.diff && cmd.sinceMillis != null) {
            throw new CommandFailure(ExitCode.USAGE, "--diff and --since exclude each other");
        }
        if (cmd.watchMillis != null || cmd.noAgent || cmd.mappings || cmd.files || cmd.threads) {
            throw new CommandFailure(ExitCode.USAGE, "--diff and --since go without --watch, --no-agent, --mappings, "
                    + "--files and --threads");
        }
        try (AttachSession session = AttachSession.open(target)) {
            HistoryClient history = HistoryClient.of(target, session);
            List<HistoryClient.DiffRow> rows;
            String against;
            long then;
            if (cmd.diff) {
                rows = history.diff();
                then = history.baselineEpochMillis();
                against = "the baseline";
            } else {
                long from = System.currentTimeMillis() - cmd.sinceMillis;
                rows = history.since(from);
                List<HistoryClient.SampleRow> first = history.samples(from, Long.MAX_VALUE);
                then = first.isEmpty() ? 0 : first.get(0).time();
                against = "the history's oldest sample in the last " + (cmd.sinceMillis / 1000) + " s";
            }
            cmd.out.print(cmd.json ? DiffView.json(cmd.pid, against, then, rows) + "\n"
                    : DiffView.human(cmd.pid, session.mainName(), against, then, rows));
            cmd.out.flush();
            return ExitCode.OK;
        } catch (IOException | JMException e) {
            throw AttachSession.failure("reading the history of pid " + cmd.pid, e);
        }
    }
}
