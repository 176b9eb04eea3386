package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gives one line on stderr saying what is wrong, its exit code, and no stack trace. */
class CliBadInputIT {

    static void assertFails(CliProcess.Result r, int exitCode, String message) {
        assertEquals(exitCode, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(message), "expected '" + message + "' in:\n" + r);
        assertEquals(1, r.stderr().lines().count(), "one line:\n" + r);
        assertFalse(
                r.stderr().contains("\tat ") || r.stderr().contains("Exception in"),
                "no stack trace:\n" + r);
    }

    @Test
    void aPidThatIsGoneOrIsNotAJvm() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertFails(
                CliProcess.run("report", Long.toString(gone.pid())),
                3,
                "no process with pid " + gone.pid());

        Process sleep = new ProcessBuilder("sleep", "100").start();
        try {
            assertFails(
                    CliProcess.run("report", Long.toString(sleep.pid())),
                    4,
                    "(sleep) is not a JVM");
            assertFails(CliProcess.run("attach", Long.toString(sleep.pid())), 4, "is not a JVM");
            assertTrue(sleep.isAlive(), "no SIGQUIT sent to a process that is not a JVM");
        } finally {
            sleep.destroy();
        }
    }

    @Test
    void aJvmThatRefusesAttach(@TempDir Path dir) throws Exception {
        Path flags = Files.writeString(dir.resolve("flags"), "+DisableAttachMechanism\n");
        try (ChildJvm onCommandLine =
                        ChildJvm.start(
                                Jdks.all().get(0).home(), List.of("-XX:+DisableAttachMechanism"));
                ChildJvm inFlagsFile =
                        ChildJvm.start(Jdks.all().get(0).home(), List.of("-XX:Flags=" + flags))) {
            assertFails(
                    CliProcess.run("report", Long.toString(onCommandLine.pid())),
                    4,
                    "refuses attach");
            // not on the command line: known by its hsperfdata without an attach listing
            assertFails(
                    CliProcess.run("attach", Long.toString(inFlagsFile.pid())),
                    4,
                    "refuses attach");
            assertFalse(
                    onCommandLine.stdout().contains("Full thread dump")
                            || inFlagsFile.stdout().contains("Full thread dump"),
                    "no SIGQUIT sent: a JVM that refuses attach prints a thread dump on SIGQUIT");
        }
    }

    /**
     * A socket file at the child's /tmp/.java_pid<pid> that nothing listens on, as a JVM killed earlier with that
     * pid leaves: the attach is refused, and wrss names the file to remove. With it removed, attach works again.
     */
    @Test
    void aJvmBehindAStaleAttachSocket() throws Exception {
        try (ChildJvm child = ChildJvm.start(Jdks.all().get(0).home(), List.of("-Xmx32m"))) {
            String pid = Long.toString(child.pid());
            Path socket = Path.of("/tmp/.java_pid" + pid);
            try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                dead.bind(
                        UnixDomainSocketAddress.of(
                                socket)); // closed unaccepted: the file stays, nobody listens
            }
            Files.setPosixFilePermissions(
                    socket, PosixFilePermissions.fromString("rw-------")); // as a JVM makes it
            try {
                assertFails(
                        CliProcess.run("report", pid),
                        4,
                        "/root/tmp/.java_pid" + pid + " refuses connections");
                assertFails(CliProcess.run("attach", pid), 4, "remove it and try again");
                // the suite's own attach (Attach.vm) removes the file and gets through, as does
                // wrss after it
                assertTrue(Attach.localJmxUrl(child.pid()).startsWith("service:jmx:"));
                CliProcess.Result r = CliProcess.run("report", pid);
                assertEquals(0, r.exitCode(), r.toString());
            } finally {
                Files.deleteIfExists(socket);
            }
        }
    }

    @Test
    void aJvmOfAnotherUser() throws Exception {
        try (ChildJvm rootChild = ChildJvm.start(Jdks.all().get(0).home(), List.of("-Xmx32m"))) {
            List<String> asNobody =
                    List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
            String pid = Long.toString(rootChild.pid());
            assertFails(
                    CliProcess.run(asNobody, "report", pid),
                    5,
                    "permission denied: pid " + pid + " belongs to uid 0");
            assertFails(CliProcess.run(asNobody, "attach", pid), 5, "run wrss as that user");
            assertFails(
                    CliProcess.run(asNobody, "pages", pid, "0x1000", "0x2000"),
                    5,
                    "permission denied");
        }
    }

    @Test
    void anAgentOfAnotherVersionAlreadyLoaded(@TempDir Path dir) throws Exception {
        Path otherJar =
                withVersion(
                        ChildJvm.agentJar(), dir.resolve("wrss-agent-other.jar"), "0.0.1-other");
        try (ChildJvm child =
                ChildJvm.start(Jdks.all().get(0).home(), List.of("-javaagent:" + otherJar))) {
            child.jmxWithWrss();
            assertFails(
                    CliProcess.run("attach", Long.toString(child.pid()), "interval=2s"),
                    6,
                    "already runs wrss agent 0.0.1-other");
            assertEquals(
                    10_000L,
                    child.jmx().getAttribute(Footprints.footprint(), "IntervalMillis"),
                    "left alone");
        }
    }

    @Test
    void malformedCommandLines() throws Exception {
        assertFails(
                CliProcess.run("attach", "1", "interval=banana"),
                2,
                "bad value 'banana' for option 'interval'");
        assertFails(CliProcess.run("attach", "1", "colour=blue"), 2, "unknown option 'colour'");
        assertFails(CliProcess.run("report", "abc"), 2, "'abc' is not a long");
        assertFails(CliProcess.run("report", "1", "--watch", "often"), 2, "not an interval");
        assertFails(CliProcess.run("report", "1", "--watch", "2"), 2, "'2' has no unit");
        assertFails(CliProcess.run("report", "1", "--count", "2"), 2, "--count needs --watch");
        assertFails(CliProcess.run("report", "1", "--colour"), 2, "Unknown option: '--colour'");
        assertFails(CliProcess.run("report"), 2, "Missing required parameter");
        assertFails(CliProcess.run("frobnicate"), 2, "Unmatched argument");
        assertFails(CliProcess.run(), 2, "no command given");
        for (String command : List.of("attach", "report", "ps")) {
            CliProcess.Result help = CliProcess.run(command, "--help");
            assertEquals(0, help.exitCode(), help.toString());
            assertTrue(help.stdout().startsWith("Usage: wrss " + command), help.stdout());
        }
    }

    /** A copy of {@code jar} whose manifest says Implementation-Version {@code version}. */
    static Path withVersion(Path jar, Path copy, String version) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            try (OutputStream file = Files.newOutputStream(copy);
                    JarOutputStream out = new JarOutputStream(file, m)) {
                for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return copy;
    }
}
