package dev.wrss.agent.proc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads ASCII text eight bytes at a time for the field lines' fast path ({@link FieldLines},
 * {@link ReferenceBlocks}): a padded name as two longs, a right-aligned 8-column value parsed from one long
 * without a loop over its bytes (SWAR).
 */
final class AsciiWords {

    // little-endian: the first byte of the text is the lowest byte of the long on every platform
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7f7f7f7f7f7f7f7fL;
    private static final long NEWLINES = ONES * '\n';

    private AsciiWords() {}

    static long longAt(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }

    static void putLong(byte[] b, int at, long w) {
        LONG.set(b, at, w);
    }

    static int intAt(byte[] b, int at) {
        return (int) INT.get(b, at);
    }

    /** The high bit of every byte of {@code w} that is zero, and of no other byte. */
    private static long zeroBytes(long w) {
        return ~(((w & LOWS) + LOWS) | w | LOWS);
    }

    /** Non-zero if any byte of {@code w} is a newline. */
    static long newlineBytes(long w) {
        long x = w ^ NEWLINES;
        return (x - ONES) & ~x & HIGHS;
    }

    static boolean hasNewline(long w) {
        long x = w ^ NEWLINES;
        return ((x - ONES) & ~x & HIGHS) != 0;
    }

    /**
     * The value of eight bytes that are spaces followed by at least one decimal digit, as the kernel prints
     * a number right-aligned in 8 columns; -1 for any other eight bytes.
     */
    static long rightAlignedDecimal(long w) {
        long x = w ^ (ONES * '0'); // digits become 0..9, spaces 0x10
        long notDigit = (((x & LOWS) + ONES * (0x80 - 10)) | x) & HIGHS;
        long digit = ~notDigit & HIGHS;
        long space = zeroBytes(x ^ (ONES * 0x10));
        // every byte a digit or a space, and every space before (below) the first digit
        if ((digit | space) != HIGHS || Long.compareUnsigned(space, digit & -digit) >= 0) {
            return -1;
        }
        x &= ~((space >>> 7) * 0xff); // spaces count as leading zeros
        return digitsValue(x);
    }

    /** The value of eight digits 0..9, one a byte, the first (lowest) byte the most significant. */
    private static long digitsValue(long x) {
        x = x * 10 + (x >>> 8); // pairs of digits, in every other byte
        return (((x & 0x000000ff000000ffL) * 0x000f424000000064L)
                        + (((x >>> 16) & 0x000000ff000000ffL) * 0x0000271000000001L))
                >>> 32;
    }
}
