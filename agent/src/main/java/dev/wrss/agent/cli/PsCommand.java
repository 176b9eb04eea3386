package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.AgentClient;
import dev.wrss.agent.cli.target.AttachFacts;
import dev.wrss.agent.cli.target.AttachSession;
import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.Deadline;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.LocalJvms;
import dev.wrss.agent.cli.target.LocalScan;
import dev.wrss.agent.cli.target.ProcessOwner;
import dev.wrss.agent.cli.target.SmapsRollup;
import dev.wrss.agent.cli.target.TargetProcess;
import dev.wrss.agent.cli.text.JsonText;
import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.Region;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wrss ps}: every attachable JVM of this user, one row each, largest PSS first, and a total. Totals come
 * from smaps_rollup; the heap's share from the target's agent if it runs one, else from one smaps pass
 * classified with the heap range alone (one GC.heap_info over attach).
 */
@Command(
        name = "ps",
        mixinStandardHelpOptions = true,
        description =
                "List this user's JVMs by PSS (weighted RSS), with heap and non-heap PSS. "
                        + "The TOTAL PSS is the memory these JVMs use among them; see docs/cli.md for the caveat.")
final class PsCommand implements Callable<Integer> {

    private static final String ROW = "%8s %-32s %11s %11s %11s %11s %11s%n";

    @Option(names = "--json", description = "one JSON object; schema in docs/cli.md")
    boolean json;

    @CommandLine.Mixin TimeoutOption timeout = new TimeoutOption();

    PrintStream out = System.out;
    PrintStream err = System.err;

    /**
     * One JVM; {@code heapPssBytes} is -1 where it could not be measured; {@code responding} is false for a JVM
     * that did not answer within the timeout.
     */
    record Row(
            long pid,
            String main,
            SmapsRollup totals,
            long heapPssBytes,
            String heapSource,
            boolean responding) {
        long nonHeapPssBytes() {
            return heapPssBytes < 0 ? -1 : totals.pssBytes() - heapPssBytes;
        }
    }

