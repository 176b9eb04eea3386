package dev.wrss.agent.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDirTest {

    @Test
    void oldestReportsGoBeyondTheCountAndOthersFilesStay(@TempDir Path dir) throws Exception {
        ReportDir d = new ReportDir(dir, 3, 1 << 20);
        for (int i = 0; i < 5; i++) {
            d.write("wrss-1-" + i + ".json", "{}");
            Files.setLastModifiedTime(
                    dir.resolve("wrss-1-" + i + ".json"), FileTime.fromMillis(1000L * i));
        }
        Files.writeString(dir.resolve("notes.txt"), "not ours");
        d.prune();
        assertEquals(
                List.of("notes.txt", "wrss-1-2.json", "wrss-1-3.json", "wrss-1-4.json"),
                names(dir));
    }

    @Test
    void theSizeBoundHoldsToo(@TempDir Path dir) throws Exception {
        ReportDir d = new ReportDir(dir, 100, 2500);
        for (int i = 0; i < 4; i++) {
            d.write("wrss-1-" + i + ".txt", "x".repeat(1000));
            Files.setLastModifiedTime(
                    dir.resolve("wrss-1-" + i + ".txt"), FileTime.fromMillis(1000L * i));
        }
        d.prune();
        assertEquals(List.of("wrss-1-2.txt", "wrss-1-3.txt"), names(dir));
    }

    @Test
    void aLinkWhereAReportGoesIsReplacedNotWrittenThrough(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("reports"));
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.createSymbolicLink(dir.resolve("wrss-1-x.json"), victim);
        new ReportDir(dir, 10, 1 << 20).write("wrss-1-x.json", "{\"report\":1}");
        assertEquals("precious", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(dir.resolve("wrss-1-x.json")));
        assertEquals("{\"report\":1}", Files.readString(dir.resolve("wrss-1-x.json")));
    }

    @Test
    void leftoversAreRemovedButLinksNamedLikeThemAreNotFollowed(@TempDir Path tmp)
            throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("reports"));
        Files.writeString(dir.resolve(".wrss-7-1.tmp"), "half");
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.createSymbolicLink(dir.resolve(".wrss-7-2.tmp"), victim);
        ReportDir d = new ReportDir(dir, 10, 1 << 20);
        assertEquals(1, d.removeLeftovers());
        assertEquals(List.of(".wrss-7-2.tmp"), names(dir));
        assertTrue(Files.exists(victim));
        assertTrue(
                new ReportDir(Files.createSymbolicLink(tmp.resolve("l"), dir), 1, 1)
                        .problem()
                        .contains("link"));
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
