package dev.wrss.agent.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.OddFiles;
import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.agent.layout.LayoutProbe;
import dev.wrss.agent.proc.SmapsReader;
import dev.wrss.mbeans.FootprintReport;
import dev.wrss.mbeans.FootprintSnapshot;
import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This JVM maps files with hostile names and scans itself: FootprintReport.json escapes each path to plain,
 * HTML-inert ASCII (quotes, backslashes and control characters escaped, {@code < > &} as {@code \u003c}...)
 * and the JSON stays well-formed. The JMX side is {@code EscapingIT}.
 */
class PathEscapingTest {

    @Test
    void hostilePathsAreEscapedInJson(@TempDir Path dir) throws Exception {
        Map<Path, String> links = OddFiles.create(dir);
        List<MappedByteBuffer> keep = new ArrayList<>();
        for (Path link : links.keySet()) {
            try (FileChannel ch = FileChannel.open(link)) {
                keep.add(ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096));
            }
        }
        FootprintScanner scanner =
                new FootprintScanner(
                        new SmapsReader(Path.of("/proc"), "self"),
                        new LayoutProbe(
                                JvmFacts.over(ManagementFactory.getPlatformMBeanServer()),
                                ProcessHandle.current().pid(),
                                Path.of("/proc")),
                        10,
                        1000);
        FootprintSnapshot s = scanner.scan(1);
        String json = FootprintReport.json(s);
        assertWellFormedAndInert(json);
        for (String path : links.values()) {
            assertTrue(
                    json.contains("\"path\":\"" + escaped(path) + "\""),
                    "missing " + escaped(path) + " in " + json);
        }
        assertEquals(links.size(), keep.size());
    }

    /** The escaping a reader of the JSON must undo, written independently of FootprintJson. */
    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default ->
                        b.append(
                                c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&'
                                        ? String.format("\\u%04x", (int) c)
                                        : String.valueOf(c));
            }
        }
        return b.toString();
    }

    /** ASCII only, no markup characters anywhere, every string closed and every escape a JSON escape. */
    private static void assertWellFormedAndInert(String json) {
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            assertTrue(
                    c >= 0x20 && c < 0x7f && c != '<' && c != '>' && c != '&',
                    "char " + (int) c + " at " + i);
            if (inString && c == '\\') {
                char e = json.charAt(++i);
                assertTrue("\"\\/bfnrtu".indexOf(e) >= 0, "escape \\" + e + " at " + i);
                if (e == 'u') {
                    assertTrue(
                            json.substring(i + 1, i + 5).matches("[0-9a-f]{4}"),
                            "\\u escape at " + i);
                    i += 4;
                }
            } else if (c == '"') {
                inString = !inString;
            }
        }
        assertTrue(!inString, "unterminated string");
    }
}
