package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent opens no socket and writes no file of its own, and what it prints or publishes never carries
 * the host's environment or command line. Compared against the same application without the agent, before
 * any JMX attach (which would start the JVM's own management agent).
 */
class SecurityIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @Test
    void theAgentOpensNoSocketAndWritesNoFile(@TempDir Path dir) throws Exception {
        Path tmpPlain = Files.createDirectory(dir.resolve("tmp-plain"));
        Path tmpAgent = Files.createDirectory(dir.resolve("tmp-agent"));
        try (ChildJvm plain = ChildJvm.start(JDK, List.of("-Djava.io.tmpdir=" + tmpPlain));
                ChildJvm agent =
                        ChildJvm.start(
                                JDK,
                                List.of(
                                        ChildJvm.agentArg(
                                                "interval=500ms,threshold=0%,startDelay=1s"),
                                        "-Djava.io.tmpdir=" + tmpAgent))) {
            awaitLine(agent, "[wrss] started");
            for (int i = 0; i < 4; i++) { // a few intervals of a moving footprint
                agent.send("heap 1");
                Thread.sleep(500);
            }
            // the JDK's NIO opens an unconnected socketpair for its own use
            // (FileDispatcherImpl.init): allowed
            Set<String> own = ProcessFootprint.sockets(agent.pid());
            Set<String> reachable = new TreeSet<>(ProcessFootprint.reachableInodes(agent.pid()));
            reachable.retainAll(own);
            assertEquals(
                    Set.of(),
                    reachable,
                    "network or listening sockets of the child with the agent");
            assertTrue(own.size() <= 1, "sockets: " + own);
            Set<String> written = new TreeSet<>(ProcessFootprint.writableFiles(agent.pid()));
            written.removeAll(ProcessFootprint.writableFiles(plain.pid()));
            assertEquals(
                    Set.of(), written, "files open for writing that only the agent's child has");
            try (var files = Files.list(tmpAgent)) {
                assertEquals(
                        List.of(), files.toList(), "files in the agent child's java.io.tmpdir");
            }
            // now attaching is fine: the JVM's management agent, not wrss, opens the connector
            MBeanServerConnection c = agent.jmxWithWrss();
            assertTrue(Snapshots.attribute(c, "ScanCount") >= 1);
        }
    }

    @Test
    void secretsInTheEnvironmentAndCommandLineAreNeverPrintedOrPublished(@TempDir Path dir)
            throws Exception {
        // a JDK home whose java sets SECRET: ChildJvm inherits this JVM's environment otherwise
        Path home = dir.resolve("jdk");
        Path launcher = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(
                launcher,
                "#!/bin/sh\nSECRET=hunter2 exec " + JDK.resolve("bin/java") + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        try (ChildJvm child =
                ChildJvm.start(
                        home,
                        List.of(
                                ChildJvm.agentArg(
                                        "interval=500ms,nosuch=1,interval=banana,log=debug"),
                                "-Dpassword=hunter2",
                                "-Dwrss.test.fault=classifier"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            assertTrue(
                    Files.readString(Path.of("/proc/" + child.pid() + "/environ"))
                            .contains("SECRET=hunter2"));
            for (int i = 0; i < 4; i++) {
                Footprints.scan(c); // every other scan fails: failure messages are printed too
            }
            StringBuilder published = new StringBuilder();
            for (ObjectName n : c.queryNames(new ObjectName("wrss:*"), null)) {
                for (var a :
                        c.getAttributes(
                                        n,
                                        java.util.Arrays.stream(c.getMBeanInfo(n).getAttributes())
                                                .map(javax.management.MBeanAttributeInfo::getName)
                                                .toArray(String[]::new))
                                .asList()) {
                    published.append(a.getValue()).append('\n');
                }
            }
            published.append(
                    c.invoke(Footprints.footprint(), "report", new Object[0], new String[0]));
            published.append(
                    c.invoke(Footprints.footprint(), "mappings", new Object[0], new String[0]));
            child.send("ping");
            assertTrue(child.stderr().contains("[wrss]"), "the agent did print: " + child.stderr());
            assertFalse(child.stderr().contains("hunter2"), child.stderr());
            assertFalse(child.stdout().contains("hunter2"), child.stdout());
            assertFalse(published.toString().contains("hunter2"), "published over JMX");
        }
    }

    /**
     * No file at all in java.io.tmpdir, with widenReads left alone, true or false (accepted, no effect): watched by
     * inotify from before the children start, so a file that came and went is seen too.
     */
    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void theAgentCreatesNoFileInTmpdirWhateverWidenReadsSays(Jdks.Jdk jdk, @TempDir Path dir)
            throws Exception {
        jdk.assumeInstalled();
        List<String> options =
                List.of(
                        "interval=500ms",
                        "interval=500ms,widenReads=true",
                        "interval=500ms,widenReads=false");
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            List<WatchKey> keys = new ArrayList<>();
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (int i = 0; i < options.size(); i++) {
                    Path tmp = Files.createDirectory(dir.resolve("tmp" + i));
                    keys.add(
                            tmp.register(
                                    watch,
                                    StandardWatchEventKinds.ENTRY_CREATE,
                                    StandardWatchEventKinds.ENTRY_DELETE));
                    children.add(
                            ChildJvm.start(
                                    jdk.home(),
                                    List.of(
                                            ChildJvm.agentArg(options.get(i)),
                                            "-Djava.io.tmpdir=" + tmp)));
                }
                for (ChildJvm child : children) {
                    MBeanServerConnection c = child.jmxWithWrss();
                    for (int i = 0; i < 3; i++) {
                        Snapshots.assertAddsUp(Footprints.scan(c));
                    }
                    assertFalse(
                            child.stderr().contains("widenReads"), "accepted: " + child.stderr());
                    assertFalse(child.stderr().contains("WARNING"), child.stderr());
                }
                Thread.sleep(1000); // periodic scans too
                for (int i = 0; i < options.size(); i++) {
                    assertEquals(List.of(), events(keys.get(i)), options.get(i));
                    try (var files = Files.list(dir.resolve("tmp" + i))) {
                        assertEquals(List.of(), files.toList(), options.get(i));
                    }
                }
            } finally {
                children.forEach(ChildJvm::close);
            }
        }
    }

    /** The events of {@code key} so far, as "KIND name", in order. */
    private static List<String> events(WatchKey key) {
        List<String> out = new ArrayList<>();
        for (WatchEvent<?> e : key.pollEvents()) {
            out.add(e.kind().name() + " " + e.context());
        }
        key.reset();
        return out;
    }

    private static void awaitLine(ChildJvm child, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!child.stderr().contains(prefix) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(child.stderr().contains(prefix), child.stderr());
    }
}
