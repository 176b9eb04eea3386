package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.FootprintSource;
import dev.wrss.agent.cli.target.HistoryClient;
import dev.wrss.agent.cli.target.TargetProcess;
import dev.wrss.agent.cli.text.ReportView;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import javax.management.JMException;

/** {@code report --html <file>}: gathers what {@link HtmlReport} shows and writes the page. */
final class HtmlOutput {

    private HtmlOutput() {}

    static int write(
            ReportCommand cmd,
            TargetProcess target,
            AttachSession session,
            FootprintSource source,
            boolean agent) {
        if (cmd.watchMillis != null || cmd.json) {
            throw new CommandFailure(ExitCode.USAGE, "--html goes without --watch and --json");
        }
        FootprintSnapshot s = source.scan();
        List<MappingRow> mappings = source.mappings();
        List<HistoryClient.SampleRow> samples = List.of();
        List<HistoryClient.DiffRow> diff = List.of();
        if (agent) {
            try {
                HistoryClient history = HistoryClient.of(target, session);
                diff = history.diff();
                samples = history.samples(0, Long.MAX_VALUE);
            } catch (CommandFailure noHistory) { // history=off: the page says there is none
                cmd.err.println("wrss report: " + noHistory.getMessage());
            } catch (IOException | JMException e) {
                throw AttachSession.failure("reading the history of pid " + cmd.pid, e);
            }
        }
        String json =
                new ReportView(true, true).json(cmd.pid, session.mainName(), source, s, mappings);
        String page =
                HtmlReport.render(
                        new HtmlReport.Input(
                                cmd.pid,
                                session.mainName(),
                                source.describe(),
                                s,
                                mappings,
                                samples,
                                diff,
                                source.nativeHeapReport(),
                                json));
        try {
            Files.writeString(cmd.html, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCode.FAILURE, "cannot write " + cmd.html + ": " + e.getMessage());
        }
        cmd.out.println(
                "pid " + cmd.pid + ": wrote " + cmd.html + " (" + page.length() + " characters)");
        return ExitCode.OK;
    }
}
