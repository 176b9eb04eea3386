package dev.wrss.agent.proc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes damaged smaps texts from real captures: a window of consecutive mappings, then a few of the ways
 * a file can go wrong: truncation, huge, negative and malformed numbers, non-UTF-8 and control bytes in
 * paths, duplicated, missing and garbage lines, odd addresses and lines past the parser's limit.
 */
final class SmapsFuzzer {

    private static final String[] NUMBERS = {
        "99999999999999999999",
        "9223372036854775807",
        "9007199254740993",
        "-5",
        "-0",
        "",
        " ",
        "0x10",
        "1e9",
        "18014398509481983",
        "18014398509481984",
        "00000000000000000000007"
    };
    private static final String[] ADDRESSES = {
        "ffffffffffffffff", "0", "10000000000000000", "-1", "g0", "", "7fffffffffffffff"
    };

    private final List<byte[]> blocks = new ArrayList<>();

    /** Splits each capture at its header lines into one block per mapping. */
    SmapsFuzzer(List<byte[]> captures) {
        for (byte[] c : captures) {
            int start = 0;
            for (int i = 0; i < c.length; i++) {
                boolean lineStart = i == 0 || c[i - 1] == '\n';
                if (lineStart && i > start && isHex(c[i])) {
                    blocks.add(java.util.Arrays.copyOfRange(c, start, i));
                    start = i;
                }
            }
            blocks.add(java.util.Arrays.copyOfRange(c, start, c.length));
        }
    }

    /** The {@code seed}-th input: deterministic, so a failure names the input that caused it. */
    byte[] input(long seed) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        int from = r.nextInt(blocks.size());
        int count = 1 + r.nextInt(40);
        for (int b = from; b < Math.min(blocks.size(), from + count); b++) {
            for (String l :
                    new String(blocks.get(b), StandardCharsets.ISO_8859_1).split("\n", -1)) {
                if (!l.isEmpty()) {
                    lines.add(l);
                }
            }
        }
        int mutations = r.nextInt(5);
        for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
            mutate(lines, r);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String l : lines) {
            byte[] b =
                    l.getBytes(
                            StandardCharsets.ISO_8859_1); // one char, one byte: any byte survives
            out.write(b, 0, b.length);
            out.write('\n');
        }
        byte[] text = out.toByteArray();
        return r.nextInt(8) == 0
                ? java.util.Arrays.copyOf(text, r.nextInt(text.length + 1))
                : text; // truncated
    }

    private static void mutate(List<String> lines, Random r) {
        int i = r.nextInt(lines.size());
        String l = lines.get(i);
        switch (r.nextInt(10)) {
            case 0 -> lines.add(i, l); // duplicated line
            case 1 -> lines.remove(i); // missing line
            case 2 -> lines.set(i, l.replaceFirst("[0-9]+", NUMBERS[r.nextInt(NUMBERS.length)]));
            case 3 ->
                    lines.set(
                            i, insert(l, r, bytes(r, 1 + r.nextInt(8), 0x80, 0x100))); // not UTF-8
            case 4 ->
                    lines.set(
                            i,
                            insert(l, r, bytes(r, 1 + r.nextInt(4), 0, 0x20).replace('\n', '\r')));
            case 5 ->
                    lines.add(
                            i,
                            bytes(r, r.nextInt(300), 0, 0x100).replace('\n', ' ')); // garbage line
            case 6 ->
                    lines.set(
                            i,
                            l.replaceFirst("^[0-9a-f]+", ADDRESSES[r.nextInt(ADDRESSES.length)]));
            case 7 -> lines.set(i, l.substring(0, r.nextInt(l.length() + 1))); // cut short
            case 8 ->
                    lines.set(
                            i,
                            l
                                    + "x"
                                            .repeat(
                                                    r.nextBoolean()
                                                            ? 17_000
                                                            : 3_000)); // past MAX_LINE or not
            default -> lines.set(i, l.replace(" kB", r.nextBoolean() ? "" : " MB"));
        }
    }

    private static String insert(String l, Random r, String what) {
        int at = r.nextInt(l.length() + 1);
        return l.substring(0, at) + what + l.substring(at);
    }

    private static String bytes(Random r, int n, int lo, int hi) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) (lo + r.nextInt(hi - lo));
        }
        return new String(c);
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f');
    }
}
