package dev.wrss.agent.evidence;

import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.HistoryControl;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import dev.wrss.mbeans.SystemView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One report's text, JSON and human-readable: the regions now, the diff from the baseline (largest growth
 * first), the growth rates, the top threads and files, and the System view. JSON top-level keys {@code reason},
 * {@code time}, {@code pid}, {@code regions}, {@code diff}, {@code growth}, {@code top}, {@code system} are read
 * by scripts: do not rename.
 *
 * <p>One class because the JSON and the text render the same rows side by side, so a field added to one is seen
 * missing from the other.
 */
final class EvidenceReport {

    record DiffRow(String region, long baseline, long now) {
        long delta() {
            return now - baseline;
        }
    }

    private final String reason;
    private final FootprintSnapshot now;
    private final List<DiffRow> diff = new ArrayList<>();
    private final List<HistoryControl.Growth> growth;

    EvidenceReport(
            String reason,
            FootprintSnapshot now,
            FootprintSnapshot baseline,
            List<HistoryControl.Growth> growth) {
        this.reason = reason;
        this.now = now;
        this.growth = growth;
        for (int i = 0; i < Region.count(); i++) {
            Region r = Region.ofOrdinal(i);
            diff.add(new DiffRow(r.id(), baseline.region(r).pssBytes(), now.region(r).pssBytes()));
        }
        diff.sort(Comparator.comparingLong(DiffRow::delta).reversed());
        diff.add(new DiffRow("total", baseline.total().pssBytes(), now.total().pssBytes()));
    }

    String json() {
        StringBuilder j = new StringBuilder(8192).append('{');
        j.append("\"reason\":")
                .append(str(reason))
                .append(",\"time\":")
                .append(str(Instant.ofEpochMilli(now.epochMillis()).toString()))
                .append(",\"epochMillis\":")
                .append(now.epochMillis())
                .append(",\"pid\":")
                .append(ProcessHandle.current().pid())
                .append(",\"regions\":[");
        for (int i = 0; i < Region.count(); i++) {
            Region r = Region.ofOrdinal(i);
            RegionUsage u = now.region(r);
            j.append(i == 0 ? "" : ",")
                    .append("{\"region\":")
                    .append(str(r.id()))
                    .append(",\"rss\":")
                    .append(u.rssBytes())
                    .append(",\"pss\":")
                    .append(u.pssBytes())
                    .append(",\"uss\":")
                    .append(u.ussBytes())
                    .append(",\"swap\":")
                    .append(u.swapBytes())
                    .append('}');
        }
        j.append("],\"diff\":[");
        for (int i = 0; i < diff.size(); i++) {
            DiffRow d = diff.get(i);
            j.append(i == 0 ? "" : ",")
                    .append("{\"region\":")
                    .append(str(d.region()))
                    .append(",\"baseline\":")
                    .append(d.baseline())
                    .append(",\"now\":")
                    .append(d.now())
                    .append(",\"delta\":")
                    .append(d.delta())
                    .append('}');
        }
        j.append("],\"growth\":[");
        for (int i = 0; i < growth.size(); i++) {
            HistoryControl.Growth g = growth.get(i);
            j.append(i == 0 ? "" : ",")
                    .append("{\"region\":")
                    .append(str(g.region()))
                    .append(",\"last10m\":")
                    .append(num(g.last10m()))
                    .append(",\"last1h\":")
                    .append(num(g.last1h()))
                    .append(",\"sinceStart\":")
                    .append(num(g.sinceStart()))
                    .append('}');
        }
        j.append("],\"top\":{\"threads\":[");
        List<FootprintSnapshot.ThreadStack> threads = now.threads();
        for (int i = 0; i < threads.size(); i++) {
            FootprintSnapshot.ThreadStack t = threads.get(i);
            j.append(i == 0 ? "" : ",")
                    .append("{\"tid\":")
                    .append(t.tid())
                    .append(",\"name\":")
                    .append(str(t.name()))
                    .append(",\"rss\":")
                    .append(t.rssBytes())
                    .append(",\"pss\":")
                    .append(t.pssBytes())
                    .append('}');
        }
        j.append("],\"files\":[");
        List<FootprintSnapshot.MappedFile> files = now.files();
        for (int i = 0; i < files.size(); i++) {
            FootprintSnapshot.MappedFile f = files.get(i);
            j.append(i == 0 ? "" : ",")
                    .append("{\"path\":")
                    .append(str(f.path()))
                    .append(",\"rss\":")
                    .append(f.rssBytes())
                    .append(",\"pss\":")
                    .append(f.pssBytes())
                    .append('}');
        }
        SystemView v = now.system();
        j.append("]},\"system\":{\"cgroupVersion\":")
                .append(v.cgroupVersion())
                .append(",\"cgroupPath\":")
                .append(str(v.cgroupPath()))
                .append(",\"limit\":")
                .append(v.limitBytes())
                .append(",\"usage\":")
                .append(v.usageBytes())
                .append(",\"headroom\":")
                .append(v.headroomBytes())
                .append("}}\n");
        return j.toString();
    }

