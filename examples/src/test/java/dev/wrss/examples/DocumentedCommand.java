package dev.wrss.examples;

import dev.wrss.agent.it.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A command line of the examples' documentation, run as a reader runs it: from the repository root, with its
 * relative paths, on the built jars. The process itself is the agent's test harness, {@link ChildJvm}.
 */
final class DocumentedCommand {

    private DocumentedCommand() {}

    /**
     * The repository root: the documented commands run from there. Failsafe passes both wrss.root and
     * wrss.agent.jar (examples/pom.xml, parent pom.xml); they must agree on where the agent jar is.
     */
    static Path root() {
        Path root = Path.of(System.getProperty("wrss.root", "..")).toAbsolutePath().normalize();
        String agentJar = System.getProperty("wrss.agent.jar");
        if (agentJar == null
                || !Path.of(agentJar)
                        .toAbsolutePath()
                        .normalize()
                        .equals(root.resolve("agent/target/wrss-agent.jar"))) {
            throw new IllegalStateException(
                    "wrss.agent.jar ("
                            + agentJar
                            + ") is not "
                            + root
                            + "/agent/target/wrss-agent.jar: run the ITs through failsafe (mvn verify)");
        }
        for (String built :
                List.of(
                        "agent/target/wrss-agent.jar",
                        "examples/target/wrss-examples.jar",
                        "examples/target/jmx_prometheus_javaagent-1.0.1.jar")) {
            if (!Files.isRegularFile(root.resolve(built))) {
                throw new IllegalStateException(
                        built + " is not built under " + root + " (run mvn verify)");
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

    static ChildJvm start(List<String> command) throws IOException {
        Path root = root();
        System.out.println("starting in " + root + ":\n  " + String.join(" ", command));
        return ChildJvm.run(command, root);
    }
}
