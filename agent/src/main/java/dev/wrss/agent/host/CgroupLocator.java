package dev.wrss.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the memory cgroup directory of a process: its path from /proc/PID/cgroup (the v1 line naming the
 * {@code memory} controller wins over the v2 {@code 0::} line, as on hybrid hosts), joined to the matching
 * mount of /proc/PID/mountinfo with the mount's root stripped (containers mount their own cgroup as root).
 */
final class CgroupLocator {

    private static final String STANDARD_ROOT = "/sys/fs/cgroup";

    /** The directory found, and the mount directory above which limits are not inherited. */
    record Location(int version, Path dir, Path mountDir) {}

    private CgroupLocator() {}

    /** The memory cgroup of {@code procDir} (e.g. /proc/self); null if there is none. */
    static Location locate(Path procDir, Path cgroupRoot) {
        String v1Path = null;
        String v2Path = null;
        for (String line : lines(procDir.resolve("cgroup"))) {
            int c1 = line.indexOf(':');
            int c2 = line.indexOf(':', c1 + 1);
            if (c1 < 0 || c2 < 0) {
                continue;
            }
            String controllers = line.substring(c1 + 1, c2);
            if (line.startsWith("0::")) {
                v2Path = line.substring(c2 + 1);
            } else if (("," + controllers + ",").contains(",memory,")) {
                v1Path = line.substring(c2 + 1);
            }
        }
        if (v1Path != null) {
            return resolve(1, v1Path, procDir, cgroupRoot, cgroupRoot.resolve("memory"));
        }
        if (v2Path != null) {
            Path fallback =
                    Files.exists(cgroupRoot.resolve("cgroup.controllers"))
                            ? cgroupRoot
                            : cgroupRoot.resolve("unified");
            return resolve(2, v2Path, procDir, cgroupRoot, fallback);
        }
        return null;
    }

    private static Location resolve(
            int version, String path, Path procDir, Path cgroupRoot, Path standardMount) {
        String root = "/";
        Path mountDir = standardMount;
        for (String line : lines(procDir.resolve("mountinfo"))) {
            // id parent maj:min root mountpoint options [optional...] - fstype source superoptions
            String[] f = line.split(" ");
            int dash = indexOf(f, "-");
            if (dash < 5 || dash + 3 >= f.length) {
                continue;
            }
            boolean match =
                    version == 2
                            ? f[dash + 1].equals("cgroup2")
                            : f[dash + 1].equals("cgroup")
                                    && ("," + f[dash + 3] + ",").contains(",memory,");
            if (match) {
                root = unescape(f[3]);
                mountDir = map(unescape(f[4]), cgroupRoot);
                break;
            }
        }
        String relative =
                root.equals("/")
                        ? path
                        : path.startsWith(root) ? path.substring(root.length()) : path;
        Path dir =
                relative.isEmpty() || relative.equals("/")
                        ? mountDir
                        : mountDir.resolve(relative.substring(1));
        // A cgroup namespace may show a path that is not below the mount: the mount is then the
        // cgroup.
        return new Location(version, Files.isDirectory(dir) ? dir : mountDir, mountDir);
    }

    private static Path map(String mountPoint, Path cgroupRoot) {
        if (mountPoint.equals(STANDARD_ROOT)) {
            return cgroupRoot;
        }
        if (mountPoint.startsWith(STANDARD_ROOT + "/")) {
            return cgroupRoot.resolve(mountPoint.substring(STANDARD_ROOT.length() + 1));
        }
        return Paths.get(mountPoint);
    }

    private static int indexOf(String[] f, String s) {
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals(s)) {
                return i;
            }
        }
        return -1;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && isOctal(s, i + 1, i + 4)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private static String[] lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }
}