    String text() {
        StringBuilder t = new StringBuilder(8192);
        t.append("wrss report: ")
                .append(reason)
                .append(", pid ")
                .append(ProcessHandle.current().pid())
                .append(", ")
                .append(Instant.ofEpochMilli(now.epochMillis()))
                .append('\n');
        SystemView v = now.system();
        t.append(
                String.format(
                        Locale.ROOT,
                        "cgroup v%d %s: usage %s of limit %s%n%n",
                        v.cgroupVersion(),
                        v.cgroupPath(),
                        FootprintReport.bytes(v.usageBytes()),
                        v.limitBytes() < 0 ? "none" : FootprintReport.bytes(v.limitBytes())));
        t.append(FootprintReport.format(now)).append('\n');
        t.append(
                String.format(
                        Locale.ROOT,
                        "%-14s %11s %11s %12s  (PSS against the baseline)%n",
                        "DIFF",
                        "BASELINE",
                        "NOW",
                        "DELTA"));
        for (DiffRow d : diff) {
            t.append(
                    String.format(
                            Locale.ROOT,
                            "%-14s %11s %11s %12s%n",
                            d.region(),
                            FootprintReport.bytes(d.baseline()),
                            FootprintReport.bytes(d.now()),
                            (d.delta() < 0 ? "-" : "+")
                                    + FootprintReport.bytes(Math.abs(d.delta()))));
        }
        t.append(
                String.format(
                        Locale.ROOT,
                        "%n%-14s %14s %14s %14s  (PSS bytes per hour, least squares)%n",
                        "GROWTH",
                        "LAST 10 MIN",
                        "LAST HOUR",
                        "SINCE START"));
        for (HistoryControl.Growth g : growth) {
            t.append(
                    String.format(
                            Locale.ROOT,
                            "%-14s %14s %14s %14s%n",
                            g.region(),
                            rate(g.last10m()),
                            rate(g.last1h()),
                            rate(g.sinceStart())));
        }
        t.append("\nTHREAD STACKS by RSS\n");
        for (FootprintSnapshot.ThreadStack th : now.threads()) {
            t.append(
                    String.format(
                            Locale.ROOT,
                            "%8d %11s  %s%n",
                            th.tid(),
                            FootprintReport.bytes(th.rssBytes()),
                            th.name()));
        }
        t.append("\nMAPPED FILES by PSS\n");
        for (FootprintSnapshot.MappedFile f : now.files()) {
            t.append(
                    String.format(
                            Locale.ROOT,
                            "%11s  %s%n",
                            FootprintReport.bytes(f.pssBytes()),
                            f.path()));
        }
        return t.toString();
    }

    private static String rate(double perHour) {
        return Double.isNaN(perHour)
                ? "-"
                : (perHour < 0 ? "-" : "+") + FootprintReport.bytes(Math.round(Math.abs(perHour)));
    }

    private static String num(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? "null" : Long.toString(Math.round(d));
    }

    /** A JSON string, ASCII only: paths and thread names come from the process and may hold anything. */
    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
