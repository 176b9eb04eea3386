package dev.wrss.agent.cli.text;

import dev.wrss.agent.cli.target.FootprintSource;
import dev.wrss.agent.cli.target.TerminalText;
import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.ReportJson;
import dev.wrss.mbeans.SelfCostRow;
import java.util.List;
import java.util.Locale;

/**
 * Renders one report of one target: the region table of {@link FootprintReport}, then the thread stacks,
 * mapped files and mappings asked for; or all of it as one JSON object (schema in docs/cli.md).
 */
public final class ReportView {

    private final boolean threads;
    private final boolean files;

    public ReportView(boolean threads, boolean files) {
        this.threads = threads;
        this.files = files;
    }

    /** @param mappings null unless --mappings was given */
    public String human(
            long pid,
            String target,
            FootprintSource source,
            FootprintSnapshot s,
            List<MappingRow> mappings) {
        StringBuilder out = new StringBuilder(4096);
        out.append("pid ")
                .append(pid)
                .append(' ')
                .append(target)
                .append(": measured by ")
                .append(source.describe())
                .append('\n');
        out.append(FootprintReport.format(s));
        String nativeHeap = source.nativeHeapReport();
        if (nativeHeap != null) {
            out.append('\n');
            for (String line : nativeHeap.split("\n")) {
                out.append(TerminalText.printable(line))
                        .append('\n'); // the target wrote it: no control characters
            }
        }
        if (threads) {
            out.append('\n')
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "THREAD STACKS by RSS (%d of %d listed)%n",
                                    s.threads().size(),
                                    s.threadCount()));
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%8s %11s %11s %11s  %s%n",
                            "TID",
                            "RSS",
                            "PSS",
                            "VIRTUAL",
                            "NAME"));
            for (FootprintSnapshot.ThreadStack t : s.threads()) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "%8d %11s %11s %11s  %s%n",
                                t.tid(),
                                FootprintReport.bytes(t.rssBytes()),
                                FootprintReport.bytes(t.pssBytes()),
                                FootprintReport.bytes(t.virtualBytes()),
                                TerminalText.printable(t.name())));
            }
        }
        if (files) {
            out.append('\n')
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "MAPPED FILES by PSS (%d of %d listed)%n",
                                    s.files().size(),
                                    s.fileCount()));
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%11s %11s %11s %11s %5s  %s%n",
                            "PSS",
                            "RSS",
                            "USS",
                            "VIRTUAL",
                            "MAPS",
                            "PATH"));
            for (FootprintSnapshot.MappedFile f : s.files()) {
                // the path keeps the kernel's " (deleted)" suffix already
                out.append(
                        String.format(
                                Locale.ROOT,
                                "%11s %11s %11s %11s %5d  %s%n",
                                FootprintReport.bytes(f.pssBytes()),
                                FootprintReport.bytes(f.rssBytes()),
                                FootprintReport.bytes(f.ussBytes()),
                                FootprintReport.bytes(f.virtualBytes()),
                                f.mappings(),
                                TerminalText.printable(f.path())));
            }
        }
        List<SelfCostRow> self = source.selfCost();
        if (!self.isEmpty()) {
            out.append('\n')
                    .append(
                            "THE AGENT'S OWN COST (what this JVM would not hold without wrss, estimated)\n");
            for (SelfCostRow r : self) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "%-13s %11s  %s%n",
                                r.region(),
                                r.bytes() < 0 ? "?" : FootprintReport.bytes(r.bytes()),
                                TerminalText.printable(r.estimate())));
            }
        }
        if (mappings != null) {
            out.append('\n').append("MAPPINGS (").append(mappings.size()).append(")\n");
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-33s %-4s %10s %10s %10s %10s %10s  %-13s %s%n",
                            "ADDRESS",
                            "PERM",
                            "OFFSET",
                            "RSS",
                            "PSS",
                            "USS",
                            "SWAP",
                            "REGION",
                            "PATH"));
            for (MappingRow m : mappings) {
                out.append(
                        String.format(
                                Locale.ROOT,
                                "%016x-%016x %-4s %10x %10s %10s %10s %10s  %-13s %s%n",
                                m.start(),
                                m.end(),
                                m.perms(),
                                m.offset(),
                                FootprintReport.bytes(m.rssBytes()),
                                FootprintReport.bytes(m.pssBytes()),
                                FootprintReport.bytes(m.ussBytes()),
                                FootprintReport.bytes(m.swapBytes()),
                                m.region().id(),
                                TerminalText.printable(m.path())));
            }
        }
        return out.toString();
    }

    /** The {@link ReportJson} object; keys are documented in docs/cli.md and read by scripts. */
    public String json(
            long pid,
            String target,
            FootprintSource source,
            FootprintSnapshot s,
            List<MappingRow> mappings) {
        return ReportJson.write(
                pid, target, source.kind(), source.describe(), s, source.selfCost(), mappings);
    }
}
