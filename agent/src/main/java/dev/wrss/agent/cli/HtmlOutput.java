package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.FootprintSource;
import dev.wrss.agent.cli.target.HistoryClient;
import dev.wrss.agent.cli.target.TargetProcess;
import dev.wrss.agent.cli.text.ReportView;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.HtmlReport;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.Region;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.management.JMException;

/** {@code report --html <file>}: gathers what {@link HtmlReport} shows from the target and writes the page. */
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
        List<HtmlReport.Point> samples = List.of();
        List<HtmlReport.Change> diff = List.of();
        if (agent) {
            try {
                HistoryClient history = HistoryClient.of(target, session);
                diff = changes(history.diff());
                samples = points(history.samples(0, Long.MAX_VALUE));
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

    private static List<HtmlReport.Change> changes(List<HistoryClient.DiffRow> rows) {
        List<HtmlReport.Change> out = new ArrayList<>(rows.size());
        rows.forEach(d -> out.add(new HtmlReport.Change(d.region(), d.before(), d.now())));
        return out;
    }

    /** The agent's rows, one per time and region, as one point per time; a newer agent's regions left out. */
    private static List<HtmlReport.Point> points(List<HistoryClient.SampleRow> rows) {
        TreeMap<Long, long[]> byTime = new TreeMap<>();
        for (HistoryClient.SampleRow r : rows) {
            Region region =
                    Region.ofId(
                            r.region()); // null for total and for regions this CLI does not know
            if (region != null) {
                byTime.computeIfAbsent(r.time(), t -> new long[Region.count()])[region.ordinal()] =
                        r.pss();
            }
        }
        List<HtmlReport.Point> out = new ArrayList<>(byTime.size());
        byTime.forEach((time, pss) -> out.add(new HtmlReport.Point(time, pss)));
        return out;
    }
}
