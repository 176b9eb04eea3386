package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.Deadline;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.HistoryClient;
import dev.wrss.agent.cli.target.TargetProcess;
import dev.wrss.agent.cli.text.JsonText;
import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.Region;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wrss history <pid>}: the samples the agent in the target kept, one line per sample (PSS per region),
 * or as CSV (one row per sample and region) or JSON. Without the agent there is no history, and it says so.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description =
                "Print the memory history the wrss agent keeps inside the target JVM: PSS per region per "
                        + "sample (the agent option history sets how long and how fine). Needs the agent in the target.")
final class HistoryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of the target JVM")
    long pid;

    @Option(
            names = "--json",
            description =
                    "one JSON object: {pid, samples: [{time, threads, cgroupUsage, "
                            + "cgroupLimit, regions: {<region>: {rss, pss, uss, swap}}}]}")
    boolean json;

    @Option(
            names = "--csv",
            description =
                    "CSV with a header: time,region,rss,pss,uss,swap,threads,cgroupUsage,"
                            + "cgroupLimit (time in epoch ms, bytes); one row per sample and region, total included")
    boolean csv;

    @Option(
            names = "--since",
            paramLabel = "<duration>",
            converter = DurationConverter.class,
            description =
                    "only the samples of the last <duration> (e.g. 10m, 1h, 2d); default: all kept")
    Long sinceMillis;

    @CommandLine.Mixin TimeoutOption timeout = new TimeoutOption();

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (json && csv) {
            throw new CommandFailure(ExitCode.USAGE, "--json and --csv exclude each other");
        }
        Deadline deadline = timeout.forPid(pid);
        TargetProcess target = TargetProcess.check(pid, Path.of("/proc"), deadline);
        try (AttachSession session = AttachSession.open(target, deadline)) {
            HistoryClient history = HistoryClient.of(target, session);
            long from =
                    sinceMillis == null ? Long.MIN_VALUE : System.currentTimeMillis() - sinceMillis;
            List<HistoryClient.SampleRow> rows;
            try {
                rows = history.samples(from, Long.MAX_VALUE);
            } catch (java.io.IOException | javax.management.JMException e) {
                throw AttachSession.failure("reading the history of pid " + pid, e);
            }
            out.print(json ? json(rows) : csv ? csv(rows) : human(rows));
            out.flush();
            return ExitCode.OK;
        }
    }

    static String csv(List<HistoryClient.SampleRow> rows) {
        StringBuilder sb =
                new StringBuilder("time,region,rss,pss,uss,swap,threads,cgroupUsage,cgroupLimit\n");
        for (HistoryClient.SampleRow r : rows) {
            sb.append(r.time())
                    .append(',')
                    .append(r.region())
                    .append(',')
                    .append(r.rss())
                    .append(',')
                    .append(r.pss())
                    .append(',')
                    .append(r.uss())
                    .append(',')
                    .append(r.swap())
                    .append(',')
                    .append(r.threads())
                    .append(',')
                    .append(r.cgroupUsage())
                    .append(',')
                    .append(r.cgroupLimit())
                    .append('\n');
        }
        return sb.toString();
    }

    String json(List<HistoryClient.SampleRow> rows) {
        StringBuilder sb = new StringBuilder();
        JsonText j = new JsonText(sb).open('{').key("pid").value(pid).key("samples").open('[');
        long time = Long.MIN_VALUE;
        for (HistoryClient.SampleRow r : rows) {
            if (r.time() != time) {
                if (time != Long.MIN_VALUE) {
                    j.close('}').close('}');
                }
                time = r.time();
                j.key(null)
                        .open('{')
                        .key("time")
                        .value(time)
                        .key("threads")
                        .value(r.threads())
                        .key("cgroupUsage")
                        .value(r.cgroupUsage())
                        .key("cgroupLimit")
                        .value(r.cgroupLimit())
                        .key("regions")
                        .open('{');
            }
            j.key(r.region())
                    .open('{')
                    .key("rss")
                    .value(r.rss())
                    .key("pss")
                    .value(r.pss())
                    .key("uss")
                    .value(r.uss())
                    .key("swap")
                    .value(r.swap())
                    .close('}');
        }
        if (time != Long.MIN_VALUE) {
            j.close('}').close('}');
        }
        j.close(']').close('}');
        return sb.append('\n').toString();
    }

    /** One line a sample: the time, the threads, the total PSS and each region's PSS. */
    static String human(List<HistoryClient.SampleRow> rows) {
        StringBuilder sb =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%-24s %7s %10s",
                                "TIME (UTC)",
                                "THREADS",
                                "TOTAL PSS"));
        for (int i = 0; i < Region.count(); i++) {
            sb.append(String.format(Locale.ROOT, " %13s", Region.ofOrdinal(i).id()));
        }
        sb.append('\n');
        long time = Long.MIN_VALUE;
        StringBuilder regions = new StringBuilder();
        String head = "";
        for (HistoryClient.SampleRow r : rows) {
            if (r.time() != time) {
                if (time != Long.MIN_VALUE) {
                    sb.append(head).append(regions).append('\n');
                }
                time = r.time();
                regions.setLength(0);
            }
            if (r.region().equals("total")) {
                head =
                        String.format(
                                Locale.ROOT,
                                "%-24s %7d %10s",
                                Instant.ofEpochMilli(r.time()),
                                r.threads(),
                                FootprintReport.bytes(r.pss()));
            } else {
                regions.append(String.format(Locale.ROOT, " %13s", FootprintReport.bytes(r.pss())));
            }
        }
        if (time != Long.MIN_VALUE) {
            sb.append(head).append(regions).append('\n');
        } else {
            sb.append("(no samples in that time)\n");
        }
        return sb.toString();
    }
}
