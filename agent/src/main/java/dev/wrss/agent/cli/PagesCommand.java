package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.CommandFailure;
import dev.wrss.agent.cli.target.ExitCode;
import dev.wrss.agent.cli.target.TargetProcess;
import dev.wrss.agent.cli.target.TerminalText;
import dev.wrss.agent.pages.SupermincoreQueries;
import dev.wrss.mbeans.PageQuery;
import dev.wrss.mbeans.PageRow;
import dev.wrss.mbeans.PageSummaryRow;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code wrss pages <pid> <start> <end>}: supermincore for any process: each page's physical frame, offset in
 * its file, map count and protection, from /proc/PID/pagemap, /proc/kpagecount and /proc/kpageflags.
 */
@Command(
        name = "pages",
        mixinStandardHelpOptions = true,
        description =
                "Show every page of [start, end) of a process (at most 1 GiB): physical frame (pfn), offset "
                        + "in the backing file in pages (index), number of processes mapping it (count), protection, "
                        + "flags and NUMA node. Frames and counts need CAP_SYS_ADMIN; without it pfn is 0 and count is "
                        + "1 for exclusively mapped pages, 0 (unknown) for the others. Addresses in hex (0x...) or decimal.")
final class PagesCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "<pid>",
            description = "process id (any process, not only JVMs)")
    long pid;

    @Parameters(
            index = "1",
            paramLabel = "<start>",
            description = "first address, e.g. 0x7f3a00000000")
    String start;

    @Parameters(index = "2", paramLabel = "<end>", description = "end address (exclusive)")
    String end;

    @Option(
            names = "--summary",
            description =
                    "one line per mapping instead of per page: pages present, swapped, "
                            + "exclusive, shared (count > 1), of unknown count, and the exact weighted bytes (Σ page size / count)")
    boolean summary;

    @picocli.CommandLine.Mixin TimeoutOption timeout = new TimeoutOption();

    PrintStream out = System.out;

    @Override
    public Integer call() {
        long from = address(start, "<start>");
        long to = address(end, "<end>");
        TargetProcess.checkReadable(pid, Path.of("/proc"));
        PageQuery q;
        try {
            q =
                    timeout.forPid(pid)
                            .get(
                                    "reading /proc/" + pid + "/pagemap",
                                    () ->
                                            new SupermincoreQueries(
                                                            Path.of("/proc"), Path.of("/sys"))
                                                    .query(pid, from, to, !summary));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage() + "; see 'wrss pages --help'");
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCode.FAILURE, e.getMessage());
        }
        out.println(
                "# pid "
                        + pid
                        + ", "
                        + (q.privileged()
                                ? "privileged: frames and map counts are real"
                                : "unprivileged: pfn 0, count 1 = exclusively mapped, 0 = unknown (run as root for frames)"));
        if (summary) {
            out.println(
                    String.format(
                            Locale.ROOT,
                            "%-33s %-4s %8s %8s %8s %9s %8s %8s %14s  %s",
                            "RANGE",
                            "PERM",
                            "PAGES",
                            "PRESENT",
                            "SWAPPED",
                            "EXCLUSIVE",
                            "SHARED",
                            "UNKNOWN",
                            "WEIGHTED",
                            "PATH"));
            for (PageSummaryRow m : q.mappings()) {
                out.println(
                        String.format(
                                Locale.ROOT,
                                "%016x-%016x %-4s %8d %8d %8d %9d %8d %8d %14d  %s",
                                m.start(),
                                m.end(),
                                m.perms(),
                                m.pages(),
                                m.present(),
                                m.swapped(),
                                m.exclusive(),
                                m.shared(),
                                m.unknownCount(),
                                m.weightedBytes(),
                                TerminalText.printable(m.path())));
            }
        } else {
            out.println(
                    String.format(
                            Locale.ROOT,
                            "%-16s %12s %10s %5s %-4s %-6s %4s",
                            "ADDRESS",
                            "PFN",
                            "INDEX",
                            "COUNT",
                            "PERM",
                            "FLAGS",
                            "NODE"));
            for (PageRow p : q.pages()) {
                out.println(
                        String.format(
                                Locale.ROOT,
                                "%016x %12x %10d %5d %-4s %-6s %4d",
                                p.address(),
                                p.pfn(),
                                p.index(),
                                p.count(),
                                p.perms(),
                                flags(p),
                                p.node()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    /** P present, S swapped, E exclusive, F file or shared anonymous, D soft-dirty, H transparent huge page. */
    static String flags(PageRow p) {
        return (p.present() ? "P" : "-")
                + (p.swapped() ? "S" : "-")
                + (p.exclusive() ? "E" : "-")
                + (p.fileOrSharedAnon() ? "F" : "-")
                + (p.softDirty() ? "D" : "-")
                + (p.thp() ? "H" : "-");
    }

    static long address(String text, String what) {
        try {
            String t = text.trim().toLowerCase(Locale.ROOT);
            return t.startsWith("0x")
                    ? Long.parseUnsignedLong(t.substring(2), 16)
                    : Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new CommandFailure(
                    ExitCode.USAGE,
                    what
                            + " is not an address: '"
                            + TerminalText.printable(text)
                            + "'; write it in hex (0x7f3a00000000) or decimal");
        }
    }
}
