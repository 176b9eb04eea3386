package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.Deadline;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.HistoryClient;
import dev.wrss.agent.cli.target.TargetProcess;
import dev.wrss.agent.cli.text.DiffView;
import java.io.IOException;
import java.util.List;
import javax.management.JMException;

/** {@code report --diff} and {@code report --since}: reads the target's history and prints a {@link DiffView}. */
final class DiffReport {

    private DiffReport() {}

    static int run(ReportCommand cmd, TargetProcess target, Deadline deadline) {
        if ((cmd.diff ? 1 : 0) + (cmd.sinceMillis != null ? 1 : 0) + (cmd.baseline ? 1 : 0) > 1) {
            throw new CommandFailure(
                    ExitCode.USAGE, "--diff, --since and --baseline exclude each other");
        }
        if (cmd.watchMillis != null || cmd.noAgent || cmd.mappings || cmd.files || cmd.threads) {
            throw new CommandFailure(
                    ExitCode.USAGE,
                    "--diff, --since and --baseline go without --watch, --no-agent, "
                            + "--mappings, --files and --threads");
        }
        try (AttachSession session = AttachSession.open(target, deadline)) {
            HistoryClient history = HistoryClient.of(target, session);
            List<HistoryClient.DiffRow> rows;
            String against;
            long then;
            if (cmd.baseline) {
                cmd.out.println(
                        "pid "
                                + cmd.pid
                                + ": baseline taken at "
                                + java.time.Instant.ofEpochMilli(history.takeBaseline())
                                + "; 'wrss report "
                                + cmd.pid
                                + " --diff' compares with it");
                return ExitCode.OK;
            }
            if (cmd.diff) {
                rows = history.diff();
                then = history.baselineEpochMillis();
                against = "the baseline";
            } else {
                long from = System.currentTimeMillis() - cmd.sinceMillis;
                rows = history.since(from);
                List<HistoryClient.SampleRow> first = history.samples(from, Long.MAX_VALUE);
                then = first.isEmpty() ? 0 : first.get(0).time();
                against = "the history's oldest sample of the last " + duration(cmd.sinceMillis);
            }
            cmd.out.print(
                    cmd.json
                            ? DiffView.json(cmd.pid, against, then, rows) + "\n"
                            : DiffView.human(cmd.pid, session.mainName(), against, then, rows));
            cmd.out.flush();
            return ExitCode.OK;
        } catch (IOException | JMException e) {
            throw AttachSession.failure("reading the history of pid " + cmd.pid, e);
        }
    }

    /** 90s, 10m, 2h, 3d: as --since was most likely written. */
    static String duration(long millis) {
        long s = millis / 1000;
        return s % 86_400 == 0
                ? s / 86_400 + "d"
                : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
