package dev.wrss.agent.cli;

import dev.wrss.agent.AgentOptions;
import picocli.CommandLine;

/** Parses {@code 0}, {@code 500us}, {@code 5ms}, {@code 1s} (a bare number is milliseconds, as the agent's maxPause) into nanoseconds. */
final class PauseConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            long micros = AgentOptions.parseMicros(value);
            if (micros > 10_000_000) {
                throw new IllegalArgumentException("out of range");
            }
            return micros * 1000;
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a pause of 0..10s (e.g. 0, 500us, 5ms)");
        }
    }
}
