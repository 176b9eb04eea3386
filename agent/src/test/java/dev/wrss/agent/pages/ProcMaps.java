package dev.wrss.agent.pages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test-side lookups in /proc/PID/maps and smaps, parsed simply and independently of the code under test. */
public final class ProcMaps {

    private ProcMaps() {}

    /** {start, end, offset} of the first mapping of {@code pid} whose path is {@code file}; null if none. */
    static long[] find(long pid, Path file) throws IOException {
        String want = file.toAbsolutePath().toString();
        for (String line :
                Files.readAllLines(
                        Path.of("/proc/" + pid + "/maps"),
                        java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[5].equals(want)) {
                String[] range = f[0].split("-");
                return new long[] {
                    Long.parseUnsignedLong(range[0], 16),
                    Long.parseUnsignedLong(range[1], 16),
                    Long.parseUnsignedLong(f[2], 16)
                };
            }
        }
        return null;
    }

    /** The largest mapping with inode 0 and rw-p permissions: plain anonymous memory such as the Java heap. */
    public static long[] largestAnonymous(long pid) throws IOException {
        long[] best = null;
        for (String line :
                Files.readAllLines(
                        Path.of("/proc/" + pid + "/maps"),
                        java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 5 && f[1].equals("rw-p") && f[4].equals("0")) {
                String[] range = f[0].split("-");
                long s = Long.parseUnsignedLong(range[0], 16);
                long e = Long.parseUnsignedLong(range[1], 16);
                if (best == null || e - s > best[1] - best[0]) {
                    best = new long[] {s, e};
                }
            }
        }
        return best;
    }

    /** The {@code Pss:} of the smaps entry starting at {@code start}, in bytes; -1 if not found. */
    static long smapsPssBytes(long pid, long start) throws IOException {
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
