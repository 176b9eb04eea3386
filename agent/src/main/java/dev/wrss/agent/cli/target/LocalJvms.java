package dev.wrss.agent.cli.target;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The attachable JVMs of one user, by host pid, found as jcmd finds a containerised JVM: each process of that
 * user whose own /tmp (through /proc/PID/root) holds an hsperfdata file for its pid inside its PID namespace,
 * saying it accepts attach. A JVM started with -XX:-UsePerfData is missing, as from the JDK's own listing.
 */
public final class LocalJvms {

    private LocalJvms() {}

    /**
     * @param uid the user whose JVMs to list, -1 for every user
     * @param deadlineFor bounds the reads of each process's files; a process whose reads overrun is left out
     * @return host pid to main class or jar
     */
    public static Map<Long, String> list(
            Path procRoot, int uid, long self, LongFunction<Deadline> deadlineFor) {
        Map<Long, String> jvms = new TreeMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(procRoot, LocalJvms::isPid)) {
            for (Path dir : procs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                try {
                    String main =
                            deadlineFor
                                    .apply(pid)
                                    .get("reading /proc/" + pid, () -> mainIfJvm(pid, dir, uid));
                    if (main != null) {
                        jvms.put(pid, main);
                    }
                } catch (CommandFailure e) {
                    // a process that cannot be read in time, or is gone: not listed
                }
            }
        } catch (IOException e) {
            throw AttachSession.failure("cannot list " + procRoot, e);
        }
        return jvms;
    }

    private static String mainIfJvm(long pid, Path dir, int uid) {
        int owner;
        try {
            owner = (Integer) Files.getAttribute(dir, "unix:uid");
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (uid >= 0 && owner != uid) {
            return null;
        }
        PerfData perf = new TargetFiles(pid, dir).readPerfData(owner);
        if (perf == null || !perf.attachable()) {
            return null;
        }
        // an hsperfdata file left by a killed JVM under a pid that a non-JVM process has now
        String maps = TargetProcess.readOr(dir.resolve("maps"), "");
        return maps.contains("/libjvm.so") ? AttachSession.mainName(perf.javaCommand()) : null;
    }

    private static boolean isPid(Path p) {
        String n = p.getFileName().toString();
        return !n.isEmpty() && n.chars().allMatch(Character::isDigit);
    }
}
