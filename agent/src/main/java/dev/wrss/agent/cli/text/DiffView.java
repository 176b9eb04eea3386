package dev.wrss.agent.cli.text;

import dev.wrss.agent.cli.target.HistoryClient;
import dev.wrss.mbeans.FootprintReport;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code report --diff} and {@code report --since}: PSS per region then and now, largest growth first, each
 * region's line starting with its id so that scripts can pick it out, and the 10-minute growth rate.
 */
public final class DiffView {

    private DiffView() {}

    public static String human(
            long pid,
            String mainName,
            String against,
            long thenMillis,
            List<HistoryClient.DiffRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "pid %d (%s): PSS against %s, %s%n",
                        pid,
                        mainName,
                        against,
                        thenMillis > 0
                                ? "taken " + Instant.ofEpochMilli(thenMillis)
                                : "no sample yet"));
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-14s %11s %11s %12s %8s %13s%n",
                        "# REGION",
                        "THEN",
                        "NOW",
                        "DELTA",
                        "DELTA%",
                        "GROWTH/h 10m"));
        for (HistoryClient.DiffRow r : rows) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-14s %11s %11s %12s %8s %13s%n",
                            r.region(),
                            FootprintReport.bytes(r.before()),
                            FootprintReport.bytes(r.now()),
                            signed(r.delta()),
                            r.before() == 0
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT, "%+.1f%%", 100.0 * r.delta() / r.before()),
                            Double.isNaN(r.growthPerHour())
                                    ? "-"
                                    : signed(Math.round(r.growthPerHour()))));
        }
        return out.toString();
    }

    public static String json(
            long pid, String against, long thenMillis, List<HistoryClient.DiffRow> rows) {
        StringBuilder sb = new StringBuilder();
        JsonText j = new JsonText(sb).open('{');
        j.key("pid")
                .value(pid)
                .key("against")
                .value(against)
                .key("thenEpochMillis")
                .value(thenMillis);
        j.key("diff").open('[');
        for (HistoryClient.DiffRow r : rows) {
            j.key(null)
                    .open('{')
                    .key("region")
                    .value(r.region())
                    .key("baseline")
                    .value(r.before())
                    .key("now")
                    .value(r.now())
                    .key("delta")
                    .value(r.delta())
                    .key("growthPerHour10m")
                    .raw(
                            Double.isNaN(r.growthPerHour())
                                    ? "null"
                                    : Long.toString(Math.round(r.growthPerHour())))
                    .close('}');
        }
        j.close(']').close('}');
        return sb.toString();
    }

    static String signed(long bytes) {
        return (bytes < 0 ? "-" : "+") + FootprintReport.bytes(Math.abs(bytes));
    }
}
