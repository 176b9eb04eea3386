package dev.wrss.agent.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Parses {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d} into milliseconds, for --since. */
final class DurationConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long factor =
                switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                    case 's' -> 1000L;
                    case 'm' -> 60_000L;
                    case 'h' -> 3_600_000L;
                    case 'd' -> 86_400_000L;
                    default ->
                            throw new CommandLine.TypeConversionException(
                                    "'"
                                            + value
                                            + "' is not a duration with a unit (e.g. 90s, 10m, 1h, 2d)");
                };
        try {
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            if (n <= 0 || n > 3650L * 86_400_000 / factor) {
                throw new NumberFormatException();
            }
            return n * factor;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a positive duration (e.g. 10m)");
        }
    }
}
