package dev.wrss.agent.cli.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who this command runs as, and user names for uids, from /proc/self/status and /etc/passwd. */
public final class ProcessOwner {

    private ProcessOwner() {}

    /** The effective uid of this process (the second field of the Uid: line), or -1 if unknown. */
    public static int effectiveUid() {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /** The name /etc/passwd (or the given copy, e.g. a container's) gives {@code uid}, or null. */
    static String userName(Path passwd, int uid) {
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.ISO_8859_1)) {
                String[] f = line.split(":");
                if (f.length > 2 && f[2].equals(Integer.toString(uid))) {
                    return f[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return null;
    }

    /** {@code uid 0 (root)}, or just {@code uid N} when /etc/passwd does not name it. */
    public static String describe(int uid) {
        String name = userName(Path.of("/etc/passwd"), uid);
        return name == null ? "uid " + uid : "uid " + uid + " (" + name + ")";
    }
}
