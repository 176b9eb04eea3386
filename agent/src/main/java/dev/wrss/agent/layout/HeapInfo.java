package dev.wrss.agent.layout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector and the reserved Java heap range, parsed from {@code GC.heap_info}. The format differs
 * by collector and JDK; for example (JDK 25 G1, JDK 17 Serial, Shenandoah):
 * <pre>
 * garbage-first heap   total reserved 262144K, committed 262144K, used 21842K [0x00000000f0000000, 0x0000000100000000)
 *  def new generation   total 78656K, used 24447K [0x00000000f0000000, 0x00000000f5550000, 0x00000000f5550000)
 *  - [0x00000000f0000000, 0x0000000100000000)
 * </pre>
 * ZGC prints no address at all; its heap is found by its {@code memfd:java_heap} mappings.
 */
record HeapInfo(String collector, long start, long end) {

    private static final Pattern G1 =
            Pattern.compile(
                    "garbage-first heap\\s+total .*\\[(0x\\p{XDigit}+), (0x\\p{XDigit}+)\\)");
    private static final Pattern GENERATION =
            Pattern.compile(
                    "^\\s*(PSYoungGen|ParOldGen|def new generation|tenured generation|DefNew|Tenured)\\s+total .*"
                            + "\\[(0x\\p{XDigit}+), (0x\\p{XDigit}+), (0x\\p{XDigit}+)\\)");
    private static final Pattern SHENANDOAH_REGION =
            Pattern.compile("^\\s*- \\[(0x\\p{XDigit}+), (0x\\p{XDigit}+)\\)");

    static final HeapInfo UNKNOWN = new HeapInfo("unknown", 0, 0);

    boolean hasRange() {
        return end > start;
    }

    static HeapInfo parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String collector = "unknown";
        long start = Long.MAX_VALUE;
        long end = 0;
        boolean inShenandoahReserved = false;
        for (String line : text.split("\n")) {
            Matcher m;
            if ((m = G1.matcher(line)).find()) {
                return new HeapInfo("G1", hex(m.group(1)), hex(m.group(2)));
            } else if ((m = GENERATION.matcher(line)).find()) {
                collector = m.group(1).startsWith("P") ? "Parallel" : "Serial";
                start = Math.min(start, hex(m.group(2)));
                end = Math.max(end, hex(m.group(4)));
            } else if (line.startsWith("Shenandoah Heap")) {
                collector = "Shenandoah";
            } else if (line.trim().startsWith("ZHeap")) {
                return new HeapInfo("Z", 0, 0);
            } else if (line.startsWith("Reserved region:")) {
                inShenandoahReserved = true;
            } else if (inShenandoahReserved && (m = SHENANDOAH_REGION.matcher(line)).find()) {
                start = Math.min(start, hex(m.group(1)));
                end = Math.max(end, hex(m.group(2)));
            } else {
                inShenandoahReserved = false;
            }
        }
        return end > 0 ? new HeapInfo(collector, start, end) : new HeapInfo(collector, 0, 0);
    }

    private static final Pattern CSET_MAP =
            Pattern.compile("^\\s*- map \\((?:vanilla|biased)\\):\\s*(0x\\p{XDigit}+)");

    /**
     * Shenandoah's collection-set map addresses ({@code - map (vanilla): 0x...}, {@code - map (biased): 0x...});
     * the map is a small anonymous mapping, often at a low address. Empty for other collectors.
     */
    static long[] collectionSetMap(String text) {
        if (text == null) {
            return new long[0];
        }
        long[] out = new long[0];
        for (String line : text.split("\n")) {
            Matcher m = CSET_MAP.matcher(line);
            if (m.find()) {
                out = java.util.Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = hex(m.group(1));
            }
        }
        return out; // a loop, not a stream: no stream classes loaded into the host for a few lines
    }

    static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }
}
