package dev.wrss.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.ChildJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the documented SharedFileDemo command: three JVMs with the agent map one 64 MiB file. Each one's file
 * Rss is the whole file, its file Pss a third, and the three Pss values add up to the file, within 1%.
 * The numbers are the file's own row of wrss:type=MappedFiles (the launcher says "file"); the mapped_files
 * region would also carry each JVM's small mapped files (hsperfdata, locale archives), a few hundred KiB.
 */
class SharedFileDemoIT {

    private static final Pattern ROW =
            Pattern.compile(
                    "(\\d+)\\s+([0-9.]+) MiB\\s+([0-9.]+) MiB\\s+([0-9.]+) MiB\\s+(file|region)");
    private static final Pattern SUM = Pattern.compile("SUM\\s+([0-9.]+) MiB");

    record Row(long pid, double rssMib, double pssMib, double regionPssMib, String source) {}

    @Test
    void threeJvmsSplitTheFilesPssAndEachCountsItWholeInRss() throws Exception {
        String out;
        try (ChildJvm demo =
                DocumentedCommand.start(
                        List.of(
                                DocumentedCommand.java(),
                                "-cp",
                                "examples/target/wrss-examples.jar",
                                "dev.wrss.examples.SharedFileDemo",
                                "--mb",
                                "64",
                                "--jvms",
                                "3",
                                "--agent",
                                "agent/target/wrss-agent.jar"))) {
            assertTrue(demo.waitFor(180, TimeUnit.SECONDS), "still running: " + demo.describe());
            assertEquals(0, demo.process().exitValue(), demo.describe());
            out = demo.stdout();
        }
        System.out.println(out);
        List<Row> rows = new ArrayList<>();
        Matcher m = ROW.matcher(out);
        while (m.find()) {
            rows.add(
                    new Row(
                            Long.parseLong(m.group(1)),
                            Double.parseDouble(m.group(2)),
                            Double.parseDouble(m.group(3)),
                            Double.parseDouble(m.group(4)),
                            m.group(5)));
        }
        assertEquals(3, rows.size(), out);
        double pssSum = 0;
        for (Row r : rows) {
            assertEquals("file", r.source(), "the 64 MiB file is among the top files by Pss");
            assertWithin(64, r.rssMib(), "Rss of pid " + r.pid());
            assertWithin(64 / 3.0, r.pssMib(), "Pss of pid " + r.pid());
            assertTrue(
                    r.regionPssMib() >= r.pssMib() - 0.01,
                    "the mapped_files region holds the file: " + r);
            pssSum += r.pssMib();
        }
        assertWithin(64, pssSum, "sum of Pss");
        Matcher sum = SUM.matcher(out);
        assertTrue(sum.find(), out);
        assertWithin(64, Double.parseDouble(sum.group(1)), "printed sum");
    }

    private static void assertWithin(double expected, double actual, String what) {
        assertTrue(
                Math.abs(expected - actual) <= 0.01 * expected,
                what + ": expected " + expected + " MiB ±1%, got " + actual);
    }
}
