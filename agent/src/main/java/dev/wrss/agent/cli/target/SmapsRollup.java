package dev.wrss.agent.cli.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's totals from /proc/PID/smaps_rollup, which the kernel sums for us in one cheap read:
 * <pre>
 * Rss:              123456 kB
 * Pss:              100000 kB
 * Private_Dirty:     90000 kB
 * </pre>
 */
public record SmapsRollup(long rssBytes, long pssBytes, long ussBytes) {

    public static SmapsRollup read(Path procRoot, long pid) throws IOException {
        long rss = 0;
        long pss = 0;
        long uss = 0;
        Path file = procRoot.resolve(Long.toString(pid)).resolve("smaps_rollup");
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            // Pss_Dirty, Pss_Anon... also start with "Pss": match the colon
            if (line.startsWith("Rss:")) {
                rss = kiloBytes(line);
            } else if (line.startsWith("Pss:")) {
                pss = kiloBytes(line);
            } else if (line.startsWith("Private_Clean:") || line.startsWith("Private_Dirty:")) {
                uss += kiloBytes(line);
            }
        }
        return new SmapsRollup(rss, pss, uss);
    }

    private static long kiloBytes(String line) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]) * 1024;
    }
}
