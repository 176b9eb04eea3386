package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent loaded twice (two -javaagent flags, then a dynamic attach on top) runs once and takes the last
 * interval; an agent that finds wrss's names held by someone else stays idle and leaves them alone.
 */
class LoadTwiceIT {

    @AfterAll
    static void tally() {
        System.out.println(FaultLedger.tally());
    }

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void twoJavaagentFlagsAndAnAttachRunOneScanner(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child =
                ChildJvm.start(
                        jdk.home(),
                        List.of(
                                ChildJvm.agentArg("interval=1s"),
                                ChildJvm.agentArg("interval=2s"),
                                "-XX:+EnableDynamicAgentLoading"))) {
            MBeanServerConnection c = child.jmxWithWrss();
            assertEquals(2_000L, Snapshots.attribute(c, "IntervalMillis"));
            var names = c.queryNames(new ObjectName("wrss:*"), null);
            assertTrue(names.size() >= 15, "wrss names: " + names);
            Attach.loadAgent(child.pid(), "interval=3s");
            FaultLedger.injected(2);
            FaultLedger.assertAlive(child);
            assertEquals(3_000L, Snapshots.attribute(c, "IntervalMillis"));
            assertEquals(
                    names,
                    c.queryNames(new ObjectName("wrss:*"), null),
                    "the attach registered nothing new");
            assertEquals(1, Attach.threadsNamed(c, "wrss-scanner"));
            Snapshots.assertAddsUp(Footprints.scan(c));
            assertEquals(
                    2,
                    child.stderr().lines().filter(l -> l.contains("already running")).count(),
                    child.stderr());
            FaultLedger.assertOneLinePerProblem(
                    child.stderr().replaceAll("(?m)^.*already running.*$", ""));
        }
    }

    @Test
    void anAgentFindingItsNamesTakenStaysIdleAndLeavesThemAlone() throws Exception {
        try (ChildJvm child = ChildJvm.start(Path.of(System.getProperty("java.home")), List.of())) {
            child.send("squat");
            Attach.loadAgent(child.pid(), "interval=1s");
            FaultLedger.injected(1);
            MBeanServerConnection c = child.jmx();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!child.stderr().contains("already registered") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(child.stderr().contains("stays idle"), child.stderr());
            assertEquals("not wrss", c.getAttribute(Footprints.footprint(), "Owner"));
            assertEquals(0, Attach.threadsNamed(c, "wrss-scanner"));
            FaultLedger.assertAlive(child);
            FaultLedger.assertOneLinePerProblem(child.stderr());
        }
    }
}
