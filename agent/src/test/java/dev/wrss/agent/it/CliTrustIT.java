package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line trusts nothing from its target. A hostile JVM ({@link HostileTarget}) hands out a JNDI address
 * (LDAP, an RMI registry), a stub address off loopback, a stub pointing off loopback, an object graph no JMX reply
 * needs, or an attach socket that is a link to somewhere else; the test's own listener on the address the target
 * chose must see no connection, strace must see no connect to the non-loopback host, and the user gets one line.
 */
class CliTrustIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static final List<String> AS_NOBODY =
            List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");
    private static final List<String> HOSTILE_EXPORTS =
            List.of(
                    "--add-exports",
                    "java.base/jdk.internal.vm=ALL-UNNAMED",
                    "--add-exports",
                    "java.rmi/sun.rmi.transport=ALL-UNNAMED",
                    "--add-exports",
                    "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports",
                    "java.rmi/sun.rmi.server=ALL-UNNAMED",
                    "-Xmx32m");

    /** A TCP listener on 127.0.0.1 that counts the connections it accepts and holds them open, silent. */
    static final class Listener implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> held = new CopyOnWriteArrayList<>();

        Listener() throws IOException {
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        held.add(server.accept());
                                        accepted.incrementAndGet();
                                    }
                                } catch (IOException e) {
                                    // closed
                                }
                            },
                            "trust-listener");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ldap", "registry", "remote-url", "remote-stub"})
    void aJmxAddressOffLoopbackOrThroughJndiIsRefusedBeforeAnyConnection(
            String mode, @TempDir Path dir) throws Exception {
        assumeTools();
        try (Listener listener = new Listener();
                ChildJvm hostile =
                        ChildJvm.startAs(
                                AS_NOBODY,
                                JDK,
                                HOSTILE_EXPORTS,
                                HostileTarget.class.getName(),
                                List.of(mode, Integer.toString(listener.port())))) {
            String pid = Long.toString(hostile.pid());
            // the same user as the target: wrss reads the address, refuses it, connects nowhere
            Path trace = traced(dir);
            CliProcess.Result r =
                    CliProcess.run(strace(trace, AS_NOBODY), "report", pid, "--timeout", "5s");
            assertEquals(8, r.exitCode(), r.toString());
            assertTrue(
                    r.stderr().contains("refused the JMX address pid " + pid + " gave"),
                    r.toString());
            assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
            assertNoConnectOffLoopback(trace, listener.port());
            r = CliProcess.run(AS_NOBODY, "attach", pid, "--timeout", "5s");
            assertEquals(8, r.exitCode(), r.toString());
            // root: the attach channel alone, never the address the other user's JVM chose
            r = CliProcess.run("report", pid, "--timeout", "5s");
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(
                    r.stderr().contains("as root, wrss reads no other user's JVM over JMX"),
                    r.toString());
            assertTrue(r.stdout().contains("from outside"), r.toString());
            r = CliProcess.run("attach", pid, "--timeout", "5s");
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(
                    r.stdout().contains("already runs a wrss agent; changed nothing"),
                    r.toString());
            assertEquals(0, listener.accepted.get(), "connections to the address the target chose");
        }
    }

    /** The control: a stub on loopback is accepted and connected to, so the listener does see what wrss does. */
    @Test
    void aLoopbackStubIsFollowedWhichTheListenerSees(@TempDir Path dir) throws Exception {
        assumeTools();
        try (Listener listener = new Listener();
                ChildJvm hostile =
                        ChildJvm.startAs(
                                AS_NOBODY,
                                JDK,
                                HOSTILE_EXPORTS,
                                HostileTarget.class.getName(),
                                List.of("loopback-stub", Integer.toString(listener.port())))) {
            CliProcess.Result r =
                    CliProcess.run(
                            AS_NOBODY, "report", Long.toString(hostile.pid()), "--timeout", "2s");
            assertEquals(7, r.exitCode(), "the listener never answers: " + r);
            assertTrue(listener.accepted.get() >= 1, "the control connection was seen");
        }
    }

    @Test
    void aReplyOutsideTheAllowListIsRejectedByTheFilter() throws Exception {
        try (ChildJvm hostile =
                ChildJvm.start(
                        JDK,
                        HOSTILE_EXPORTS,
                        HostileTarget.class.getName(),
                        List.of("payload", "0"))) {
            CliProcess.Result r =
                    CliProcess.run("report", Long.toString(hostile.pid()), "--timeout", "20s");
            assertEquals(1, r.exitCode(), r.toString());
            // the JDK's own words: the stream refused the class before building it
            assertTrue(r.stderr().contains("filter status: REJECTED"), r.toString());
            assertEquals(1, r.stderr().strip().lines().count(), "one line: " + r.stderr());
            r = CliProcess.run("attach", Long.toString(hostile.pid()), "--timeout", "20s");
            assertTrue(r.stderr().contains("filter status: REJECTED"), r.toString());
        }
    }

    /** A target whose attach socket is a link to a socket of its choosing: nothing connects to that socket. */
    @Test
    void anAttachSocketThatIsALinkIsRefused(@TempDir Path dir) throws Exception {
        assumeTools();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path elsewhere = dir.resolve("elsewhere.sock");
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(elsewhere));
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        SocketChannel c = server.accept();
                                        accepted.incrementAndGet();
                                        c.close();
                                    }
                                } catch (IOException e) {
                                    // closed
                                }
                            });
            t.setDaemon(true);
            t.start();
            try (ChildJvm hostile =
                    ChildJvm.startAs(
                            AS_NOBODY,
                            JDK,
                            HOSTILE_EXPORTS,
                            HostileTarget.class.getName(),
                            List.of("link-socket", elsewhere.toString()))) {
                Path link = Path.of("/tmp/.java_pid" + hostile.pid());
                try {
                    assertTrue(Files.isSymbolicLink(link), "the target planted " + link);
                    for (String[] args :
                            List.of(
                                    new String[] {"report", "--no-agent"},
                                    new String[] {"attach"})) {
                        List<String> a = new ArrayList<>(List.of(args));
                        a.add(Long.toString(hostile.pid()));
                        CliProcess.Result r = CliProcess.run(a.toArray(String[]::new));
                        assertEquals(8, r.exitCode(), r.toString());
                        assertTrue(r.stderr().contains("is a symbolic link"), r.toString());
                    }
                    assertEquals(0, accepted.get(), "connections to the socket the link points at");
                } finally {
                    Files.deleteIfExists(link);
                }
            }
        }
    }

    private static void assumeTools() {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of(AS_NOBODY.get(0))),
                "NOT RUN: setpriv is not installed (util-linux): the hostile target was NOT tested");
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/strace")),
                "NOT RUN: strace is not installed: connection attempts were NOT traced");
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "NOT RUN: needs root to run the target as another user");
    }

    private static Path traced(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve("connect.trace");
    }

    /** strace of every connect the command (and its threads) makes, then the given prefix. */
    private static List<String> strace(Path trace, List<String> prefix) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "/usr/bin/strace",
                                "-f",
                                "-qq",
                                "-e",
                                "trace=connect",
                                "-o",
                                trace.toString()));
        cmd.addAll(prefix);
        return cmd;
    }

    private static void assertNoConnectOffLoopback(Path trace, int port) throws IOException {
        String connects = Files.readString(trace);
        assertTrue(connects.contains(".java_pid"), "strace saw the attach itself: " + connects);
        assertFalse(connects.contains("10.255.255.1"), "a connect off loopback:\n" + connects);
        assertFalse(
                connects.contains("htons(" + port + ")"),
                "a connect to the target's address:\n" + connects);
    }
}
