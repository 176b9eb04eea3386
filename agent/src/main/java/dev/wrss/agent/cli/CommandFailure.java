package dev.wrss.agent.cli;

/**
 * A failure the user can act on: one line saying what is wrong and what to do, and the exit code.
 * {@link Main} prints the message without a stack trace.
 */
final class CommandFailure extends RuntimeException {

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(oneLine(message), null, false, false);
        this.exitCode = exitCode;
    }

    /** RMI and attach exceptions nest multi-line messages; the command prints one line. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    int exitCode() {
        return exitCode;
    }
}
