package dev.wrss.agent.cli.target;

/**
 * The command line's exit codes. Scripts depend on these numbers (documented in docs/cli.md); do not
 * renumber.
 */
public final class ExitCode {

    public static final int OK = 0;

    /** Something failed at run time: the target exited, an agent did not start, I/O failed. */
    public static final int FAILURE = 1;

    /** Bad command line: unknown command or option, malformed value. */
    public static final int USAGE = 2;

    public static final int NO_SUCH_PROCESS = 3;

    /** The process is not a JVM, or a JVM that refuses attach (-XX:+DisableAttachMechanism). */
    public static final int NOT_ATTACHABLE = 4;

    public static final int PERMISSION_DENIED = 5;

    /** The target already runs a wrss agent of another version. */
    public static final int VERSION_MISMATCH = 6;

    /** The target did not answer within --timeout (stopped, frozen, hung). */
    public static final int TIMEOUT = 7;

    /** The target handed out something wrss does not trust: a JMX address off loopback, a bogus attach socket. */
    public static final int UNTRUSTED = 8;

    private ExitCode() {}
}
