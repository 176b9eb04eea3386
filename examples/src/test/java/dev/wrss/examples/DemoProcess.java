package dev.wrss.examples;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process started from the repository root with a documented command line (relative paths and all), its
 * output collected, and a real JMX connection to it through the attach API's local management agent. The
 * attach lines are copied from the agent module's test harness, whose classes are not on this classpath.
 */
final class DemoProcess implements AutoCloseable {

    private final List<String> command;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private JMXConnector connector;

    private DemoProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        pump(process.getInputStream());
        pump(process.getErrorStream());
    }

    /**
     * The repository root: the documented commands run from there. Failsafe passes both wrss.root and
     * wrss.agent.jar (examples/pom.xml, parent pom.xml); they must agree on where the agent jar is.
     */
    static Path root() {
        Path root = Path.of(System.getProperty("wrss.root", "..")).toAbsolutePath().normalize();
        String agentJar = System.getProperty("wrss.agent.jar");
        if (agentJar == null || !Path.of(agentJar).toAbsolutePath().normalize()
                .equals(root.resolve("agent/target/wrss-agent.jar"))) {
            throw new IllegalStateException("wrss.agent.jar (" + agentJar + ") is not " + root
                    + "/agent/target/wrss-agent.jar: run the ITs through failsafe (mvn verify)");
        }
        for (String built : List.of("agent/target/wrss-agent.jar", "examples/target/wrss-examples.jar",
                "examples/target/jmx_prometheus_javaagent-1.0.1.jar")) {
            if (!Files.isRegularFile(root.resolve(built))) {
                throw new IllegalStateException(built + " is not built under " + root + " (run mvn verify)");
            }
        }
        return root;
    }

    /** The {@code java} the README means: the JDK running the tests, which is the default JDK here. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A loopback port nobody listens on right now (there is a small race until the child binds it). */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static DemoProcess start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile());
        System.out.println("starting in " + root() + ":\n  " + String.join(" ", command));
        return new DemoProcess(command, pb.start());
    }

    private void pump(InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "demo-output");
        t.setDaemon(true);
        t.start();
    }

    long pid() {
        return process.pid();
    }

    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    int exitValue() {
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    /** The command line and everything the process printed so far, for failure messages. */
    String describe() {
        return String.join(" ", command) + "\n--- output:\n" + output();
    }

    /** Waits until the wrss Footprint MBean has published a scan, and returns the connection. */
    MBeanServerConnection jmxWithWrss() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        ObjectName footprint = new ObjectName("wrss:type=Footprint");
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + ": " + describe());
            }
            try {
                MBeanServerConnection c = jmx();
                if (c.isRegistered(footprint) && ((Number) c.getAttribute(footprint, "ScanCount")).longValue() > 0) {
                    return c;
                }
            } catch (Exception e) {
                last = e; // the JVM may not answer attach requests this early
            }
            Thread.sleep(200);
        }
        throw new AssertionError("wrss:type=Footprint never published a scan (" + last + "): " + describe());
    }

    private MBeanServerConnection jmx() throws Exception {
        if (connector == null) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
            String url;
            try {
                url = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
        }
        return connector.getMBeanServerConnection();
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
