package dev.wrss.agent.cli;

import dev.wrss.agent.cli.target.Deadline;
import dev.wrss.agent.cli.target.LoopbackRmi;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --timeout <duration>}, mixed into the commands that talk to a target: the bound on each step. */
final class TimeoutOption {

    // referenced by docs/cli.md; do not rename
    @Option(
            names = "--timeout",
            paramLabel = "<duration>",
            defaultValue = "10s",
            converter = Converter.class,
            description =
                    "the longest wrss waits for the target at each step (attach, a diagnostic command, a JMX "
                            + "connect or call, a /proc read), e.g. 10s, 500ms, 1m; a bare number is seconds "
                            + "(default: ${DEFAULT-VALUE}). A target that does not answer ends the command with exit code 7")
    long millis = Deadline.DEFAULT_MILLIS;

    /** The deadline for steps on {@code pid}; also RMI's own bounds, read when RMI first connects. */
    Deadline forPid(long pid) {
        LoopbackRmi.setTimeout(millis);
        return new Deadline(pid, millis);
    }

    /** 100ms .. 1h, written as for --watch. */
    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return IntervalConverter.parseMillis(value, "timeout");
        }
    }
}
