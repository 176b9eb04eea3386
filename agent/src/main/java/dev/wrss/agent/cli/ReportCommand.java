package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.AgentClient;
import dev.wrss.agent.cli.target.AttachFacts;
import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.Deadline;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.FootprintSource;
import dev.wrss.agent.cli.target.LocalScan;
import dev.wrss.agent.cli.target.ProcessOwner;
import dev.wrss.agent.cli.target.TargetProcess;
import dev.wrss.agent.cli.text.ReportView;
import dev.wrss.agent.cli.text.WatchDelta;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wrss report <pid>}: the target's memory by region. With the agent in the target its MBeans answer
 * (after a fresh scan); without, this command reads the target's smaps itself and leaves nothing behind.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Show a JVM's memory by region: RSS, PSS, USS, swap, virtual size, mappings, share of PSS. "
                        + "Uses the wrss agent when the target runs it; otherwise reads /proc/<pid>/smaps here and asks the "
                        + "JVM for its layout with diagnostic commands, loading nothing into it.")
final class ReportCommand implements Callable<Integer> {

    static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of the target JVM")
    long pid;

    @Option(
            names = "--json",
            description = "one JSON object (per redraw with --watch); schema in docs/cli.md")
    boolean json;

    @Option(names = "--mappings", description = "also list every mapping with its region")
    boolean mappings;

    @Option(names = "--files", description = "also list the mapped files by PSS")
    boolean files;

    @Option(
            names = "--threads",
            description = "also list the thread stacks by RSS, with thread names")
    boolean threads;

    @Option(
            names = "--watch",
            paramLabel = "<interval>",
            converter = IntervalConverter.class,
            description =
                    "redraw every <interval> (e.g. 2s, 500ms) until interrupted, like top, with each region's PSS "
                            + "change since the watch started in a last column")
    Long watchMillis;

    @Option(
            names = "--count",
            paramLabel = "<n>",
            description = "with --watch: stop after <n> reports")
    int count;

    @Option(
            names = "--no-agent",
            description = "scan from here even if the target runs the agent (a cross-check)")
    boolean noAgent;

    @Option(
            names = "--max-pause",
            paramLabel = "<duration>",
            defaultValue = "1ms",
            converter = PauseConverter.class,
            description =
                    "without the agent: the longest stop-the-world pause Thread.print may cost the target "
                            + "(estimated at 25 us a thread) for thread names longer than the kernel's 15 bytes; 0 never "
                            + "(default: ${DEFAULT-VALUE}). With the agent, its maxPause option applies")
    long maxPauseNanos;

    @CommandLine.Mixin TimeoutOption timeout = new TimeoutOption();

    @Option(
            names = "--diff",
            description =
                    "PSS per region against the agent's baseline (its first scan, or the last "
                            + "History.baseline()), largest growth first; needs the agent")
    boolean diff;

    @Option(
            names = "--baseline",
            description =
                    "take a new baseline in the agent now (a full scan, kept with its "
                            + "mappings) for later --diff; needs the agent")
    boolean baseline;

    @Option(
            names = "--since",
            paramLabel = "<duration>",
            converter = DurationConverter.class,
            description =
                    "PSS per region against the agent's history <duration> ago (e.g. 10m, 1h), largest growth "
                            + "first; needs the agent")
    Long sinceMillis;

    @Option(
            names = "--html",
            paramLabel = "<file>",
            description =
                    "write one self-contained HTML page to <file>: "
                            + "totals against the container limit, the history's timeline, each region's parts, the diff since the "
                            + "baseline, the native heap, the thread stacks and the raw JSON; loads nothing from the network")
    Path html;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (count < 0 || (count > 0 && watchMillis == null)) {
            throw new CommandFailure(
                    ExitCode.USAGE,
                    "--count needs --watch and a positive number; " + "see 'wrss report --help'");
        }
        Deadline deadline = timeout.forPid(pid);
        TargetProcess target = TargetProcess.check(pid, Path.of("/proc"), deadline);
        boolean agent =
                !noAgent && deadline.get("reading /proc/" + pid + "/task", target::hasWrssAgent);
        if (agent && target.otherUserAsRoot()) {
            agent = false;
            err.println(
                    "wrss report: pid "
                            + pid
                            + " belongs to "
                            + ProcessOwner.describe(target.ownerUid())
                            + ": as root, wrss reads no other user's JVM over JMX and measures from outside, as with "
                            + "--no-agent (run it as that user to read the agent)");
        }
        if (diff || sinceMillis != null || baseline) {
            return DiffReport.run(this, target, deadline);
        }
        try (AttachSession session = AttachSession.open(target, deadline)) {
            FootprintSource source =
                    agent
                            ? new AgentClient(pid, session.jmx())
                            : new LocalScan(
                                    session, Path.of("/proc"), AttachFacts.ALL, maxPauseNanos);
            ReportView view = new ReportView(threads, files);
            if (html != null) {
                return HtmlOutput.write(this, target, session, source, agent);
            }
            FootprintSnapshot watchStart = null;
            for (int n = 1; ; n++) {
                FootprintSnapshot s = source.scan();
                List<MappingRow> rows = mappings ? source.mappings() : null;
                if (json) {
                    out.println(view.json(pid, session.mainName(), source, s, rows));
                } else {
                    String text = view.human(pid, session.mainName(), source, s, rows);
                    watchStart = watchStart == null ? s : watchStart;
                    out.print(
                            watchMillis != null
                                    ? CLEAR_SCREEN + WatchDelta.withDelta(text, watchStart, s)
                                    : text);
                }
                out.flush();
                if (watchMillis == null || n == count) {
                    return ExitCode.OK;
                }
                Thread.sleep(watchMillis);
                if (!target.alive()) {
                    throw new CommandFailure(ExitCode.NO_SUCH_PROCESS, "pid " + pid + " exited");
                }
            }
        }
    }
}
