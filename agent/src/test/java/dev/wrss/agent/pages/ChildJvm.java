package dev.wrss.agent.pages;

import dev.wrss.agent.it.WorldReadable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a plain child JVM running a main class of the test classes, optionally under a prefix command. */
final class ChildJvm implements AutoCloseable {

    final Process process;
    private final BufferedReader out;

    private ChildJvm(Process process) {
        this.process = process;
        this.out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(List<String> prefix, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:-UsePerfData");
        cmd.add("-Xmx64m");
        cmd.add("-cp");
        // under another user (a non-empty prefix) world-readable copies: that user may not reach
        // the clone
        cmd.add(
                prefix.isEmpty()
                        ? location(main) + java.io.File.pathSeparator + location(Supermincore.class)
                        : WorldReadable.classesOf(main)
                                + java.io.File.pathSeparator
                                + WorldReadable.classesOf(Supermincore.class));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The next line the child printed that starts with {@code prefix}; other lines are collected into the failure. */
    String awaitLine(String prefix) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new IOException("child exited without printing '" + prefix + "'; output:\n" + seen);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
