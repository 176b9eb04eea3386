package dev.wrss.agent.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time reads against a byte-by-byte reading of the same bytes, on random and chosen words. */
class AsciiWordsTest {

    private static long word(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void rightAlignedDecimalAcceptsOnlySpacesThenDigits() {
        assertEquals(0, AsciiWords.rightAlignedDecimal(word(bytes("       0"))));
        assertEquals(99_999_999, AsciiWords.rightAlignedDecimal(word(bytes("99999999"))));
        assertEquals(7, AsciiWords.rightAlignedDecimal(word(bytes("00000007"))));
        for (String bad :
                new String[] {
                    "        ",
                    " 12 3456",
                    "1234567 ",
                    "     -12",
                    "    0x10",
                    "\n      1",
                    "     12\n",
                    "       \u00b9",
                    "       :",
                    "       /"
                }) {
            assertEquals(-1, AsciiWords.rightAlignedDecimal(word(bytes(bad))), bad);
        }
        Random r = new Random(1);
        for (int i = 0; i < 500_000; i++) {
            byte[] b = new byte[8];
            int digits = r.nextInt(9);
            for (int j = 0; j < 8; j++) {
                b[j] = (byte) (j < 8 - digits ? ' ' : '0' + r.nextInt(10));
            }
            if (r.nextInt(3) == 0) {
                b[r.nextInt(8)] = (byte) r.nextInt(256);
            }
            String s = new String(b, StandardCharsets.ISO_8859_1);
            String t = s.replaceAll("^ +", "");
            long expected =
                    !t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')
                            ? Long.parseLong(t)
                            : -1;
            assertEquals(expected, AsciiWords.rightAlignedDecimal(word(b)), "[" + s + "]");
        }
    }

    @Test
    void aWordHasANewlineWhenAnyOfItsBytesIsOne() {
        Random r = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[1 + r.nextInt(40)];
            for (int j = 0; j < b.length; j++) {
                int k = r.nextInt(10);
                b[j] = (byte) (k == 0 ? '\n' : k < 6 ? ' ' : r.nextInt(256));
            }
            int from = r.nextInt(b.length);
            if (from + 8 <= b.length) {
                boolean has = false;
                for (int j = from; j < from + 8; j++) {
                    has |= b[j] == '\n';
                }
                assertEquals(has, AsciiWords.hasNewline(AsciiWords.longAt(b, from)));
            }
        }
    }
}
