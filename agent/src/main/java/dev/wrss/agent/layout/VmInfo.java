package dev.wrss.agent.layout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The address facts of {@code VM.info} that nothing else prints: CDS, class space, card table and mark
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
record VmInfo(long[] heap, long[] cds, long[] classSpace, long[] gcData, long zgcGranuleMapBytes, boolean serverVm) {

    private static final Pattern HEAP = Pattern.compile("^Heap address: (0x\\p{XDigit}+), size: (\\d+) MB");
    private static final Pattern CDS = Pattern.compile(
            "^CDS archive\\(s\\) mapped at: \\[(0x\\p{XDigit}+)-(0x\\p{XDigit}+)-(0x\\p{XDigit}+)\\)");
    private static final Pattern CLASS_SPACE = Pattern.compile(
            "^Compressed class space mapped at: (0x\\p{XDigit}+)-(0x\\p{XDigit}+)");
    private static final Pattern CARD_TABLE = Pattern.compile(
            "^Card table byte_map: \\[(0x\\p{XDigit}+),\\s*(0x\\p{XDigit}+)\\]");
    private static final Pattern BITS = Pattern.compile(
            "^\\s*(?:Prev |Next |Begin |End )?Bits:\\s*\\[(0x\\p{XDigit}+),\\s*(0x\\p{XDigit}+)\\)");
    private static final Pattern ZGC_OFFSET_MAX = Pattern.compile("^\\s*Offset Max:\\s*\\S+ \\((0x\\p{XDigit}+)\\)");
    private static final Pattern ZGC_SMALL_PAGE = Pattern.compile("^\\s*Page Size Small:\\s*(\\d+)M");

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
        for (String key : new String[] {"C-Heap outstanding allocations:", "Periodic native trim"}) {
            int at = text.indexOf(key);
            if (at >= 0 && (at == 0 || text.charAt(at - 1) == '\n')) {
                int end = text.indexOf('\n', at);
                sb.append(text, at, end < 0 ? text.length() : end).append('\n');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

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
        for (String line : text.split("\n")) {
            if (line.startsWith("Dynamic libraries:")) {
                break; // a verbatim copy of /proc/PID/maps follows; nothing of ours after it is needed
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
