package dev.wrss.agent.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real server from Maven Central, run as the user would run it, with extra JVM options (the wrss agent,
 * NMT) for its JVM: fetched, started, loaded, stopped. Its output goes to a log in its work directory, read
 * back when it fails. Subclasses say how each server is fetched, launched and put under load.
 */
abstract class RealServer implements AutoCloseable {

    /** How long a server may take to boot on a busy two-core machine with NMT detail. */
    static final long START_SECONDS = 240;

    protected final Path work;
    protected Process process;
    protected Path log;

    RealServer(Path work) {
        this.work = work;
    }

    abstract String name();

    /** Fetches what the server needs into {@code cache}; aborts the test as NOT RUN if Maven cannot. */
    abstract void fetch(Path cache) throws Exception;

    /** Starts the server's JVM on {@code javaHome} with {@code jvmOptions} added; returns once it serves. */
    abstract void start(Path javaHome, List<String> jvmOptions) throws Exception;

    /** Puts it under load; answers what the client saw, for the table. Fails if the server misbehaved. */
    abstract String load() throws Exception;

    /** The server's own JVM (a launcher script's child where there is one). */
    long javaPid() {
        if (isJava(process.toHandle())) {
            return process.pid();
        }
        Optional<ProcessHandle> java = process.descendants().filter(RealServer::isJava).findFirst();
        return java.orElseThrow(
                        () ->
                                new AssertionError(
                                        name()
                                                + ": no java process under "
                                                + process.pid()
                                                + "; log:\n"
                                                + logTail()))
                .pid();
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    protected Process launch(List<String> command, Map<String, String> env, String logName)
            throws IOException {
        log = work.resolve(logName);
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs a helper command to its end (a storage format, a load generator); fails with its output. */
    protected String runToEnd(List<String> command, String logName, long seconds) throws Exception {
        Path out = work.resolve(logName);
        Process p =
                new ProcessBuilder(command)
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        if (!done || p.exitValue() != 0) {
            throw new AssertionError(
                    name()
                            + ": "
                            + String.join(" ", command)
                            + (done ? " exited " + p.exitValue() : " timed out")
                            + ":\n"
                            + tail(text)
                            + "\nserver log:\n"
                            + logTail());
        }
        return text;
    }

    /** Waits until the log has a line containing {@code marker}; fails if the server exits or times out. */
    protected void awaitLog(String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)
                    && Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker)) {
                return;
            }
            checkAlive();
            Thread.sleep(250);
        }
        throw new AssertionError(
                name() + " did not log '" + marker + "' in " + START_SECONDS + " s:\n" + logTail());
    }

    /** Waits until 127.0.0.1:{@code port} accepts a connection. */
    protected void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                checkAlive();
                Thread.sleep(250);
            }
        }
        throw new AssertionError(
                name()
                        + " did not listen on "
                        + port
                        + " in "
                        + START_SECONDS
                        + " s:\n"
                        + logTail());
    }

    private void checkAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name() + " exited " + process.exitValue() + ":\n" + logTail());
        }
    }

    String logTail() {
        try {
            return log == null ? "" : tail(Files.readString(log, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String classpath(List<Path> jars) {
        return String.join(":", jars.stream().map(Path::toString).toList());
    }

    /** A source file of the test tree's resources, for the JDK's single-file source launcher. */
    static Path source(String name) {
        return Path.of(ChildJvm.testClasses(), "realserver", name);
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
