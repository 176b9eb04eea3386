package dev.wrss.agent.layout;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reserved ranges of the code heaps, parsed from {@code Compiler.codecache} (same shape on 17 and 25;
 * one heap without the segmented code cache):
 * <pre>
 * CodeHeap 'non-profiled nmethods': size=120036Kb used=13Kb max_used=13Kb free=120022Kb
 *  bounds [0x00007f182fec7000, 0x00007f1830137000, 0x00007f1837400000]
 * </pre>
 * The bounds are [low boundary, committed end, reserved end].
 */
final class CodeHeaps {

    private static final Pattern BOUNDS =
            Pattern.compile(
                    "^\\s*bounds \\[(0x\\p{XDigit}+), (0x\\p{XDigit}+), (0x\\p{XDigit}+)\\]");

    private CodeHeaps() {}

    /** Reserved ranges as pairs {start0, end0, start1, end1, ...}; empty if none was printed. */
    static long[] parse(String text) {
        return bounds(text, 1, 3);
    }

    /** The committed part of each heap, pairs {low0, committedEnd0, ...} in the order of {@link #parse}. */
    static long[] committed(String text) {
        return bounds(text, 1, 2);
    }

    private static long[] bounds(String text, int startGroup, int endGroup) {
        long[] pairs = new long[0];
        if (text == null) {
            return pairs;
        }
        for (String line : text.split("\n")) {
            Matcher m = BOUNDS.matcher(line);
            if (m.find()) {
                pairs = Arrays.copyOf(pairs, pairs.length + 2);
                pairs[pairs.length - 2] = HeapInfo.hex(m.group(startGroup));
                pairs[pairs.length - 1] = HeapInfo.hex(m.group(endGroup));
            }
        }
        return pairs;
    }
}
