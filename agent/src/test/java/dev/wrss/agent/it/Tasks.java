package dev.wrss.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A process's threads as the kernel lists them: names from /proc/PID/task/TID/comm, CPU from its stat. */
final class Tasks {

    /** USER_HZ: the unit of utime and stime in a stat file. */
    static final long TICKS_PER_SECOND = 100;

    private Tasks() {}

    /** The thread ids of {@code pid} whose comm is {@code name} (at most 15 bytes, as the kernel keeps it). */
    static List<Long> named(long pid, String name) throws IOException {
        List<Long> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (Files.readString(t.resolve("comm")).strip().equals(name)) {
                        tids.add(Long.parseLong(t.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the thread ended while listed
                }
            }
        }
        return tids;
    }

    /** utime + stime of one thread in ticks, or -1 once it is gone. */
    static long cpuTicks(long pid, long tid) {
        try {
            String stat =
                    Files.readString(
                            Path.of(
                                    "/proc",
                                    Long.toString(pid),
                                    "task",
                                    Long.toString(tid),
                                    "stat"));
            // after the comm's closing parenthesis: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
