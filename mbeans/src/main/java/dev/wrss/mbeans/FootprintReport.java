package dev.wrss.mbeans;

import java.time.Instant;
import java.util.Locale;

/**
 * Renders one {@link FootprintSnapshot} for people ({@link #format}) and for programs ({@link #json}); the
 * {@code report()} operation and the command line print these. Sample of {@link #format}:
 * <pre>
 * wrss scan #7 at 2025-01-01T00:00:00Z (1.5 s ago), took 3.2 ms, mode smaps, status ok
 * REGION                RSS         PSS         USS        SWAP     VIRTUAL   MAPS    PSS%
 * java_heap        64.0 MiB    64.0 MiB    64.0 MiB         0 B     1.0 GiB      3   61.5%
 * </pre>
 */
public final class FootprintReport {

    private static final String ROW = "%-14s %11s %11s %11s %11s %11s %6s %7s%n";
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private FootprintReport() {}

    /** One row per region and a TOTAL row, under a line saying which scan, when, how and in what state. */
    public static String format(FootprintSnapshot s) {
        return format(s, System.currentTimeMillis());
    }

    static String format(FootprintSnapshot s, long nowMillis) {
        StringBuilder out = new StringBuilder(2048);
        if (s.id() == 0) {
            out.append("wrss: no scan yet");
        } else {
            out.append("wrss scan #")
                    .append(s.id())
                    .append(" at ")
                    .append(Instant.ofEpochMilli(s.epochMillis()))
                    .append(" (")
                    .append(millis(nowMillis - s.epochMillis()))
                    .append(" ago)")
                    .append(", took ")
                    .append(nanos(s.durationNanos()));
        }
        out.append(", mode ").append(s.mode()).append(", status ").append(s.status()).append('\n');
        out.append(
                String.format(
                        Locale.ROOT,
                        ROW,
                        "REGION",
                        "RSS",
                        "PSS",
                        "USS",
                        "SWAP",
                        "VIRTUAL",
                        "MAPS",
                        "PSS%"));
        long totalPss = s.total().pssBytes();
        for (int i = 0; i < Region.count(); i++) {
            Region r = Region.ofOrdinal(i);
            row(out, r.id(), s.region(r), totalPss);
        }
        row(out, "TOTAL", s.total(), totalPss);
        return out.toString();
    }

    private static void row(StringBuilder out, String name, RegionUsage u, long totalPss) {
        String share =
                totalPss <= 0
                        ? "-"
                        : String.format(Locale.ROOT, "%.1f%%", 100.0 * u.pssBytes() / totalPss);
        out.append(
                String.format(
                        Locale.ROOT,
                        ROW,
                        name,
                        bytes(u.rssBytes()),
                        bytes(u.pssBytes()),
                        bytes(u.ussBytes()),
                        bytes(u.swapBytes()),
                        bytes(u.virtualBytes()),
                        u.mappings(),
                        share));
    }

    /**
     * {@code 123.4 MiB}; exact below 1 KiB; {@code -} for a negative, i.e. unknown, amount. The one byte
     * formatter of the project: the command line's tables use it too.
     */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    private static String nanos(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
        }
        return millis(nanos / 1_000_000);
    }

    private static String millis(long millis) {
        if (millis < 0) {
            return "? ms"; // the clock moved back since the scan
        }
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1e3);
    }

    /**
     * One JSON object with every number of the snapshot, byte amounts as integers:
     * {@code {"scanId", "epochMillis", "durationNanos", "mode", "status", "total": {...}, "regions":
     * {"java_heap": {..., "committed"}, ...}, "threads": [...], "threadCount", "files": [...], "fileCount"}}.
     * Keys are referenced by the command line's consumers; do not rename.
     */
    public static String json(FootprintSnapshot s) {
        return FootprintJson.write(s);
    }
}
