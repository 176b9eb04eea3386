package dev.wrss.agent.cli.target;

import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.agent.scan.FootprintScanner;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The agent's pipeline run here, in the command's own JVM, on another process: its smaps read from /proc,
 * classified with the same {@link FootprintScanner} against layout facts fetched from the target with
 * diagnostic commands over attach. Leaves no wrss code or thread in the target.
 */
public final class LocalScan implements FootprintSource {

    /** Every thread and file: the command line prints what it is asked for, it keeps nothing between runs. */
    static final int ALL_ROWS = 100_000;

    private final long pid;
    private final Deadline deadline;
    private final FootprintScanner scanner;
    private long nextId = 1;

    public LocalScan(AttachSession session, Path procRoot, Set<String> commands) {
        this(session, procRoot, commands, LayoutProbe.DEFAULT_MAX_PAUSE_NANOS);
    }

    /** @param maxPauseNanos the longest stop-the-world pause Thread.print may cost the target, for full names */
    public LocalScan(
            AttachSession session, Path procRoot, Set<String> commands, long maxPauseNanos) {
        this.pid = session.pid();
        this.deadline = session.deadline();
        LayoutProbe probe =
                new LayoutProbe(
                        new AttachFacts(session, commands), pid, procRoot, maxPauseNanos, null);
        this.scanner =
                new FootprintScanner(
                        new SmapsReader(procRoot, Long.toString(pid)), probe, ALL_ROWS, ALL_ROWS);
    }

    @Override
    public FootprintSnapshot scan() {
        long id = nextId++;
        return deadline.get(
                "reading /proc/" + pid + "/smaps and its layout",
                () -> {
                    try {
                        return scanner.scan(id);
                    } catch (IOException e) {
                        throw readFailure(e);
                    }
                });
    }

    @Override
    public List<MappingRow> mappings() {
        return deadline.get(
                "reading /proc/" + pid + "/smaps",
                () -> {
                    try {
                        return scanner.mappings();
                    } catch (IOException e) {
                        throw readFailure(e);
                    }
                });
    }

    @Override
    public String kind() {
        return "cli";
    }

    @Override
    public String describe() {
        return "wrss "
                + AgentJar.ownVersion()
                + " from outside (no agent in the target; smaps read here, layout by jcmd)";
    }

    /** The target's collector as its layout names it, e.g. {@code G1}. */
    String collector() {
        return scanner.layout().collector();
    }

    private CommandFailure readFailure(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return new CommandFailure(
                    ExitCode.NO_SUCH_PROCESS, "pid " + pid + " exited while being read");
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new CommandFailure(
                    ExitCode.PERMISSION_DENIED,
                    "permission denied reading /proc/"
                            + pid
                            + "/smaps; run wrss as the user that owns pid "
                            + pid
                            + " (or root)");
        }
        return AttachSession.failure("cannot read /proc/" + pid + "/smaps", e);
    }
}
