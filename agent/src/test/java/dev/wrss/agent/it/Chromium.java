package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) loading a local HTML file offline: the DOM it built and a
 * screenshot. A test on a machine without it is NOT RUN.
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");

    /** What the browser made of a page. */
    public record Rendered(String dom, Path screenshot) {}

    private Chromium() {}

    /** Aborts the calling test as NOT RUN where there is no Chromium. */
    public static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(BINARY),
                "NOT RUN: no " + BINARY + " (apt-get install chromium; .ci/run installs it)");
    }

    /** Loads {@code html} with the network off, in a profile inside {@code dir}; fails if no DOM comes back. */
    public static Rendered render(Path html, Path dir) throws IOException, InterruptedException {
        Path png = dir.resolve(html.getFileName() + ".png");
        Path err = dir.resolve(html.getFileName() + ".chromium.err");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("--no-sandbox"); // Chromium refuses to start as root with its sandbox
        }
        cmd.addAll(
                List.of(
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--no-first-run",
                        // no proxy and no resolver: a page that tried to fetch anything would get
                        // nothing
                        "--proxy-server=127.0.0.1:9",
                        "--host-resolver-rules=MAP * ~NOTFOUND",
                        "--user-data-dir=" + dir.resolve("profile-" + html.getFileName()),
                        "--screenshot=" + png,
                        "--window-size=1200,3000",
                        "--dump-dom",
                        html.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        if (!dom.contains("</html>")) {
            throw new AssertionError("chromium dumped no DOM: " + Files.readString(err));
        }
        return new Rendered(dom, png);
    }
}
