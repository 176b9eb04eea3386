package dev.wrss.agent.cli.target;

/**
 * A failure the user can act on: one line saying what is wrong and what to do, and the exit code.
 * {@code Main} prints the message without a stack trace.
 */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(oneLine(message), null, false, false);
        this.exitCode = exitCode;
    }

    /** RMI and attach exceptions nest multi-line messages; the command prints one line. */
    public static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    public int exitCode() {
        return exitCode;
    }
}
