package dev.wrss.agent.it;

import com.sun.tools.attach.AttachNotSupportedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A real child process, its output collected, and a real JMX connection to it through the attach API's local
 * management agent: a JVM running {@link ChildApp} (or another main of the test classes that prints READY),
 * optionally with the built wrss agent, which tests drive by commands; or any command line as it is documented
 * ({@link #run}). The agent's and the examples' tests share it (the agent module publishes its test classes as
 * a test-jar).
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> command;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final StringBuffer stdoutAll = new StringBuffer();
    private final PrintWriter stdin;
    private final List<Thread> pumps = new ArrayList<>();
    private JMXConnector connector;

    private ChildJvm(Process process) {
        this(process, List.of());
    }

    private ChildJvm(Process process, List<String> command) {
        this.process = process;
        this.command = List.copyOf(command);
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        pump(
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                true);
        pump(
                new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                false);
    }

    /** The agent jar the build produced; tests fail loudly if it is missing (run them with mvn verify). */
    public static Path agentJar() {
        String p = System.getProperty("wrss.agent.jar", "../agent/target/wrss-agent.jar");
        Path jar = Path.of(p).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not built: " + jar + " (run mvn verify)");
        }
        return jar;
    }

    /** Starts {@code javaHome/bin/java jvmArgs... -cp <test classpath> ChildApp} and waits for READY. */
    public static ChildJvm start(Path javaHome, List<String> jvmArgs) throws IOException {
        return start(javaHome, jvmArgs, ChildApp.class.getName(), List.of());
    }

    /**
     * Like {@link #start(Path, List)}, run through {@code prefix} (e.g. setpriv to another user): the test classes
     * and the agent jar named in {@code jvmArgs} are world-readable copies, for a user who cannot read the clone.
     */
    public static ChildJvm startAs(List<String> prefix, Path javaHome, List<String> jvmArgs)
            throws IOException {
        return startAs(prefix, javaHome, jvmArgs, ChildApp.class.getName(), List.of());
    }

    /**
     * Like {@link #start(Path, List)}, run through {@code prefix} that keeps this user (unshare, nsenter): the
     * classes come from the clone, which a private /tmp in the prefix would otherwise hide.
     */
    public static ChildJvm startUnder(List<String> prefix, Path javaHome, List<String> jvmArgs)
            throws IOException {
        return start(prefix, javaHome, jvmArgs, ChildApp.class.getName(), List.of());
    }

    /** {@link #startAs(List, Path, List)} running another main class of the test classes. */
    public static ChildJvm startAs(
            List<String> prefix,
            Path javaHome,
            List<String> jvmArgs,
            String mainClass,
            List<String> args)
            throws IOException {
        String jar = agentJar().toString();
        List<String> copied = new ArrayList<>();
        for (String a : jvmArgs) {
            copied.add(
                    a.contains(jar)
                            ? a.replace(jar, WorldReadable.copy(agentJar()).toString())
                            : a);
        }
        return start(
                prefix,
                javaHome,
                copied,
                mainClass,
                args,
                WorldReadable.classesOf(ChildApp.class).toString());
    }

    public static ChildJvm start(
            Path javaHome, List<String> jvmArgs, String mainClass, List<String> args)
            throws IOException {
        return start(List.of(), javaHome, jvmArgs, mainClass, args);
    }

    /** Like {@link #start(Path, List, String, List)}, with {@code libraries} (an application's jars) on the class path. */
    public static ChildJvm startWith(
            List<Path> libraries,
            Path javaHome,
            List<String> jvmArgs,
            String mainClass,
            List<String> args)
            throws IOException {
        StringBuilder cp = new StringBuilder(testClasses());
        libraries.forEach(l -> cp.append(java.io.File.pathSeparatorChar).append(l));
        return start(List.of(), javaHome, jvmArgs, mainClass, args, cp.toString());
    }

    private static ChildJvm start(
            List<String> prefix,
            Path javaHome,
            List<String> jvmArgs,
            String mainClass,
            List<String> args)
            throws IOException {
        return start(prefix, javaHome, jvmArgs, mainClass, args, testClasses());
    }

    private static ChildJvm start(
            List<String> prefix,
            Path javaHome,
            List<String> jvmArgs,
            String mainClass,
            List<String> args,
            String classPath)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        // only the test classes: wrss must come from the shaded agent jar, as in production, never
        // from
        // target/classes and the local Maven repository
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        ChildJvm child = new ChildJvm(new ProcessBuilder(cmd).start());
        child.await("READY", 60);
        return child;
    }

    /**
     * Runs {@code command} as it is from {@code directory} (a documented command line with its relative paths,
     * say) and returns at once: the program need not print READY.
     */
    public static ChildJvm run(List<String> command, Path directory) throws IOException {
        return new ChildJvm(
                new ProcessBuilder(command).directory(directory.toFile()).start(), command);
    }

    /**
     * Runs {@code main} through {@code prefix} (e.g. setpriv to another user) on this JDK, without the agent jar:
     * the class path is world-readable copies of the build's class directories that hold {@code main} and
     * {@code classpathOf} (say the main classes, for a unit test whose code must run in a process of its own).
     * Returns at once: the program need not print READY.
     */
    public static ChildJvm runAs(
            List<String> prefix,
            List<String> jvmArgs,
            Class<?> main,
            List<Class<?>> classpathOf,
            List<String> args)
            throws IOException {
        StringBuilder cp = new StringBuilder(WorldReadable.classesOf(main).toString());
        classpathOf.forEach(
                c -> cp.append(java.io.File.pathSeparatorChar).append(WorldReadable.classesOf(c)));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(cp.toString());
        cmd.add(main.getName());
        cmd.addAll(args);
        return new ChildJvm(new ProcessBuilder(cmd).start(), cmd);
    }

    static String testClasses() {
        try {
            return Path.of(
                            ChildApp.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI())
                    .toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the test classes", e);
        }
    }

    /** -javaagent for the built jar, with the given options (may be empty). */
    public static String agentArg(String options) {
        return "-javaagent:"
                + agentJar()
                + (options == null || options.isEmpty() ? "" : "=" + options);
    }

    private void pump(BufferedReader r, boolean out) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    if (out) {
                                        stdout.add(line);
                                        stdoutAll.append(line).append('\n');
                                    } else {
                                        stderr.append(line).append('\n');
                                    }
                                }
                            } catch (IOException ignored) {
                                // the child is gone
                            }
                        },
                        "child-pump");
        t.setDaemon(true);
        t.start();
        pumps.add(t);
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public String stderr() {
        return stderr.toString();
    }

    public String stdout() {
        return stdoutAll.toString();
    }

    /** Waits for the child to exit and its output to be read to the end; false if it is still running. */
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            return false;
        }
        for (Thread pump : pumps) {
            pump.join(TimeUnit.SECONDS.toMillis(10));
        }
        return true;
    }

    /** The command line and everything the child printed so far, for failure messages. */
    public String describe() {
        String cmd =
                command.isEmpty()
                        ? process.info().commandLine().orElse("pid " + pid())
                        : String.join(" ", command);
        return cmd + "\n--- stdout:\n" + stdout() + "--- stderr:\n" + stderr();
    }

    /** Sends one command and waits for its OK; fails with the child's output on error or timeout. */
    public void send(String command) {
        send(command, 120);
    }

    public void send(String command, int timeoutSeconds) {
        stdin.println(command);
        String answer = await("OK " + command, timeoutSeconds);
        if (answer == null) {
            throw new AssertionError("no answer to '" + command + "'; stderr:\n" + stderr());
        }
    }

    /** Waits for a stdout line starting with {@code prefix}; fails on an ERR line or timeout. */
    public String await(String prefix, int timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (System.nanoTime() < deadline) {
                String line = stdout.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive()) {
                        throw new AssertionError(
                                "child exited "
                                        + process.exitValue()
                                        + " waiting for '"
                                        + prefix
                                        + "'; stdout:\n"
                                        + stdout()
                                        + "\nstderr:\n"
                                        + stderr());
                    }
                    continue;
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
                if (line.startsWith("ERR")) {
                    throw new AssertionError(line + "\nstderr:\n" + stderr());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("timed out waiting for '" + prefix + "'; stderr:\n" + stderr());
    }

    /** A JMX connection through the child's local management agent, started over the attach API. */
    public MBeanServerConnection jmx() throws Exception {
        if (connector == null) {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(Attach.localJmxUrl(pid())));
        }
        return connector.getMBeanServerConnection();
    }

    /**
     * Waits until the wrss Footprint MBean exists and has published a first scan. The attach is tried again
     * until then: a JVM that has only just started may not answer it yet.
     */
    public MBeanServerConnection jmxWithWrss() throws Exception {
        ObjectName fp = new ObjectName("wrss:type=Footprint");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + ": " + describe());
            }
            try {
                MBeanServerConnection c = jmx();
                if (c.isRegistered(fp)
                        && ((Number) c.getAttribute(fp, "ScanCount")).longValue() > 0) {
                    return c;
                }
            } catch (IOException | AttachNotSupportedException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "wrss:type=Footprint never published a scan (" + last + "): " + describe());
    }

    @Override
    public void close() {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
