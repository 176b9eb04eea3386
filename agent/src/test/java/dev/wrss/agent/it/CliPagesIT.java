package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wrss pages}: supermincore of another process from the command line, against a real child JVM. */
class CliPagesIT {

    /** The child's mapping of {@code file}, from /proc/PID/maps: {start, end}. */
    static long[] mappingOf(long pid, Path file) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            if (line.endsWith(" " + file)) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                return new long[] {
                    Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16)
                };
            }
        }
        throw new AssertionError("no mapping of " + file);
    }

    @Test
    void pagesAndSummaryOfAMappedFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cli-pages.bin");
        try (ChildJvm child = ChildJvm.start(Jdks.all().get(0).home(), List.of("-Xmx32m"))) {
            child.send("map " + file + " 4");
            long[] m = mappingOf(child.pid(), file);
            String pid = Long.toString(child.pid());

            CliProcess.Result pages =
                    CliProcess.run(
                            "pages",
                            pid,
                            "0x" + Long.toHexString(m[0]),
                            "0x" + Long.toHexString(m[1]));
            assertEquals(0, pages.exitCode(), pages.toString());
            List<String> lines = pages.stdout().lines().toList();
            assertTrue(lines.get(0).contains("privileged"), lines.get(0));
            List<String> rows = lines.subList(2, lines.size());
            assertEquals(1024, rows.size(), "one line per page of 4 MiB");
            for (int i = 0; i < rows.size(); i++) {
                String[] f = rows.get(i).trim().split("\\s+");
                assertEquals(m[0] + (long) i * 4096, Long.parseUnsignedLong(f[0], 16));
                assertEquals(i, Long.parseLong(f[2]), "index: the page's offset in the file");
                assertEquals(1, Integer.parseInt(f[3]), "only this process maps the file");
                assertEquals("rw-s", f[4]);
                assertTrue(f[5].startsWith("P"), "present: " + rows.get(i));
            }

            CliProcess.Result summary =
                    CliProcess.run(
                            "pages", pid, Long.toString(m[0]), Long.toString(m[1]), "--summary");
            assertEquals(0, summary.exitCode(), summary.toString());
            String row =
                    summary.stdout()
                            .lines()
                            .filter(l -> l.endsWith(file.toString()))
                            .findFirst()
                            .orElseThrow();
            String[] f = row.trim().split("\\s+");
            assertEquals(
                    List.of("1024", "1024", "0", "1024", "0", "0", Long.toString(4 << 20)),
                    List.of(f[2], f[3], f[4], f[5], f[6], f[7], f[8]),
                    row);
        }
    }

    @Test
    void badRangesAreUsageErrors() throws Exception {
        try (ChildJvm child = ChildJvm.start(Jdks.all().get(0).home(), List.of("-Xmx32m"))) {
            String pid = Long.toString(child.pid());
            CliBadInputIT.assertFails(
                    CliProcess.run("pages", pid, "0x1000", "0x80001000"), 2, "exceeds the limit");
            CliBadInputIT.assertFails(
                    CliProcess.run("pages", pid, "banana", "0x2000"), 2, "not an address");
            CliBadInputIT.assertFails(CliProcess.run("pages", pid, "0x2000", "0x1000"), 2, "");
            CliBadInputIT.assertFails(
                    CliProcess.run("pages", "999999999", "0x1000", "0x2000"), 3, "no process");
        }
    }
}
