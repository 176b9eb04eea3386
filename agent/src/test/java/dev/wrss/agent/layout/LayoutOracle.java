package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;
import java.util.EnumMap;
import java.util.Map;

/**
 * A development oracle: the share of {@code System.map}'s RSS (JDK 22+, NMT on) that a layout attributes to
 * the same region, per NMT tag. A VMA tagged with several tags counts as covered if the layout names any.
 */
final class LayoutOracle {

    private static final Map<String, Region> TAGS =
            Map.of(
                    "JAVAHEAP",
                    Region.JAVA_HEAP,
                    "CLASS",
                    Region.CLASS_SPACE,
                    "META",
                    Region.METASPACE,
                    "CODE",
                    Region.CODE_CACHE,
                    "GC",
                    Region.GC_DATA,
                    "CDS",
                    Region.CDS_ARCHIVE,
                    "STACK",
                    Region.THREAD_STACKS);

    private LayoutOracle() {}

    /** Per region: {covered rss, total rss}. */
    static Map<Region, long[]> coverage(String systemMap, JvmLayout layout) {
        Map<Region, long[]> out = new EnumMap<>(Region.class);
        for (String line : systemMap.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[0].startsWith("0x") || !f[0].contains("-")) {
                continue;
            }
            String[] range = f[0].split("-");
            long start = HeapInfo.hex(range[0]);
            long end = HeapInfo.hex(range[1]);
            long rss = Long.parseLong(f[3]);
            String info = f[f.length - 2];
            Region mine = layout.regionOf(start, end);
            String firstTag = info.split(",")[0];
            Region expected = TAGS.get(firstTag.startsWith("STACK-") ? "STACK" : firstTag);
            if (expected == null) {
                continue;
            }
            long[] acc = out.computeIfAbsent(expected, r -> new long[2]);
            acc[1] += rss;
            if (mine != null && (mine == expected || tagsContain(info, mine))) {
                acc[0] += rss;
            }
        }
        return out;
    }

    private static boolean tagsContain(String info, Region r) {
        for (Map.Entry<String, Region> e : TAGS.entrySet()) {
            if (e.getValue() == r
                    && (info.contains(e.getKey())
                            || r == Region.THREAD_STACKS && info.startsWith("STACK-"))) {
                return true;
            }
        }
        return false;
    }

    static String format(Map<Region, long[]> coverage) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Region, long[]> e : coverage.entrySet()) {
            long[] v = e.getValue();
            sb.append(
                    String.format(
                            " %s %.1f%% of %dK",
                            e.getKey().id(), v[1] == 0 ? 100.0 : 100.0 * v[0] / v[1], v[1] >> 10));
        }
        return sb.toString();
    }
}
