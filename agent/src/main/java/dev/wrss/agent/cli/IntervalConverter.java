package dev.wrss.agent.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses {@code 500ms}, {@code 2s} or {@code 1m} into milliseconds, for --watch and --timeout. A bare number is
 * refused: the agent's {@code interval} option reads one as milliseconds, so the command line never guesses.
 */
final class IntervalConverter implements CommandLine.ITypeConverter<Long> {

    static final long MIN_MILLIS = 100;
    static final long MAX_MILLIS = 3_600_000;

    @Override
    public Long convert(String value) {
        return parseMillis(value);
    }

    static long parseMillis(String value) {
        return parseMillis(value, "interval");
    }

    /** @param noun what the value is, for the error message ({@code interval}, {@code timeout}) */
    static long parseMillis(String value, String noun) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long factor;
        String digits;
        if (v.endsWith("ms")) {
            factor = 1;
            digits = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            factor = 1000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            factor = 60_000;
            digits = v.substring(0, v.length() - 1);
        } else if (v.matches("[0-9.]+")) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' has no unit: write it as 2s, 500ms or 1m");
        } else {
            throw notA(value, noun);
        }
        double n;
        try {
            n = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw notA(value, noun);
        }
        double millis = n * factor;
        if (!(millis >= MIN_MILLIS && millis <= MAX_MILLIS)) {
            throw new CommandLine.TypeConversionException(
                    noun + " '" + value + "' is out of range (100ms..1h)");
        }
        return Math.round(millis);
    }

    private static CommandLine.TypeConversionException notA(String value, String noun) {
        return new CommandLine.TypeConversionException(
                "'"
                        + value
                        + "' is not "
                        + ("interval".equals(noun) ? "an " : "a ")
                        + noun
                        + " (e.g. 2s, 500ms, 1m)");
    }
}
