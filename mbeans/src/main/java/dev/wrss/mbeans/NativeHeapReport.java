package dev.wrss.mbeans;

import java.time.Instant;
import java.util.Locale;

/**
 * Renders a {@link NativeHeapView} for people: the NativeHeap bean's {@code report()} and the command line's
 * {@code report} print it below the region table. Sample:
 * <pre>
 * NATIVE HEAP: glibc (glibc's libc mapped), 19 arena heaps beside the main arena (arena limit 16: glibc's
 *   default: 8 x 2 CPUs), counters from System.native_heap_info          (one line)
 *   malloc region Pss         279.0 MiB
 *   outstanding                18.1 MiB   of which direct buffers 2.0 MiB
 * </pre>
 */
public final class NativeHeapReport {

    private static final String LINE = "  %-22s %11s%s%n";

    private NativeHeapReport() {}

    public static String format(NativeHeapView v) {
        if (v == null) {
            v = NativeHeapView.UNKNOWN;
        }
        StringBuilder out = new StringBuilder(1024);
        out.append("NATIVE HEAP: ").append(v.allocator());
        if (!v.allocatorSource().isEmpty()) {
            out.append(" (").append(v.allocatorSource()).append(')');
        }
        if (v.arenas() >= 0) {
            out.append(", ")
                    .append(v.arenas())
                    .append(" arena heaps beside the main arena (arena limit ")
                    .append(v.arenaLimit())
                    .append(": ")
                    .append(v.arenaLimitSource())
                    .append(')');
        }
        if (!v.statsSource().isEmpty()) {
            out.append(", counters from ").append(v.statsSource());
        }
        out.append('\n');
        line(out, "malloc region Pss", v.mallocPss(), "");
        line(
                out,
                "outstanding",
                v.outstanding(),
                v.directBuffers() >= 0
                        ? "   of which direct buffers " + FootprintReport.bytes(v.directBuffers())
                        : "");
        line(out, "retained (free)", v.retained(), "");
        line(
                out,
                "retained resident",
                v.retainedResident(),
                "   estimated: arenas' RSS less bytes in use");
        line(out, "other", v.other(), "   malloc Pss outside the allocator's books");
        line(out, "mapped buffers", v.mappedBuffers(), "   file pages, counted in mapped_files");
        out.append(
                String.format(
                        Locale.ROOT,
                        LINE,
                        "last trim",
                        v.lastTrimEpochMillis() == 0
                                ? "never"
                                : FootprintReport.bytes(v.lastTrimBytes()),
                        v.lastTrimEpochMillis() == 0
                                ? ""
                                : " at " + Instant.ofEpochMilli(v.lastTrimEpochMillis())));
        if (!"ok".equals(v.status())) {
            out.append("  status: ").append(v.status()).append('\n');
        }
        if (!v.findings().isEmpty()) {
            out.append("FINDINGS\n");
            for (String f : v.findings()) {
                out.append("  - ").append(f).append('\n');
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, long bytes, String note) {
        out.append(
                String.format(
                        Locale.ROOT,
                        LINE,
                        label,
                        FootprintReport.bytes(bytes),
                        bytes < 0 ? "" : note));
    }
}
