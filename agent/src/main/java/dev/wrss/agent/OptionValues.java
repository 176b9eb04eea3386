package dev.wrss.agent;

import java.util.Locale;

/**
 * The value forms of the agent's options, which the command line and the threshold options share: durations,
 * pauses, byte sizes, fractions. Each parser throws for anything else; the caller turns that into a problem.
 */
public final class OptionValues {

    private OptionValues() {}

    /** "1%" is 0.01, and so is "0.01"; rejects what is outside [min, max]. */
    static double fraction(String value, double min, double max) {
        double v =
                value.endsWith("%")
                        ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100
                        : Double.parseDouble(value);
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException("out of range");
        }
        return v;
    }

    /** Parses 500ms, 10s, 2m, 1h, or a bare number of milliseconds. */
    static long parseDuration(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long factor = 1;
        String digits = v;
        if (v.endsWith("ms")) {
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            factor = 1000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 60_000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            factor = 3_600_000;
            digits = v.substring(0, v.length() - 1);
        }
        long n = Long.parseLong(digits.trim());
        if (n < 0 || n > 86_400_000) {
            throw new IllegalArgumentException("out of range");
        }
        return n * factor;
    }

    /**
     * Parses a pause of 0..10 s, written 250us, 1ms, 2s or as a bare number of milliseconds, into microseconds;
     * the command line's --max-pause too. Throws for anything else.
     */
    public static long parseMaxPauseMicros(String value) {
        String v = value.toLowerCase(Locale.ROOT).trim();
        long micros =
                v.endsWith("us")
                        ? Long.parseLong(v.substring(0, v.length() - 2).trim())
                        : Math.multiplyExact(parseDuration(v), 1000);
        return range(micros, 0, 10_000_000);
    }

    /** Parses 64m, 4g, 512k, 1t or a bare number of bytes (binary units); at most 1 TiB. */
    static long parseBytes(String value) {
        return parseBytes(value, 1L << 40);
    }

    /** Parses 64m, 4g, 512k, 1t or a bare number of bytes (binary units); at most {@code maxBytes}. */
    public static long parseBytes(String value, long maxBytes) {
        String v = value.toLowerCase(Locale.ROOT).trim();
        int shift =
                switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    case 'g' -> 30;
                    case 't' -> 40;
                    default -> 0;
                };
        long n = Long.parseLong((shift == 0 ? v : v.substring(0, v.length() - 1)).trim());
        return range(n, 0, maxBytes >> shift) << shift;
    }

    static long range(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("out of range");
        }
        return v;
    }

    static String oneOf(String v, String... allowed) {
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(v);
    }
}
