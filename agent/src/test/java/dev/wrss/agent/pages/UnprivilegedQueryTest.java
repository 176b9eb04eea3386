package dev.wrss.agent.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wrss.agent.it.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same query as {@link SupermincoreTest}, from a child JVM running as nobody: PFNs hidden, counts from pagemap. */
class UnprivilegedQueryTest {

    private static final List<String> AS_NOBODY =
            List.of(
                    "setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                    "--inh-caps=-all");

    @TempDir Path dir;

    @Test
    void unprivilegedQuerySeesPresenceButNoFramesAndOnlyExclusiveCounts() throws Exception {
        assumeTrue(
                onPath("setpriv"),
                "NOT RUN: setpriv is missing, the unprivileged path was NOT tested");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> r;
        try (ChildJvm child =
                ChildJvm.runAs(
                        AS_NOBODY,
                        List.of("-XX:-UsePerfData", "-Xmx64m"),
                        PagesProbe.class,
                        List.of(Supermincore.class),
                        List.of(dir.toString()))) {
            r = fields(child.await("result ", 120));
        }
        System.out.println("unprivileged child: " + r);
        assertEquals("nobody", r.get("user"));
        assertEquals("false", r.get("privileged"));
        assertEquals(4096, Integer.parseInt(r.get("pages")));
        assertEquals(4096, Integer.parseInt(r.get("present")));
        assertEquals(0, Integer.parseInt(r.get("pfnNonZero")));
        assertEquals(0, Integer.parseInt(r.get("countOther")));
        assertEquals(
                4096, Integer.parseInt(r.get("countOne")) + Integer.parseInt(r.get("countZero")));
        // the page cache pages of a file only this child maps: each is exclusively mapped
        assertEquals(4096, Integer.parseInt(r.get("countOne")));
        assertEquals(0, Integer.parseInt(r.get("indexMismatch")));
        // one node on this machine: a present page is on it even when its frame is hidden
        assertEquals(4096, Integer.parseInt(r.get("node0")));
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> m = new HashMap<>();
        for (String kv : line.substring("result ".length()).split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
