package dev.wrss.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** What a process holds open, from /proc: its sockets (and which listen), and the files it may write. */
public final class ProcessFootprint {

    private ProcessFootprint() {}

    /** Socket inodes among the process's descriptors. */
    public static Set<String> sockets(long pid) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String target : targets(pid, false)) {
            if (target.startsWith("socket:[")) {
                out.add(target.substring(8, target.length() - 1));
            }
        }
        return out;
    }

    /**
     * Inodes of the sockets in the process's network namespace that reach the network (TCP, UDP, raw; v4 and
     * v6) or that others can connect to (TCP in LISTEN, Unix sockets listening or bound to a path). The tables
     * list every process's sockets, so intersect with {@link #sockets} to find the process's own.
     */
    public static Set<String> reachableInodes(long pid) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String table : new String[] {"tcp", "tcp6", "udp", "udp6", "raw", "raw6"}) {
            for (String[] f : rows(pid, table)) {
                if (f.length > 9) {
                    out.add(f[9]);
                }
            }
        }
        // unix: Num RefCount Protocol Flags Type St Inode [Path]; flag 00010000 is __SO_ACCEPTCON
        // (listening)
        for (String[] f : rows(pid, "unix")) {
            if (f.length > 6 && (f.length > 7 || (Integer.parseInt(f[3], 16) & 0x10000) != 0)) {
                out.add(f[6]);
            }
        }
        return out;
    }

    private static java.util.List<String[]> rows(long pid, String table) throws IOException {
        Path p = Path.of("/proc/" + pid + "/net/" + table);
        if (!Files.exists(p)) {
            return java.util.List.of();
        }
        return Files.readAllLines(p).stream().skip(1).map(l -> l.trim().split("\\s+")).toList();
    }

    /**
     * Files (paths, not pipes or sockets, which are per-process objects) open for writing, with the pid
     * written as PID so that two processes compare.
     */
    public static Set<String> writableFiles(long pid) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String t : targets(pid, true)) {
            if (t.startsWith("/")) {
                out.add(t.replace(Long.toString(pid), "PID"));
            }
        }
        return out;
    }

    private static Set<String> targets(long pid, boolean writableOnly) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (writableOnly && !writable(pid, fd.getFileName().toString())) {
                        continue;
                    }
                    out.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return out;
    }

    /** O_WRONLY or O_RDWR in the octal flags line of fdinfo. */
    private static boolean writable(long pid, String fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return (Integer.parseInt(line.substring(6).trim(), 8) & 3) != 0;
            }
        }
        return false;
    }
}
