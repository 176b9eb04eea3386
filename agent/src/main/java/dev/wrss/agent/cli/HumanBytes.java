package dev.wrss.agent.cli;

import java.util.Locale;

/** Byte amounts for people, in the binary units of the region table: {@code 12.3 MiB}. */
final class HumanBytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HumanBytes() {
    }

    /** Exact below 1 KiB; {@code -} for a negative, i.e. unknown, amount. */
    static String of(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
