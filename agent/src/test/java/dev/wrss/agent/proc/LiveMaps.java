package dev.wrss.agent.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-side lookups in a live process's /proc/PID/maps (through {@link MapsReader}) and smaps (parsed simply,
 * independently of the smaps parser).
 */
public final class LiveMaps {

    private LiveMaps() {}

    /** {start, end, offset} of the first mapping of {@code pid} whose path is {@code file}; null if none. */
    public static long[] find(long pid, Path file) throws IOException {
        String want = file.toAbsolutePath().toString();
        MapsReader maps = new MapsReader();
        int n = maps.read(maps(pid), 0, -1);
        for (int i = 0; i < n; i++) {
            if (maps.path(i).equals(want)) {
                return new long[] {maps.start(i), maps.end(i), maps.offset(i)};
            }
        }
        return null;
    }

    /** The largest anonymous private read-write mapping: plain anonymous memory such as the Java heap. */
    public static long[] largestAnonymous(long pid) throws IOException {
        long[] best = null;
        MapsReader maps = new MapsReader();
        int n = maps.read(maps(pid), 0, -1);
        for (int i = 0; i < n; i++) {
            long s = maps.start(i);
            long e = maps.end(i);
            if (maps.isAnonRw(i) && (best == null || e - s > best[1] - best[0])) {
                best = new long[] {s, e};
            }
        }
        return best;
    }

    private static Path maps(long pid) {
        return Path.of("/proc/" + pid + "/maps");
    }

    /** The {@code Pss:} of the smaps entry starting at {@code start}, in bytes; -1 if not found. */
    public static long smapsPssBytes(long pid, long start) throws IOException {
        String header = Long.toHexString(start) + "-";
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            if (Character.digit(line.charAt(0), 16) >= 0
                    && line.contains("-")
                    && !line.contains(":  ")) {
                inside = line.startsWith(header);
            } else if (inside && line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).replace("kB", "").trim()) * 1024;
            }
        }
        return -1;
    }
}
