package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A JVM stopped with SIGSTOP once its attach listener and JMX are up accepts connections and never answers. Every
 * command must end anyway: report, report --no-agent and attach with exit code 7 and one line; ps with exit 0,
 * listing the other JVMs as usual and marking the stopped one. The only bound here is CliProcess's own (90 s).
 */
class CliTimeoutIT {

    private static final java.nio.file.Path JDK =
            java.nio.file.Path.of(System.getProperty("java.home"));

    @Test
    void aStoppedJvmEndsEveryCommandWithTheTimeoutExitCode() throws Exception {
        try (ChildJvm withAgent =
                        ChildJvm.start(JDK, List.of(ChildJvm.agentArg("interval=1s"), "-Xmx32m"));
                ChildJvm plain = ChildJvm.start(JDK, List.of("-Xmx32m"));
                ChildJvm healthy = ChildJvm.start(JDK, List.of("-Xmx32m"))) {
            withAgent.jmxWithWrss(); // its attach listener and JMX agent are up
            Attach.localJmxUrl(plain.pid());
            signal("STOP", withAgent.pid(), plain.pid());
            try {
                String a = Long.toString(withAgent.pid());
                String p = Long.toString(plain.pid());
                assertTimesOut(CliProcess.run("report", a, "--timeout", "2s"), a, "2 s");
                assertTimesOut(CliProcess.run("report", a), a, "10 s"); // the default bound
                assertTimesOut(
                        CliProcess.run("report", "--no-agent", a, "--timeout", "1500ms"),
                        a,
                        "1500 ms");
                assertTimesOut(CliProcess.run("report", p, "--timeout", "2s"), p, "2 s");
                assertTimesOut(CliProcess.run("attach", p, "--timeout", "2s"), p, "2 s");
                assertTimesOut(
                        CliProcess.run("attach", a, "interval=2s", "--timeout", "2s"), a, "2 s");

                CliProcess.Result ps = CliProcess.run("ps", "--timeout", "2s");
                assertEquals(0, ps.exitCode(), ps.toString());
                for (long stopped : List.of(withAgent.pid(), plain.pid())) {
                    assertTrue(row(ps.stdout(), stopped).endsWith("not responding"), ps.toString());
                    assertTrue(
                            ps.stderr().contains("pid " + stopped + ": not responding"),
                            ps.toString());
                }
                String ok = row(ps.stdout(), healthy.pid());
                assertFalse(ok.endsWith("not responding") || ok.contains(" - "), ps.toString());
                CliProcess.Result json = CliProcess.run("ps", "--json", "--timeout", "2s");
                assertTrue(
                        json.stdout().contains("\"pid\": " + withAgent.pid())
                                || json.stdout().contains("\"pid\":" + withAgent.pid()),
                        json.toString());
                assertTrue(
                        json.stdout().contains("\"responding\": false")
                                || json.stdout().contains("\"responding\":false"),
                        json.toString());
            } finally {
                signal("CONT", withAgent.pid(), plain.pid());
            }
            // woken up, they answer again
            CliProcess.Result r = CliProcess.run("report", Long.toString(withAgent.pid()));
            assertEquals(0, r.exitCode(), r.toString());
        }
    }

    @Test
    void aMalformedTimeoutIsAUsageError() throws Exception {
        for (String bad : List.of("soon", "0", "2h")) {
            CliProcess.Result r = CliProcess.run("report", "1", "--timeout", bad);
            assertEquals(2, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("timeout"), r.toString());
        }
    }

    private static void assertTimesOut(CliProcess.Result r, String pid, String bound) {
        assertEquals(7, r.exitCode(), r.toString());
        assertTrue(
                r.stderr().contains("pid " + pid + " did not answer within " + bound),
                r.toString());
        assertEquals(
                1,
                r.stderr().strip().lines().filter(l -> !l.startsWith("[wrss]")).count(),
                r.toString());
    }

    private static String row(String table, long pid) {
        return table.lines()
                .filter(l -> l.trim().startsWith(pid + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("pid " + pid + " not listed:\n" + table))
                .stripTrailing();
    }

    private static void signal(String signal, long... pids) throws Exception {
        for (long pid : pids) {
            Process kill =
                    new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                            .inheritIO()
                            .start();
            assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
        }
        if (Set.of("STOP").contains(signal)) {
            Thread.sleep(200); // the kernel stops them at once; this only lets the signal land
        }
    }
}
