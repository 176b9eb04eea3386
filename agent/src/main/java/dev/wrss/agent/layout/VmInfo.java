package dev.wrss.agent.layout;

import dev.wrss.agent.proc.MapsReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Address facts of the JVM beside its heap: CDS, class space, card table and mark bitmaps, ZGC's granule maps,
 * whether it is a Server VM. {@link #derive} gathers them from cheap sources; {@link #parse} reads them from
 * {@code VM.info}, whose first call makes HotSpot load libjvm's symbol tables, about 4 MiB of malloc kept for
 * the JVM's life (a small JVM: 21.7 MiB PSS after VM.info, 18.3 after GC.heap_info). The address facts
 * of {@code VM.info} that nothing else prints: CDS, class space, card table and mark
 * bitmaps (same line formats on 17 and 25; the bitmap labels differ by collector and version):
 * <pre>
 * CDS archive(s) mapped at: [0x0000000030000000-0x0000000030d95000-0x0000000030d95000), size 14241792, ...
 * Compressed class space mapped at: 0x0000000031000000-0x0000000071000000, reserved size: 1073741824
 * Card table byte_map: [0x00007f1846aa8000,0x00007f1846b28000] _byte_map_base: 0x00007f1846328000
 *  Prev Bits: [0x00007f403a800000, 0x00007f403ac00000)
 *  Offset Max:        4096G (0x0000040000000000)      (ZGC Globals)
 *  Page Size Small:   2M
 * # Java VM: OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1, mixed mode, sharing, tiered, ...)
 * </pre>
 * Ranges are [start, end) pairs; a missing one is {0, 0}. {@code zgcGranuleMapBytes} is the size of each of
 * ZGC's per-granule tables (page table, forwarding table): a pointer per small page of the address offset
 * range, 16 MiB on JDK 17 (4 TiB offsets), 16 KiB on JDK 25 (4 GiB); 0 without ZGC. {@code serverVm}: the VM
 * was built with C1 and C2, which fixes its code cache segment at 128 bytes.
 */
record VmInfo(
        long[] heap,
        long[] cds,
        long[] classSpace,
        long[] gcData,
        long zgcGranuleMapBytes,
        boolean serverVm) {

    private static final Pattern HEAP =
            Pattern.compile("^Heap address: (0x\\p{XDigit}+), size: (\\d+) MB");
    private static final Pattern CDS =
            Pattern.compile(
                    "^CDS archive\\(s\\) mapped at: \\[(0x\\p{XDigit}+)-(0x\\p{XDigit}+)-(0x\\p{XDigit}+)\\)");
    private static final Pattern CLASS_SPACE =
            Pattern.compile("^Compressed class space mapped at: (0x\\p{XDigit}+)-(0x\\p{XDigit}+)");
    private static final Pattern CARD_TABLE =
            Pattern.compile("^Card table byte_map: \\[(0x\\p{XDigit}+),\\s*(0x\\p{XDigit}+)\\]");
    private static final Pattern BITS =
            Pattern.compile(
                    "^\\s*(?:Prev |Next |Begin |End )?Bits:\\s*\\[(0x\\p{XDigit}+),\\s*(0x\\p{XDigit}+)\\)");
    private static final Pattern ZGC_OFFSET_MAX =
            Pattern.compile("^\\s*Offset Max:\\s*\\S+ \\((0x\\p{XDigit}+)\\)");
    private static final Pattern ZGC_SMALL_PAGE =
            Pattern.compile("^\\s*Page Size Small:\\s*(\\d+)M");

    /**
     * The lines about glibc's malloc, which VM.info prints after the libraries on JDK 17 and 25:
     * {@code C-Heap outstanding allocations: 12836K, retained: 1527K} and {@code Periodic native trim ...};
     * null if it prints neither. Kept so that the native heap's first figures cost no second VM.info.
     */
    static String mallocLines(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String key :
                new String[] {"C-Heap outstanding allocations:", "Periodic native trim"}) {
            int at = text.indexOf(key);
            if (at >= 0 && (at == 0 || text.charAt(at - 1) == '\n')) {
                int end = text.indexOf('\n', at);
                sb.append(text, at, end < 0 ? text.length() : end).append('\n');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Below the archive, JDK 24+ keeps a page of its reservation inaccessible (the protection zone). */
    private static final long CDS_PROTECTION_MAX_BYTES = 64 << 10;

    /** A CDS archive (static and dynamic together) is far smaller; .jsa files further apart are not one archive. */
    private static final long CDS_MAX_BYTES = 1L << 30;

    /** ZGC's granule, its small page size on every platform it runs on. */
    private static final long ZGC_GRANULE_BYTES = 2L << 20;

    /**
     * The facts without VM.info: CDS from the mappings of its {@code .jsa} files outside the heap (the archived
     * heap objects lie inside it), with the protection page right below them; the class space from {@code
     * VM.metaspace vslist}'s class node; a Server VM from {@code java.vm.name}; and non-generational ZGC's granule
     * maps from the address of its lowest heap view, which JDK 17 places at the address offset maximum. The GC
     * tables VM.info prints stay unknown here: the layout finds them by their size.
     */
    static VmInfo derive(MapsReader maps, HeapInfo heap, MetaspaceNodes meta, String vmName) {
        long[] cds = new long[2];
        long[] files = maps.setApart();
        for (int i = 0; i + 1 < files.length; i += 2) {
            if (heap.hasRange() && files[i] >= heap.start() && files[i + 1] <= heap.end()) {
                continue;
            }
            if (cds[1] == 0) {
                cds[0] = files[i];
                cds[1] = files[i + 1];
            } else if (files[i + 1] - cds[0] <= CDS_MAX_BYTES) {
                cds[1] = Math.max(cds[1], files[i + 1]);
            }
        }
        if (cds[1] > 0) {
            int below = maps.indexOf(cds[0] - 1);
            if (below >= 0
                    && maps.isAnonNone(below)
                    && maps.end(below) == cds[0]
                    && cds[0] - maps.start(below) <= CDS_PROTECTION_MAX_BYTES) {
                cds[0] = maps.start(below);
            }
        }
        long[] classSpace =
                meta.classSpace().length >= 2
                        ? new long[] {meta.classSpace()[0], meta.classSpace()[1]}
                        : new long[2];
        return new VmInfo(
                new long[2],
                cds,
                classSpace,
                new long[0],
                zgcGranuleMapBytes(maps, heap),
                vmName != null && vmName.contains(" Server VM"));
    }

    /**
     * Non-generational ZGC (JDK 17) maps its heap three times, at an offset of 1, 2 and 4 times the address
     * offset maximum (a power of two from 4 to 16 TiB): its granule maps hold a pointer per granule of that
     * range. Generational ZGC maps it once: 0 (its maps are a few KiB).
     */
    private static long zgcGranuleMapBytes(MapsReader maps, HeapInfo heap) {
        if (!heap.collector().equals("Z")) {
            return 0;
        }
        for (int i = 0; i < maps.count(); i++) {
            if (maps.is(i, JvmMaps.JAVA_HEAP_MEMFD, JvmMaps.JAVA_HEAP_MEMFD)) {
                long lowest = maps.start(i);
                long offsetMax = Long.highestOneBit(lowest);
                boolean threeViews =
                        offsetMax >= 1L << 42
                                && offsetMax <= 1L << 44
                                && isHeapView(maps, lowest + offsetMax)
                                && isHeapView(maps, lowest + 3 * offsetMax);
                return threeViews ? offsetMax / ZGC_GRANULE_BYTES * Long.BYTES : 0;
            }
        }
        return 0;
    }

    private static boolean isHeapView(MapsReader maps, long address) {
        int i = maps.indexOf(address);
        return i >= 0 && maps.is(i, JvmMaps.JAVA_HEAP_MEMFD, JvmMaps.JAVA_HEAP_MEMFD);
    }

    /** Whether the line {@code text[from, to)} can be one the patterns read: by its first letters, without a copy. */
    private static boolean maybeOurs(String text, int from, int to) {
        int i = from;
        while (i < to && text.charAt(i) == ' ') {
            i++;
        }
        if (i == to) {
            return false;
        }
        for (String start : LINE_STARTS) {
            if (text.startsWith(start, i)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] LINE_STARTS = {
        "Dynamic libraries:",
        "# Java VM: ",
        "Heap address: ",
        "CDS archive",
        "Compressed class space",
        "Card table",
        "Bits:",
        "Prev Bits",
        "Next Bits",
        "Begin Bits",
        "End Bits",
        "Offset Max:",
        "Page Size Small:"
    };

    static VmInfo parse(String text) {
        long[] heap = new long[2];
        long[] cds = new long[2];
        long[] classSpace = new long[2];
        long[] gc = new long[0];
        long zgcOffsetMax = 0;
        long zgcGranule = 0;
        boolean serverVm = false;
        if (text == null) {
            return new VmInfo(heap, cds, classSpace, gc, 0, false);
        }
        for (int at = 0, next; at < text.length(); at = next + 1) {
            next = text.indexOf('\n', at);
            if (next < 0) {
                next = text.length();
            }
            if (!maybeOurs(text, at, next)) {
                continue; // most of the text (events, arguments, environment): no substring, no
                // matcher
            }
            String line = text.substring(at, next);
            if (line.startsWith("Dynamic libraries:")) {
                break; // a verbatim copy of /proc/PID/maps follows; nothing of ours after it is
                // needed
            }
            if (line.startsWith("# Java VM: ")) {
                serverVm = line.contains(" Server VM");
                continue;
            }
            Matcher m;
            if ((m = HEAP.matcher(line)).find()) {
                heap[0] = HeapInfo.hex(m.group(1));
                heap[1] = heap[0] + Long.parseLong(m.group(2)) * 1024 * 1024;
            } else if ((m = CDS.matcher(line)).find()) {
                cds[0] = HeapInfo.hex(m.group(1));
                cds[1] = Math.max(HeapInfo.hex(m.group(2)), HeapInfo.hex(m.group(3)));
            } else if ((m = CLASS_SPACE.matcher(line)).find()) {
                classSpace[0] = HeapInfo.hex(m.group(1));
                classSpace[1] = HeapInfo.hex(m.group(2));
            } else if ((m = CARD_TABLE.matcher(line)).find() || (m = BITS.matcher(line)).find()) {
                gc = MetaspaceNodes.append(gc, HeapInfo.hex(m.group(1)), HeapInfo.hex(m.group(2)));
            } else if ((m = ZGC_OFFSET_MAX.matcher(line)).find()) {
                zgcOffsetMax = HeapInfo.hex(m.group(1));
            } else if ((m = ZGC_SMALL_PAGE.matcher(line)).find()) {
                zgcGranule = Long.parseLong(m.group(1)) << 20;
            }
        }
        long granuleMap = zgcGranule > 0 ? zgcOffsetMax / zgcGranule * Long.BYTES : 0;
        return new VmInfo(heap, cds, classSpace, gc, granuleMap, serverVm);
    }
}