    @Override
    public Integer call() {
        Path proc = Path.of("/proc");
        long self = ProcessHandle.current().pid();
        int me = ProcessOwner.effectiveUid();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Long, String> jvm :
                LocalJvms.list(proc, me, self, timeout::forPid).entrySet()) {
            Row row = measure(proc, jvm.getKey(), jvm.getValue());
            if (row != null) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparingLong((Row r) -> r.totals().pssBytes()).reversed());
        out.print(json ? json(rows) : table(rows));
        out.flush();
        return ExitCode.OK;
    }

    /** The JVM's row, or null if it exited between the listing and the read. */
    private Row measure(Path proc, long pid, String main) {
        Deadline deadline = timeout.forPid(pid);
        SmapsRollup totals;
        try {
            totals = deadline.call("reading its smaps_rollup", () -> SmapsRollup.read(proc, pid));
        } catch (CommandFailure e) {
            err.println("wrss ps: pid " + pid + ": not responding: " + e.getMessage());
            return new Row(pid, main, new SmapsRollup(-1, -1, -1), -1, "none", false);
        } catch (Exception e) {
            return null;
        }
        try {
            TargetProcess target = TargetProcess.check(pid, proc, deadline);
            try (AttachSession session = AttachSession.open(target, deadline)) {
                if (target.hasWrssAgent()) {
                    return new Row(
                            pid,
                            main,
                            totals,
                            new AgentClient(pid, session.jmx()).heapPssBytes(),
                            "agent",
                            true);
                }
                LocalScan scan = new LocalScan(session, proc, AttachFacts.HEAP_ONLY);
                return new Row(
                        pid,
                        main,
                        totals,
                        scan.scan().region(Region.JAVA_HEAP).pssBytes(),
                        "cli",
                        true);
            }
        } catch (CommandFailure e) { // the row stays, without a heap split
            boolean responding = e.exitCode() != ExitCode.TIMEOUT;
            err.println(
                    "wrss ps: pid "
                            + pid
                            + ": "
                            + (responding ? "heap not measured: " : "not responding: ")
                            + e.getMessage());
            return new Row(pid, main, totals, -1, "none", responding);
        } catch (Exception e) {
            err.println(
                    "wrss ps: pid "
                            + pid
                            + ": heap not measured: "
                            + CommandFailure.oneLine(e.getMessage()));
            return new Row(pid, main, totals, -1, "none", true);
        }
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        ROW,
                        "PID",
                        "MAIN",
                        "PSS",
                        "RSS",
                        "USS",
                        "HEAP PSS",
                        "NONHEAP PSS"));
        for (Row r : rows) {
            String row =
                    String.format(
                            Locale.ROOT,
                            ROW,
                            r.pid(),
                            shorten(r.main()),
                            FootprintReport.bytes(r.totals().pssBytes()),
                            FootprintReport.bytes(r.totals().rssBytes()),
                            FootprintReport.bytes(r.totals().ussBytes()),
                            FootprintReport.bytes(r.heapPssBytes()),
                            FootprintReport.bytes(r.nonHeapPssBytes()));
            // referenced by docs/cli.md; do not reword
            sb.append(
                    r.responding()
                            ? row
                            : row.stripTrailing() + "  not responding" + System.lineSeparator());
        }
        long[] t = totals(rows);
        sb.append(
                String.format(
                        Locale.ROOT,
                        ROW,
                        "TOTAL",
                        rows.size() + " JVMs",
                        FootprintReport.bytes(t[0]),
                        FootprintReport.bytes(t[1]),
                        FootprintReport.bytes(t[2]),
                        FootprintReport.bytes(t[3]),
                        FootprintReport.bytes(t[4])));
        return sb.toString();
    }

    /** PSS, RSS, USS, heap PSS, non-heap PSS summed over the rows; heap sums skip unmeasured rows. */
    static long[] totals(List<Row> rows) {
        long[] t = new long[5];
        for (Row r : rows) {
            t[0] += Math.max(0, r.totals().pssBytes());
            t[1] += Math.max(0, r.totals().rssBytes());
            t[2] += Math.max(0, r.totals().ussBytes());
            t[3] += Math.max(0, r.heapPssBytes());
            t[4] += Math.max(0, r.nonHeapPssBytes());
        }
        return t;
    }

    private static String shorten(String main) {
        return main.length() <= 32 ? main : "..." + main.substring(main.length() - 29);
    }

    /** {@code {"jvms": [{"pid", "main", "pss", "rss", "uss", "heapPss", "nonHeapPss", "heapSource", "responding"}], "total": {...}}}. */
    static String json(List<Row> rows) {
        StringBuilder sb = new StringBuilder(1024);
        JsonText j = new JsonText(sb).open('{');
        j.key("jvms").open('[');
        for (Row r : rows) {
            j.key(null).open('{');
            j.key("pid").value(r.pid());
            j.key("main").value(r.main());
            j.key("pss").value(r.totals().pssBytes());
            j.key("rss").value(r.totals().rssBytes());
            j.key("uss").value(r.totals().ussBytes());
            j.key("heapPss").value(r.heapPssBytes());
            j.key("nonHeapPss").value(r.nonHeapPssBytes());
            j.key("heapSource").value(r.heapSource());
            j.key("responding").value(r.responding());
            j.close('}');
        }
        j.close(']');
        long[] t = totals(rows);
        j.key("total").open('{');
        j.key("jvms").value(rows.size());
        j.key("pss").value(t[0]);
        j.key("rss").value(t[1]);
        j.key("uss").value(t[2]);
        j.key("heapPss").value(t[3]);
        j.key("nonHeapPss").value(t[4]);
        j.close('}');
        return sb.append("}\n").toString();
    }
}
