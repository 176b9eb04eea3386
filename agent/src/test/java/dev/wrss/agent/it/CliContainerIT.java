package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JVMs in their own PID namespace, as in any container seen from the host: one sharing the host's /tmp, one with a
 * private tmpfs /tmp (reached only through /proc/PID/root/tmp). report, report --no-agent, attach and ps work on
 * them by host pid, and the command's reading from outside agrees with the agent's inside. Root only.
 */
class CliContainerIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    /**
     * The compared JVMs run on another JDK than the command line, where there is one: a JVM of the same JDK maps the
     * same libjvm.so, modules and CDS archive, and each JVM of that JDK starting or ending elsewhere on the machine
     * moves the target's PSS of those pages between two readings (seen: 0.7% on a machine busy with JDK 17 builds).
     */
    private static final Path TARGET_JDK =
            Files.isExecutable(Jdks.TEMURIN_25.resolve("bin/java")) ? Jdks.TEMURIN_25 : JDK;

    // a fixed pre-touched heap, no JIT and no GC activity: the child holds still between the two
    // readings
    private static final List<String> STILL =
            List.of("-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-Xint");

    @ParameterizedTest
    @ValueSource(strings = {"shared-tmp", "private-tmp"})
    void aJvmInItsOwnPidNamespaceIsReadByItsHostPid(String tmp) throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "NOT RUN: needs root for unshare -p: containerised JVMs were NOT tested");
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/unshare")),
                "NOT RUN: unshare is not installed (util-linux): containerised JVMs were NOT tested");
        List<String> withAgent = new ArrayList<>(STILL);
        withAgent.add(0, ChildJvm.agentArg("interval=1h"));
        try (ChildJvm agentBox = ChildJvm.startUnder(namespace(tmp), TARGET_JDK, withAgent);
                ChildJvm plainBox = ChildJvm.startUnder(secondJvm(tmp), TARGET_JDK, STILL)) {
            String agentPid = Long.toString(javaIn(agentBox));
            String plainPid = Long.toString(javaIn(plainBox));
            assertTrue(
                    Files.readString(Path.of("/proc", agentPid, "status"))
                            .matches("(?s).*NSpid:\\s+" + agentPid + "\\s+1\\n.*"),
                    "pid 1 of its own namespace");

            Map<String, Object> inside = CliReportIT.report(agentPid);
            Map<String, Object> outside = CliReportIT.report(agentPid, "--no-agent");
            assertEquals("agent", inside.get("source"));
            assertEquals("cli", outside.get("source"));
            long in = CliReportIT.pss(inside, "total");
            long out = CliReportIT.pss(outside, "total");
            System.out.printf(
                    "%s: total PSS inside %d, outside %d (%.3f%% apart)%n",
                    tmp, in, out, 100.0 * Math.abs(in - out) / in);
            assertTrue(
                    Math.abs(in - out) <= in / 200, tmp + ": inside " + in + " vs outside " + out);

            CliProcess.Result attach = CliProcess.run("attach", plainPid, "interval=1h");
            assertEquals(0, attach.exitCode(), attach.toString());
            assertTrue(attach.stdout().startsWith("wrss agent "), attach.toString());
            assertEquals("agent", CliReportIT.report(plainPid).get("source"));

            CliProcess.Result ps = CliProcess.run("ps", "--json");
            assertEquals(0, ps.exitCode(), ps.toString());
            for (String pid : List.of(agentPid, plainPid)) {
                assertTrue(
                        ps.stdout().contains("\"pid\":" + pid + ","),
                        "listed by host pid " + pid + ": " + ps);
            }
            assertNotEquals(-1, ps.stdout().indexOf("\"heapSource\":\"agent\""), ps.toString());
        }
    }

    /** Two pid-1 JVMs sharing the host's /tmp have one attach socket file between them: refused, never mixed up. */
    @org.junit.jupiter.api.Test
    void twoJvmsOfTheSamePidInTheirNamespacesSharingTmpAreRefused() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "NOT RUN: needs root for unshare -p: containerised JVMs were NOT tested");
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/unshare")),
                "NOT RUN: unshare is not installed (util-linux): containerised JVMs were NOT tested");
        try (ChildJvm one = ChildJvm.startUnder(namespace("shared-tmp"), JDK, List.of("-Xmx32m"));
                ChildJvm two =
                        ChildJvm.startUnder(namespace("shared-tmp"), JDK, List.of("-Xmx32m"))) {
            String a = Long.toString(javaIn(one));
            String b = Long.toString(javaIn(two));
            for (String[] args :
                    List.of(
                            new String[] {"report", a},
                            new String[] {"report", "--no-agent", b},
                            new String[] {"attach", b})) {
                CliProcess.Result r = CliProcess.run(args);
                assertEquals(4, r.exitCode(), r.toString());
                assertTrue(
                        r.stderr()
                                .contains(
                                        "both are JVMs of pid 1 in their namespaces and share one /tmp"),
                        r.toString());
            }
            assertTrue(
                    Files.readString(Path.of("/proc", b, "maps"))
                            .lines()
                            .noneMatch(l -> l.contains("wrss-agent")),
                    "no agent was loaded into either");
            assertTrue(
                    Files.readString(Path.of("/proc", a, "maps"))
                            .lines()
                            .noneMatch(l -> l.contains("wrss-agent")),
                    "no agent was loaded into either");
        }
    }

    private static List<String> namespace(String tmp) {
        if (tmp.equals("shared-tmp")) {
            return List.of("unshare", "-p", "-f", "--mount-proc");
        }
        // a clone under /tmp (the agent jar and test classes the child runs) would vanish under the
        // new tmpfs:
        // bind its top directory back into the private /tmp, at the same path
        Path repo = ChildJvm.agentJar().toAbsolutePath().normalize();
        String keep =
                repo.startsWith("/tmp/") && repo.getNameCount() > 1
                        ? "/tmp/" + repo.getName(1)
                        : "";
        String script =
                keep.isEmpty()
                        ? "mount -t tmpfs tmpfs /tmp && exec \"$0\" \"$@\""
                        : "old=$(mktemp -d /run/wrss-old-tmp.XXXXXX) && mount --bind /tmp \"$old\""
                                + " && mount -t tmpfs tmpfs /tmp && mkdir -p '"
                                + keep
                                + "'"
                                + " && mount --bind \"$old"
                                + keep.substring(4)
                                + "\" '"
                                + keep
                                + "' && exec \"$0\" \"$@\"";
        return List.of("unshare", "-p", "-f", "-m", "--mount-proc", "sh", "-c", script);
    }

    /**
     * Two namespaces sharing one /tmp must not both hold a JVM of pid 1: /tmp/.java_pid1 would be one file for
     * both, for the JDK's attach as for jcmd. The second JVM is pid 2 of its namespace, under a shell.
     */
    private static List<String> secondJvm(String tmp) {
        if (!tmp.equals("shared-tmp")) {
            return namespace(tmp);
        }
        return List.of(
                "unshare",
                "-p",
                "-f",
                "--mount-proc",
                "sh",
                "-c",
                "exec 3<&0; \"$0\" \"$@\" <&3 & wait");
    }

    /** The JVM's host pid: the java process under unshare (and its shell, if any). */
    private static long javaIn(ChildJvm box) throws Exception {
        ProcessHandle h = box.process().toHandle();
        for (int i = 0; i < 3; i++) {
            if (Files.readString(Path.of("/proc", Long.toString(h.pid()), "comm"))
                    .trim()
                    .equals("java")) {
                return h.pid();
            }
            h =
                    h.children()
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no JVM under unshare"));
        }
        throw new AssertionError("no JVM under unshare");
    }
}
