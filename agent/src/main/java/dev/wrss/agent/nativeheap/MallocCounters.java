package dev.wrss.agent.nativeheap;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * glibc's own counters, parsed from what the JVM prints. {@code VM.info} (JDK 17 and later), from mallinfo2:
 * <pre>
 * C-Heap outstanding allocations: 17151K, retained: 2424K
 * </pre>
 * {@code System.native_heap_info} (JDK 21 and later): malloc_info(3) XML, whose closing totals are read:
 * <pre>
 * &lt;total type="fast" count="0" size="0"/&gt;
 * &lt;total type="rest" count="41" size="199176"/&gt;
 * &lt;total type="mmap" count="2" size="2166784"/&gt;
 * &lt;system type="current" size="299008"/&gt;
 * </pre>
 * Outstanding = system current - fast - rest + mmap; retained = fast + rest (free chunks and each arena's top,
 * as mallinfo2's fordblks). {@code System.trim_native_heap}: {@code Trim native heap: RSS+Swap: 82944K->82576K (-368K)}.
 *
 * @param mmapped bytes in mmapped chunks, outside the arenas; -1 where the source does not say (VM.info)
 */
record MallocCounters(
        long outstanding, long retained, long mmapped, String source, long epochMillis) {

    private static final Pattern VM_INFO =
            Pattern.compile(
                    "C-Heap outstanding allocations: (\\d+)([KMGB]?), retained: (\\d+)([KMGB]?)");
    private static final Pattern TRIM =
            Pattern.compile("RSS\\+Swap: \\d+[KMGB]?->\\d+[KMGB]?\\s*\\(([-+])(\\d+)([KMGB]?)\\)");

    /** From VM.info's line, or null if it has none. */
    static MallocCounters fromVmInfo(String text, String source, long epochMillis) {
        Matcher m = text == null ? null : VM_INFO.matcher(text);
        if (m == null || !m.find()) {
            return null;
        }
        return new MallocCounters(
                bytes(m.group(1), m.group(2)),
                bytes(m.group(3), m.group(4)),
                -1,
                source,
                epochMillis);
    }

    /** From malloc_info's XML: the totals after the last heap. Null if they are not there. */
    static MallocCounters fromMallocInfo(String xml, long epochMillis) {
        if (xml == null) {
            return null;
        }
        int last = xml.lastIndexOf("</heap>");
        if (last < 0) {
            return null;
        }
        String totals = xml.substring(last);
        long fast = attribute(totals, "<total type=\"fast\"");
        long rest = attribute(totals, "<total type=\"rest\"");
        long mmap = attribute(totals, "<total type=\"mmap\"");
        long system = attribute(totals, "<system type=\"current\"");
        if (fast < 0 || rest < 0 || mmap < 0 || system < 0) {
            return null;
        }
        return new MallocCounters(
                system - fast - rest + mmap,
                fast + rest,
                mmap,
                "System.native_heap_info",
                epochMillis);
    }

    /** Bytes a trim returned: the drop it printed, negative if RSS grew; Long.MIN_VALUE if not understood. */
    static long trimmedBytes(String text) {
        Matcher m = text == null ? null : TRIM.matcher(text);
        if (m == null || !m.find()) {
            return Long.MIN_VALUE;
        }
        long b = bytes(m.group(2), m.group(3));
        return "-".equals(m.group(1)) ? b : -b;
    }

    private static long attribute(String text, String element) {
        int at = text.indexOf(element);
        if (at < 0) {
            return -1;
        }
        int size = text.indexOf("size=\"", at);
        int end = size < 0 ? -1 : text.indexOf('"', size + 6);
        if (end < 0) {
            return -1;
        }
        try {
            return Long.parseLong(text.substring(size + 6, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** HotSpot's proper units: a number and K, M, G or nothing (bytes). */
    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
    }
}
