package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.hostile.PlainApp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that cannot load wrss's classes: a copy of the agent jar whose dev/wrss/agent classes carry a class-file
 * version no JDK knows, as wrss's Java 17 classes look to a Java 8 or 11 JVM. The manifest's entry classes (Java 8
 * bytecode) still load: the application runs to completion with its own status and reads one [wrss] line, and
 * the command line says what is wrong in one line and exits non-zero.
 */
class UnsupportedJvmIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    /** A class-file major version beyond every JDK this suite runs on (JDK 25 is 69). */
    private static final int FUTURE_MAJOR = 99;

    @Test
    void theApplicationRunsAndReadsOneLineAndTheCommandLineExitsNonZero(@TempDir Path dir)
            throws Exception {
        Path jar = dir.resolve("wrss-agent-future.jar");
        assertTrue(
                bumpAgentClasses(ChildJvm.agentJar(), jar) > 50,
                "the agent's classes were rewritten");

        Run app =
                run(
                        List.of(
                                JDK.resolve("bin/java").toString(),
                                "-javaagent:" + jar + "=interval=1s",
                                "-cp",
                                ChildJvm.testClasses(),
                                PlainApp.class.getName()));
        assertEquals(0, app.status, app.toString());
        assertTrue(app.stdout.contains("DONE "), app.toString());
        List<String> wrss = app.stderr.lines().filter(l -> l.startsWith("[wrss]")).toList();
        assertEquals(1, wrss.size(), app.toString());
        assertTrue(
                wrss.get(0).contains("not started") && wrss.get(0).contains("Java 17"),
                wrss.get(0));
        assertEquals(
                1, app.stderr.lines().filter(l -> !l.isBlank()).count(), "nothing else: " + app);

        Run cli = run(List.of(JDK.resolve("bin/java").toString(), "-jar", jar.toString(), "ps"));
        assertNotEquals(0, cli.status, cli.toString());
        assertEquals(1, cli.stderr.lines().filter(l -> !l.isBlank()).count(), cli.toString());
        assertTrue(cli.stderr.contains("Java 17"), cli.toString());
    }

    /** Copies the jar, setting bytes 6-7 (the major version) of every dev/wrss/agent class; returns how many. */
    static int bumpAgentClasses(Path from, Path to) throws IOException {
        int bumped = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().startsWith("dev/wrss/agent/") && e.getName().endsWith(".class")) {
                    bytes[6] = (byte) (FUTURE_MAJOR >> 8);
                    bytes[7] = (byte) FUTURE_MAJOR;
                    bumped++;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return bumped;
    }

    private record Run(int status, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + status + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static Run run(List<String> cmd) throws Exception {
        Process p =
                new ProcessBuilder(new ArrayList<>(cmd))
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
        byte[][] err = new byte[1][];
        Thread t =
                new Thread(
                        () -> {
                            try (InputStream e = p.getErrorStream()) {
                                err[0] = e.readAllBytes();
                            } catch (IOException ignored) {
                                err[0] = new byte[0];
                            }
                        });
        t.start();
        String out;
        try (InputStream o = p.getInputStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not end: " + cmd + "\n" + out);
        }
        t.join();
        return new Run(p.exitValue(), out, new String(err[0], StandardCharsets.UTF_8));
    }
}
