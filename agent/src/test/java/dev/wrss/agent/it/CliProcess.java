package dev.wrss.agent.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The wrss command line run as users run it, {@code java -jar wrss-agent.jar <args>}, in a real process,
 * optionally under another uid through setpriv; answers its exit code, stdout and stderr.
 */
public final class CliProcess {

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private CliProcess() {}

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    /** @param prefix a command to run java under, e.g. setpriv with its options; empty for none */
    public static Result run(List<String> prefix, String... args)
            throws IOException, InterruptedException {
        return runOn(Path.of(System.getProperty("java.home")), prefix, args);
    }

    /** Runs the command line on the JDK at {@code javaHome}. */
    public static Result runOn(Path javaHome, List<String> prefix, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.add("-jar");
        // under another user (a non-empty prefix), a copy that user can read wherever the clone is
        cmd.add(
                (prefix.isEmpty() ? ChildJvm.agentJar() : WorldReadable.copy(ChildJvm.agentJar()))
                        .toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("wrss-cli", ".out");
        Path err = Files.createTempFile("wrss-cli", ".err");
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(
                        "wrss "
                                + String.join(" ", args)
                                + " did not finish in 90 s; stderr:\n"
                                + Files.readString(err));
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
