package dev.wrss.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The kernel's own totals for a process: /proc/PID/smaps_rollup, in bytes. The oracle for our sums. */
public final class Rollup {

    private Rollup() {}

    public static Map<String, Long> read(long pid) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            String[] p = line.trim().split("\\s+");
            if (p.length == 3 && p[0].endsWith(":") && p[2].equals("kB")) {
                out.put(p[0].substring(0, p[0].length() - 1), Long.parseLong(p[1]) * 1024);
            }
        }
        return out;
    }
}
