package dev.wrss.agent.cli.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A process the user named by pid, checked from /proc before anything touches it: it exists, this user may
 * read it, it is a JVM, and it accepts attach. The checks come first because the attach API signals its
 * target with SIGQUIT, which would kill a process that is not a JVM.
 */
public final class TargetProcess {

    private static final String DISABLE_ATTACH = "-XX:+DisableAttachMechanism";

    /** The agent's sampler thread name; its presence means the wrss agent runs in the target. */
    static final String SCANNER_THREAD = "wrss-scanner";

    private final long pid;
    private final Path dir;
    private final String command;
    private final int ownerUid;
    private final TargetFiles files;

    private TargetProcess(long pid, Path dir, String command) {
        this.pid = pid;
        this.dir = dir;
        this.command = command;
        this.ownerUid = ownerUid(dir);
        this.files = new TargetFiles(pid, dir);
    }

    long pid() {
        return pid;
    }

    /** The kernel's short name of the process (comm), e.g. {@code java}. */
    String command() {
        return command;
    }

    /**
     * Checks only that {@code pid} exists and that this user may read it: for commands that do not talk to
     * the JVM, such as {@code pages}, which works on any process.
     */
    public static void checkReadable(long pid, Path procRoot) {
        if (pid <= 0) {
            throw new CommandFailure(ExitCode.USAGE, "pid must be a positive number, not " + pid);
        }
        Path dir = procRoot.resolve(Long.toString(pid));
        if (!Files.isDirectory(dir)) {
            throw noSuchProcess(pid);
        }
        checkOwner(pid, dir);
    }

    /** {@link #check(long, Path)} with its /proc reads bounded by {@code deadline}. */
    public static TargetProcess check(long pid, Path procRoot, Deadline deadline) {
        return deadline.get("reading /proc/" + pid, () -> check(pid, procRoot));
    }

    /** Checks {@code pid} and answers it, or throws a {@link CommandFailure} saying what is wrong. */
    public static TargetProcess check(long pid, Path procRoot) {
        checkReadable(pid, procRoot);
        Path dir = procRoot.resolve(Long.toString(pid));
        String comm = readOr(dir.resolve("comm"), "?").trim();
        if (!mapsLibjvm(pid, dir)) {
            throw new CommandFailure(
                    ExitCode.NOT_ATTACHABLE,
                    "pid "
                            + pid
                            + " ("
                            + comm
                            + ") is not a JVM: it maps no libjvm.so; list the JVMs with 'wrss ps'");
        }
        if (readOr(dir.resolve("cmdline"), "").contains(DISABLE_ATTACH)
                || readOr(dir.resolve("environ"), "").contains(DISABLE_ATTACH)) {
            throw attachDisabled(pid);
        }
        return new TargetProcess(pid, dir, comm);
    }

    static CommandFailure noSuchProcess(long pid) {
        return new CommandFailure(
                ExitCode.NO_SUCH_PROCESS,
                "no process with pid " + pid + "; list the JVMs with 'wrss ps'");
    }

    static CommandFailure attachDisabled(long pid) {
        return new CommandFailure(
                ExitCode.NOT_ATTACHABLE,
                "pid "
                        + pid
                        + " is a JVM that refuses attach "
                        + "(-XX:+DisableAttachMechanism); start it without that flag, or with -javaagent:wrss-agent.jar");
    }

    /** The process's uid, -1 if unknown. */
    public int ownerUid() {
        return ownerUid;
    }

    TargetFiles files() {
        return files;
    }

    /**
     * True when root runs wrss on another user's JVM: then wrss uses the attach channel alone and reads nothing
     * over JMX, whose address and objects that JVM chooses.
     */
    public boolean otherUserAsRoot() {
        return ProcessOwner.effectiveUid() == 0 && ownerUid != 0;
    }

    private static int ownerUid(Path dir) {
        try {
            return (Integer) Files.getAttribute(dir, "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void checkOwner(long pid, Path dir) {
        try {
            int ownerUid = (Integer) Files.getAttribute(dir, "unix:uid");
            int myUid = ProcessOwner.effectiveUid();
            if (myUid != 0 && myUid != ownerUid) {
                throw new CommandFailure(
                        ExitCode.PERMISSION_DENIED,
                        "permission denied: pid "
                                + pid
                                + " belongs to "
                                + ProcessOwner.describe(ownerUid)
                                + " and wrss runs as "
                                + ProcessOwner.describe(myUid)
                                + "; run wrss as that user (or root)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // cannot tell the owner: the reads below say whether access is denied
        }
    }

    private static boolean mapsLibjvm(long pid, Path dir) {
        try (var lines = Files.lines(dir.resolve("maps"), StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (AccessDeniedException e) {
            throw new CommandFailure(
                    ExitCode.PERMISSION_DENIED,
                    "permission denied reading "
                            + dir.resolve("maps")
                            + "; run wrss as the user that owns pid "
                            + pid
                            + " (or root)");
        } catch (NoSuchFileException e) {
            throw noSuchProcess(pid);
        } catch (IOException | java.io.UncheckedIOException e) {
            if (!Files.isDirectory(dir)) {
                throw noSuchProcess(pid);
            }
            throw new CommandFailure(
                    ExitCode.FAILURE, "cannot read " + dir.resolve("maps") + ": " + e.getMessage());
        }
    }

    public boolean alive() {
        return Files.isDirectory(dir);
    }

    /** True when the wrss agent's scanner thread runs in the target; read from /proc, no attach needed. */
    public boolean hasWrssAgent() {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path task : tasks) {
                if (SCANNER_THREAD.equals(readOr(task.resolve("comm"), "").trim())) {
                    return true;
                }
            }
        } catch (IOException e) {
            // gone or unreadable: the attach that follows reports it
        }
        return false;
    }

    /**
     * True when the JVM's own hsperfdata says it refuses attach: the flag given some way not visible on the command
     * line (an @argfile, -XX:Flags, -XX:VMOptionsFile). Read from its /tmp, inside its container if it runs in one.
     */
    boolean perfDataRefusesAttach() {
        PerfData perf = files.readPerfData(ownerUid);
        return perf != null && !perf.attachable();
    }

    /** The main class or jar from the JVM's hsperfdata, or null. */
    String perfDataMainName() {
        PerfData perf = files.readPerfData(ownerUid);
        return perf == null || perf.javaCommand() == null
                ? null
                : AttachSession.mainName(perf.javaCommand());
    }

    /**
     * For an attach answered "Connection refused": the target's attach socket file is there and nothing listens
     * on it. A JVM killed outright (SIGKILL, a crash) leaves that file behind, and a JVM given the same pid later
     * cannot be attached until it is removed, because the attach finds the file and never signals the JVM to
     * open a socket of its own. wrss does not remove other users' files; it names the one to remove.
     */
    CommandFailure staleAttachSocket() {
        return new CommandFailure(
                ExitCode.NOT_ATTACHABLE,
                "cannot attach to pid "
                        + pid
                        + ": its attach socket "
                        + files.attachSocket()
                        + " refuses connections, a file left by an earlier "
                        + "JVM with this pid that was killed; remove it and try again");
    }

    /** True for the IOException an attach to a socket nobody listens on fails with. */
    static boolean refused(Throwable e) {
        return e instanceof IOException && "Connection refused".equals(e.getMessage());
    }

    static String readOr(Path file, String fallback) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return fallback;
        }
    }
}
