package dev.wrss.agent.nativeheap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Facts about the native heap, each one sentence that names the numbers it rests on, made only when the
 * numbers show it. Amounts in MiB.
 */
final class NativeHeapFindings {

    /** Below this nothing is worth a sentence: a small JVM's malloc region alone is tens of MiB. */
    static final long NOTABLE_BYTES = 32L << 20;

    private NativeHeapFindings() {}

    /**
     * @param n the figures; -1 where unknown
     * @param periodicTrim whether -XX:TrimNativeHeapInterval is already on (then it is not suggested)
     */
    static List<String> of(Figures n, boolean periodicTrim) {
        List<String> out = new ArrayList<>(3);
        if (!"glibc".equals(n.allocator) && !"unknown".equals(n.allocator)) {
            out.add(
                    n.allocator
                            + " is in use ("
                            + n.allocatorSource
                            + "): the memory it keeps free is its own, "
                            + "outside glibc's counters, so Outstanding and Retained are not given; "
                            + "the malloc region holds "
                            + mib(n.mallocPss)
                            + " Pss");
        }
        long kept = n.retainedResident >= 0 ? n.retainedResident : -1;
        if (kept >= NOTABLE_BYTES && n.mallocPss > 0 && kept * 5 >= n.mallocPss) {
            StringBuilder s =
                    new StringBuilder("glibc keeps ")
                            .append(mib(n.retained))
                            .append(" free (")
                            .append(mib(kept))
                            .append(" of it resident, ")
                            .append(percent(kept, n.mallocPss))
                            .append(" of the ")
                            .append(mib(n.mallocPss))
                            .append(" malloc region) in ")
                            .append(n.arenas)
                            .append(" arena heaps beside the main arena (arena limit ")
                            .append(n.arenaLimit)
                            .append(')');
            List<String> remedies = new ArrayList<>(2);
            if (n.arenas > 2 && (n.arenaLimit < 0 || n.arenaLimit > 2)) {
                remedies.add("MALLOC_ARENA_MAX=2");
            }
            if (!periodicTrim) {
                remedies.add("-XX:TrimNativeHeapInterval=60000");
            }
            if (!remedies.isEmpty()) {
                s.append(": ")
                        .append(String.join(" or ", remedies))
                        .append(" would return most of it");
            }
            out.add(s.toString());
        }
        if (n.direct >= NOTABLE_BYTES && n.mallocPss > 0 && n.direct * 2 >= n.mallocPss) {
            out.add(
                    "direct buffers hold "
                            + mib(n.direct)
                            + " of the "
                            + mib(n.mallocPss)
                            + " malloc region");
        }
        if (n.other >= 2 * NOTABLE_BYTES && n.mallocPss > 0 && n.other * 2 >= n.mallocPss) {
            out.add(
                    mib(n.other)
                            + " of the "
                            + mib(n.mallocPss)
                            + " malloc region is outside the allocator's books "
                            + "(Outstanding "
                            + mib(n.outstanding)
                            + "): anonymous memory native code mapped itself");
        }
        return out;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    /** The numbers findings are made from. */
    record Figures(
            String allocator,
            String allocatorSource,
            int arenas,
            int arenaLimit,
            long outstanding,
            long retained,
            long retainedResident,
            long direct,
            long other,
            long mallocPss) {}
}
