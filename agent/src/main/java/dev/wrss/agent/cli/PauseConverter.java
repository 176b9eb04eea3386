package dev.wrss.agent.cli;

import dev.wrss.agent.OptionValues;
import picocli.CommandLine;

/** Parses {@code 0}, {@code 500us}, {@code 5ms}, {@code 1s} (a bare number is milliseconds) into nanoseconds, as maxPause. */
final class PauseConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            return OptionValues.parseMaxPauseMicros(value) * 1000;
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a pause of 0..10s (e.g. 0, 500us, 5ms)");
        }
    }
}
