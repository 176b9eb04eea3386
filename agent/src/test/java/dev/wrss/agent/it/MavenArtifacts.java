package dev.wrss.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Artifacts from Maven Central fetched from inside a test, by running Maven itself as a subprocess
 * ({@code ${maven.home}/bin/mvn}, else {@code mvn} on the PATH): one file with {@code dependency:copy}, or a
 * whole runtime classpath with {@code dependency:copy-dependencies} of a generated one-dependency pom. Each
 * lands in a directory of its own under {@code cache}, reused once complete. When Maven cannot deliver, the
 * calling test is aborted as NOT RUN with Maven's own words, never passed.
 */
public final class MavenArtifacts {

    private static final String DONE = ".complete";
    private static final long FETCH_MINUTES = 10;

    private MavenArtifacts() {}

    /** The file of {@code groupId:artifactId:version[:type]}; NOT RUN if it cannot be fetched. */
    public static Path file(String coords, Path cache) throws IOException, InterruptedException {
        Path dir = cache.resolve(coords.replace(':', '_'));
        if (!Files.exists(dir.resolve(DONE))) {
            Files.createDirectories(dir);
            run(
                    List.of("dependency:copy", "-Dartifact=" + coords, "-DoutputDirectory=" + dir),
                    dir,
                    coords);
        }
        try (Stream<Path> files = Files.list(dir)) {
            String artifact = coords.split(":")[1];
            return files.filter(p -> p.getFileName().toString().startsWith(artifact))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "Maven reported success but left no " + coords));
        }
    }

    /** The jars of {@code groupId:artifactId:version} and its runtime dependencies; NOT RUN if not fetched. */
    public static List<Path> classpath(String coords, Path cache)
            throws IOException, InterruptedException {
        Path dir = cache.resolve(coords.replace(':', '_') + "-classpath");
        Path jars = dir.resolve("jars");
        if (!Files.exists(dir.resolve(DONE))) {
            Files.createDirectories(dir);
            String[] gav = coords.split(":");
            Files.writeString(
                    dir.resolve("pom.xml"),
                    """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <groupId>dev.wrss.it</groupId><artifactId>classpath</artifactId><version>1</version>
                      <packaging>pom</packaging>
                      <dependencies><dependency>
                        <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                      </dependency></dependencies>
                    </project>
                    """
                            .formatted(gav[0], gav[1], gav[2]));
            run(
                    List.of(
                            "-f",
                            dir.resolve("pom.xml").toString(),
                            "dependency:copy-dependencies",
                            "-DincludeScope=runtime",
                            "-DoutputDirectory=" + jars),
                    dir,
                    coords);
        }
        try (Stream<Path> files = Files.list(jars)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void run(List<String> goals, Path dir, String coords)
            throws IOException, InterruptedException {
        String home = System.getProperty("maven.home");
        List<String> cmd = new ArrayList<>();
        cmd.add(home == null || home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString());
        cmd.addAll(List.of("-B", "-q"));
        cmd.addAll(goals);
        Path log = dir.resolve("mvn.log");
        Process p;
        try {
            p =
                    new ProcessBuilder(cmd)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
        } catch (IOException e) {
            notRun(coords, "cannot run Maven (" + cmd.get(0) + "): " + e.getMessage());
            return;
        }
        if (!p.waitFor(FETCH_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            notRun(coords, "Maven did not finish within " + FETCH_MINUTES + " minutes");
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            notRun(
                    coords,
                    "Maven exited "
                            + p.exitValue()
                            + ": "
                            + out.substring(Math.max(0, out.length() - 1500)));
        }
        Files.writeString(dir.resolve(DONE), String.join(" ", cmd));
    }

    private static void notRun(String coords, String why) {
        String message = "NOT RUN: cannot fetch " + coords + " from Maven Central: " + why;
        System.err.println(message);
        Assumptions.abort(message);
    }
}
