package dev.wrss.agent.cli.target;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files of a target JVM as the JDK's attach finds them, seen from here whatever its container: its pid inside
 * its own PID namespace (the last {@code NSpid} of /proc/PID/status), its /tmp through /proc/PID/root/tmp, its
 * attach socket {@code .java_pid<nspid>} and its hsperfdata file {@code hsperfdata_<user>/<nspid>} there.
 */
final class TargetFiles {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final long pid;
    private final Path dir;
    private final long nsPid;

    TargetFiles(long pid, Path procDir) {
        this.pid = pid;
        this.dir = procDir;
        this.nsPid = nsPid(procDir, pid);
    }

    /** The pid as the target sees it, inside its container; the host pid when it shares our namespace. */
    long nsPid() {
        return nsPid;
    }

    Path tmp() {
        return dir.resolve("root/tmp");
    }

    Path attachSocket() {
        return tmp().resolve(".java_pid" + nsPid);
    }

    static long nsPid(Path procDir, long pid) {
        for (String line : TargetProcess.readOr(procDir.resolve("status"), "").split("\n")) {
            if (line.startsWith("NSpid:")) {
                String[] ids = line.substring(6).trim().split("\\s+");
                try {
                    return Long.parseLong(ids[ids.length - 1]);
                } catch (NumberFormatException e) {
                    return pid;
                }
            }
        }
        return pid;
    }

    /**
     * Before attaching: the socket the attach will connect to must be a socket owned by the target's user, not a
     * link or a file the target (or anyone) put there to lead the attach elsewhere. Absent is fine: the JVM
     * creates it when the attach signals it.
     */
    void checkAttachSocket(int ownerUid) {
        Path socket = attachSocket();
        int mode;
        int uid;
        try {
            mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            uid = (Integer) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | RuntimeException e) {
            return; // unreadable here: the JDK's own permission check on the socket decides
        }
        String why =
                (mode & S_IFMT) != S_IFSOCK
                        ? (Files.isSymbolicLink(socket) ? "a symbolic link" : "not a socket")
                        : uid != ownerUid && ownerUid >= 0
                                ? "owned by "
                                        + ProcessOwner.describe(uid)
                                        + ", not by the JVM's "
                                        + ProcessOwner.describe(ownerUid)
                                : null;
        if (why != null) {
            throw new CommandFailure(
                    ExitCode.UNTRUSTED,
                    "refused to attach to pid "
                            + pid
                            + ": its attach socket "
                            + socket
                            + " is "
                            + why
                            + "; remove it if the JVM did not create it");
        }
    }

    /**
     * Another JVM whose pid inside its namespace is this one's and which sees the same /tmp: both attach sockets
     * are one file there, and an attach would reach whichever JVM created it last (two pid-1 JVMs of containers
     * sharing the host's /tmp). Refused rather than risk loading the agent into, or reading, the other JVM.
     */
    void checkNoTwin() {
        Object tmpKey = fileKey(tmp());
        Path procRoot = dir.getParent();
        if (tmpKey == null || procRoot == null) {
            return;
        }
        try (DirectoryStream<Path> procs =
                Files.newDirectoryStream(
                        procRoot,
                        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path other : procs) {
                long otherPid = Long.parseLong(other.getFileName().toString());
                if (otherPid != pid
                        && nsPid(other, otherPid) == nsPid
                        && tmpKey.equals(fileKey(other.resolve("root/tmp")))
                        && TargetProcess.readOr(other.resolve("maps"), "").contains("/libjvm.so")) {
                    throw new CommandFailure(
                            ExitCode.NOT_ATTACHABLE,
                            "cannot tell pid "
                                    + pid
                                    + " from pid "
                                    + otherPid
                                    + ": both are JVMs of pid "
                                    + nsPid
                                    + " in their namespaces and share one /tmp, so their "
                                    + "attach socket "
                                    + attachSocket()
                                    + " is one file; give the containers their own /tmp");
                }
            }
        } catch (IOException e) {
            // no listing: the attach goes ahead as the JDK's would
        }
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class)
                    .fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The target's hsperfdata file, preferring its user's directory; null if it publishes none. */
    Path perfData(int ownerUid) {
        String user = ProcessOwner.userName(dir.resolve("root/etc/passwd"), ownerUid);
        if (user != null) {
            Path f = tmp().resolve("hsperfdata_" + user).resolve(Long.toString(nsPid));
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                return f;
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp(), "hsperfdata_*")) {
            for (Path d : dirs) {
                Path f = d.resolve(Long.toString(nsPid));
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    return f;
                }
            }
        } catch (IOException e) {
            // no view of its /tmp
        }
        return null;
    }

    /** The JVM's own hsperfdata, or null if it publishes none (-XX:-UsePerfData) or it cannot be read. */
    PerfData readPerfData(int ownerUid) {
        Path f = perfData(ownerUid);
        try {
            return f == null ? null : PerfData.read(f);
        } catch (IOException e) {
            return null;
        }
    }
}
