package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.MiniJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence before the OOM kill: a child in a cgroup v1 memory directory with a limit leaks direct memory until
 * the kernel kills it; afterwards reportDir holds the 75 % and 90 % reports, valid JSON with the leaking region
 * first in their diff, and nothing else. And hostile directories: missing, a symbolic link to elsewhere, not
 * writable: a clear ReportStatus and nothing written anywhere.
 */
class EvidenceIT {

    static final long MIB = 1 << 20;

    /** Our own memory cgroup (v1), where a child directory can be made; aborts as NOT RUN without one. */
    static Path ownMemoryCgroup() throws IOException {
        Path root = Path.of("/sys/fs/cgroup/memory");
        Assumptions.assumeTrue(
                Files.isRegularFile(root.resolve("memory.limit_in_bytes")),
                "NOT RUN: no cgroup v1 memory hierarchy at " + root);
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                Path own = root.resolve(f[2].substring(1));
                Assumptions.assumeTrue(
                        Files.isWritable(own),
                        "NOT RUN: cannot create cgroups under " + own + " (needs root)");
                return own;
            }
        }
        Assumptions.abort("NOT RUN: this process is in no v1 memory cgroup");
        return null;
    }

    @Test
    void aChildKilledForMemoryLeavesThe75And90PercentReports(@TempDir Path reports)
            throws Exception {
        Path cgroup = ownMemoryCgroup().resolve("wrss-evidence-" + ProcessHandle.current().pid());
        Files.createDirectory(cgroup);
        try {
            control(cgroup, "memory.limit_in_bytes", Long.toString(256 * MIB));
            try (ChildJvm child =
                    ChildJvm.start(
                            Path.of(System.getProperty("java.home")),
                            List.of(
                                    ChildJvm.agentArg(
                                            "interval=1s,log=info,reportDir="
                                                    + reports
                                                    + ",reportAt=75%,90%"),
                                    "-Xmx32m",
                                    "-XX:+UseSerialGC",
                                    "-XX:MaxDirectMemorySize=2g"),
                            LeakingChild.class.getName(),
                            List.of("direct", "100000", "100", reports.toString()))) {
                control(cgroup, "cgroup.procs", Long.toString(child.pid()));
                MBeanServerConnection c = child.jmxWithWrss();
                assertTrue(
                        ((String) c.getAttribute(HistoryIT.HISTORY, "ReportStatus"))
                                .startsWith("ok"));
                child.send("go");
                assertTrue(
                        child.process().waitFor(120, TimeUnit.SECONDS),
                        "the leak was never killed");
                assertEquals(137, child.process().exitValue(), "killed by the kernel (SIGKILL)");
                List<String> names = names(reports);
                String pid = Long.toString(child.pid());
                assertEquals(4, names.size(), names.toString());
                for (String level : List.of("75pct", "90pct")) {
                    for (String ext : List.of(".json", ".txt")) {
                        assertTrue(
                                names.stream()
                                        .anyMatch(
                                                n ->
                                                        n.startsWith("wrss-" + pid + "-")
                                                                && n.endsWith("-" + level + ext)),
                                level + ext + " missing: " + names);
                    }
                    Path json =
                            reports.resolve(
                                    names.stream()
                                            .filter(n -> n.endsWith(level + ".json"))
                                            .findFirst()
                                            .orElseThrow());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> report =
                            (Map<String, Object>) MiniJson.parse(Files.readString(json));
                    assertEquals(level, report.get("reason"));
                    List<?> diff = (List<?>) report.get("diff");
                    assertEquals(
                            "malloc", ((Map<?, ?>) diff.get(0)).get("region"), json + ": " + diff);
                    for (String key : List.of("time", "regions", "growth", "top", "system")) {
                        assertTrue(report.containsKey(key), key);
                    }
                }
            }
        } finally {
            for (int i = 0; i < 50 && Files.exists(cgroup); i++) {
                try {
                    Files.delete(cgroup);
                } catch (IOException busy) {
                    Thread.sleep(100); // the killed child's exit may not be complete yet
                }
            }
        }
    }

    @Test
    void hostileReportDirsGetAClearStatusAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), elsewhere);
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        Map<Path, String> cases =
                Map.of(
                        tmp.resolve("missing"),
                        "is not a directory",
                        link,
                        "symbolic link",
                        file,
                        "is not a directory");
        for (Map.Entry<Path, String> e : cases.entrySet()) {
            // reportAt=1%: every scan is past the line, so a report would be written at once if it
            // could be
            try (ChildJvm child =
                    ChildJvm.start(
                            Path.of(System.getProperty("java.home")),
                            List.of(
                                    ChildJvm.agentArg(
                                            "interval=1s,log=off,reportAt=1%,reportDir="
                                                    + e.getKey()),
                                    "-Xmx64m"))) {
                MBeanServerConnection c = child.jmxWithWrss();
                String status = (String) c.getAttribute(HistoryIT.HISTORY, "ReportStatus");
                assertTrue(status.startsWith("disabled") && status.contains(e.getValue()), status);
                c.invoke(ThresholdIT.FOOTPRINT, "scan", new Object[0], new String[0]);
            }
        }
        assertTrue(names(elsewhere).isEmpty(), "written through the link: " + names(elsewhere));
        assertFalse(Files.exists(tmp.resolve("missing")));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aReadOnlyReportDirIsRefused() throws Exception {
        // permission bits bind every user but root: as root, the child runs as nobody
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> asNobody =
                List.of(
                        "/usr/bin/setpriv",
                        "--reuid=65534",
                        "--regid=65534",
                        "--clear-groups",
                        "--inh-caps=-all");
        Assumptions.assumeTrue(
                !root || Files.isExecutable(Path.of(asNobody.get(0))),
                "NOT RUN: read-only reportDir: root ignores permission bits and setpriv is missing");
        Path dir = Files.createTempDirectory("wrss-readonly");
        Path readOnly = Files.createDirectory(dir.resolve("readonly"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        List<String> args =
                List.of(
                        ChildJvm.agentArg("interval=1s,log=off,reportAt=1%,reportDir=" + readOnly),
                        "-Xmx64m",
                        "-Djava.io.tmpdir=" + dir);
        try (ChildJvm child =
                root
                        ? ChildJvm.startAs(asNobody, Path.of(System.getProperty("java.home")), args)
                        : ChildJvm.start(Path.of(System.getProperty("java.home")), args)) {
            String status =
                    (String) child.jmxWithWrss().getAttribute(HistoryIT.HISTORY, "ReportStatus");
            assertTrue(status.contains("not writable"), status);
            try (var listing = Files.list(readOnly)) {
                assertEquals(0, listing.count(), "nothing written into " + readOnly);
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aFullFileSystemLeavesNoPartialFileAndSaysSo(@TempDir Path tmp) throws Exception {
        Path full = Files.createDirectory(tmp.resolve("full"));
        Process mount =
                new ProcessBuilder(
                                "mount",
                                "-t",
                                "tmpfs",
                                "-o",
                                "size=16k",
                                "wrss-full",
                                full.toString())
                        .redirectErrorStream(true)
                        .start();
        String why = new String(mount.getInputStream().readAllBytes()).trim();
        Assumptions.assumeTrue(
                mount.waitFor() == 0, "NOT RUN: cannot mount a small tmpfs (needs root): " + why);
        try {
            try (java.io.OutputStream out = Files.newOutputStream(full.resolve("filler"))) {
                for (int i = 0; i < 64; i++) {
                    out.write(new byte[1024]);
                    out.flush();
                }
            } catch (IOException expected) {
                // full
            }
            try (ChildJvm child =
                    ChildJvm.start(
                            Path.of(System.getProperty("java.home")),
                            List.of(
                                    ChildJvm.agentArg(
                                            "interval=1s,log=off,reportAt=1%,reportDir=" + full),
                                    "-Xmx64m"))) {
                MBeanServerConnection c = child.jmxWithWrss();
                String status = "";
                for (int i = 0; i < 100 && !status.contains("failed"); i++) {
                    Thread.sleep(100);
                    status = (String) c.getAttribute(HistoryIT.HISTORY, "ReportStatus");
                }
                assertTrue(status.contains("failed") && status.contains("space"), status);
                assertEquals(List.of("filler"), names(full));
            }
        } finally {
            new ProcessBuilder("umount", full.toString()).start().waitFor();
        }
    }

    @Test
    void aReportIsWrittenAtOnceWhenTheLevelIsPassedAndLeftoversAreRemoved(@TempDir Path reports)
            throws Exception {
        Files.writeString(reports.resolve(".wrss-1-1.tmp"), "cut short by a kill");
        Path foreign = Files.writeString(reports.resolve("notes.txt"), "not ours");
        try (ChildJvm child =
                ChildJvm.start(
                        Path.of(System.getProperty("java.home")),
                        List.of(
                                ChildJvm.agentArg(
                                        "interval=1s,log=off,reportAt=1%,reportDir=" + reports),
                                "-Xmx64m"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            for (int i = 0; i < 100 && names(reports).size() < 3; i++) {
                Thread.sleep(100);
            }
            List<String> names = names(reports);
            assertEquals(3, names.size(), names.toString()); // notes.txt, one .json, one .txt
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), names.toString());
            assertTrue(Files.exists(foreign));
            String text =
                    Files.readString(
                            reports.resolve(
                                    names.stream()
                                            .filter(n -> n.endsWith("1pct.txt"))
                                            .findFirst()
                                            .orElseThrow()));
            assertTrue(text.contains("java_heap") && text.contains("GROWTH"), text);
            c.invoke(ThresholdIT.FOOTPRINT, "scan", new Object[0], new String[0]);
            Thread.sleep(500);
            assertEquals(3, names(reports).size(), "one report per crossing: " + names(reports));
        }
    }

    /** Writes a cgroup control file: opened for writing only, as the kernel refuses truncation there. */
    static void control(Path cgroup, String file, String value) throws IOException {
        Files.writeString(cgroup.resolve(file), value, java.nio.file.StandardOpenOption.WRITE);
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            s.forEach(p -> out.add(p.getFileName().toString()));
            out.sort(null);
            return out;
        }
    }
}
