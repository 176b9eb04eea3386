package dev.wrss.agent.layout;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metaspace virtual-space nodes, parsed from {@code VM.metaspace vslist} (same on 17 and 25):
 * <pre>
 * vsl non-class-space:
 * - node #0: base 0x00007f1808000000: reserved=65536.00 KB, committed=256.00 KB ( &lt;1%), used=16384.00 KB ( 25%)
 * vsl class-space:
 * </pre>
 * Each node is [base, base + reserved). The class-space node is the compressed class space itself.
 */
record MetaspaceNodes(long[] nonClass, long[] classSpace) {

    private static final Pattern NODE =
            Pattern.compile("^- node #\\d+: base (0x\\p{XDigit}+): reserved=([\\d.]+) KB");

    /** Pairs {start, end, ...}; the class list is empty without compressed class pointers. */
    static MetaspaceNodes parse(String text) {
        long[] nonClass = new long[0];
        long[] classSpace = new long[0];
        if (text == null) {
            return new MetaspaceNodes(nonClass, classSpace);
        }
        boolean inClass = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("vsl ")) {
                inClass = line.startsWith("vsl class");
                continue;
            }
            Matcher m = NODE.matcher(line);
            if (m.find()) {
                long base = HeapInfo.hex(m.group(1));
                long bytes = (long) (Double.parseDouble(m.group(2)) * 1024);
                if (inClass) {
                    classSpace = append(classSpace, base, base + bytes);
                } else {
                    nonClass = append(nonClass, base, base + bytes);
                }
            }
        }
        return new MetaspaceNodes(nonClass, classSpace);
    }

    /** The non-class nodes listed. */
    int nonClassNodes() {
        return nonClass.length / 2;
    }

    /**
     * The number of non-class nodes {@code VM.metaspace basic} reports, or -1 if the text has none. That report
     * reads counters only: no safepoint, no walk over the class loaders (vslist takes both). Its first line
     * after "Virtual space:" ends with the non-class count, with or without a class space:
     * <pre>
     * Virtual space:
     *   Non-class space:       64.00 MB reserved,     192.00 KB ( &lt;1%) committed,  1 nodes.
     * </pre>
     */
    static int nonClassNodeCount(String basic) {
        if (basic == null) {
            return -1;
        }
        int at = basic.indexOf("\nVirtual space:\n");
        if (at < 0) {
            return -1;
        }
        int lineStart = basic.indexOf('\n', at + 1) + 1;
        int lineEnd = basic.indexOf('\n', lineStart);
        String line =
                basic.substring(lineStart, lineEnd < 0 ? basic.length() : lineEnd).stripTrailing();
        if (!line.endsWith(" nodes.")) {
            return -1;
        }
        int end = line.length() - " nodes.".length();
        int start = end;
        while (start > 0 && Character.isDigit(line.charAt(start - 1))) {
            start--;
        }
        return start == end || end - start > 9 ? -1 : Integer.parseInt(line.substring(start, end));
    }

    long nonClassReservedBytes() {
        long sum = 0;
        for (int i = 0; i < nonClass.length; i += 2) {
            sum += nonClass[i + 1] - nonClass[i];
        }
        return sum;
    }

    static long[] append(long[] pairs, long start, long end) {
        long[] out = Arrays.copyOf(pairs, pairs.length + 2);
        out[pairs.length] = start;
        out[pairs.length + 1] = end;
        return out;
    }
}
