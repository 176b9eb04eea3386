package dev.wrss.agent.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One resolution of the history: keep {@code retentionMillis} of samples, one every {@code stepMillis}.
 * Written {@code 1h@10s}; a list is {@code 1h@10s,24h@1m}, finest first.
 */
public record Resolution(long retentionMillis, long stepMillis) {

    /** More samples than this in one resolution is a typo, not a plan (a day at 1 s is 86,400). */
    static final int MAX_SAMPLES = 100_000;

    public Resolution {
        if (stepMillis < 500
                || retentionMillis < stepMillis
                || retentionMillis / stepMillis > MAX_SAMPLES) {
            throw new IllegalArgumentException(
                    "a resolution needs step >= 500ms, retention >= step and at most "
                            + MAX_SAMPLES
                            + " samples");
        }
    }

    /** Samples this resolution holds when full. */
    public int capacity() {
        return (int) ((retentionMillis + stepMillis - 1) / stepMillis);
    }

    /** The defaults: the last hour at the interval or 10 s, whichever is coarser, and the last day at 1 minute. */
    public static List<Resolution> defaults(long intervalMillis) {
        long step = Math.max(intervalMillis, 10_000);
        return List.of(
                new Resolution(3_600_000, step),
                new Resolution(86_400_000, Math.max(step, 60_000)));
    }

    /**
     * Parses {@code 1h@10s,24h@1m} (also separated by {@code +}); {@code off} is the empty list. Throws
     * IllegalArgumentException for anything else, or when a resolution is not coarser than the one before.
     */
    public static List<Resolution> parseList(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("off")) {
            return List.of();
        }
        List<Resolution> out = new ArrayList<>();
        for (String item : s.split("[,+]")) {
            int at = item.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException(
                        "expected <retention>@<step>, e.g. 1h@10s: " + item);
            }
            Resolution r =
                    new Resolution(millis(item.substring(0, at)), millis(item.substring(at + 1)));
            if (!out.isEmpty() && r.stepMillis <= out.get(out.size() - 1).stepMillis) {
                throw new IllegalArgumentException("resolutions go from fine to coarse: " + spec);
            }
            out.add(r);
        }
        return List.copyOf(out);
    }

    static long millis(String v) {
        String t = v.trim();
        long factor;
        String digits;
        if (t.endsWith("ms")) {
            factor = 1;
            digits = t.substring(0, t.length() - 2);
        } else {
            factor =
                    switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                        case 's' -> 1000L;
                        case 'm' -> 60_000L;
                        case 'h' -> 3_600_000L;
                        case 'd' -> 86_400_000L;
                        default ->
                                throw new IllegalArgumentException(
                                        "a duration needs a unit (ms, s, m, h, d): " + v);
                    };
            digits = t.substring(0, t.length() - 1);
        }
        long n = Long.parseLong(digits.trim());
        if (n <= 0 || n > 1_000_000) {
            throw new IllegalArgumentException("out of range: " + v);
        }
        return n * factor;
    }

    @Override
    public String toString() {
        return text(retentionMillis) + "@" + text(stepMillis);
    }

    static String text(long ms) {
        if (ms % 86_400_000 == 0 && ms >= 172_800_000) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
