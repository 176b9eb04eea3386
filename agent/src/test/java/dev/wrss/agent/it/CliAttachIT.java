package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code wrss attach} against real child JVMs that start without the agent. */
class CliAttachIT {

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void attachRegistersTheMBeansAndASecondAttachOnlyChangesTheInterval(Jdks.Jdk jdk)
            throws Exception {
        jdk.assumeInstalled();
        try (ChildJvm child = ChildJvm.start(jdk.home(), List.of("-Xmx64m"))) {
            String pid = Long.toString(child.pid());
            MBeanServerConnection c = child.jmx();
            assertFalse(c.isRegistered(Footprints.footprint()), "no agent before attach");

            CliProcess.Result first = CliProcess.run("attach", pid, "interval=5s");
            assertEquals(0, first.exitCode(), first.toString());
            assertTrue(first.stdout().contains("loaded into pid " + pid), first.toString());
            assertTrue(
                    c.isRegistered(Footprints.footprint()),
                    "attach returns once the MBeans are registered");
            assertEquals(
                    jdk.feature() >= 21,
                    first.stdout()
                            .contains(
                                    "note: JDK "
                                            + jdk.feature()
                                            + " prints a warning about the dynamically loaded agent"),
                    first.toString());
            assertEquals(12, c.queryNames(new ObjectName("wrss:type=Region,*"), null).size());
            assertEquals(5000L, c.getAttribute(Footprints.footprint(), "IntervalMillis"));

            CliProcess.Result second = CliProcess.run("attach", pid, "interval=2s");
            assertEquals(0, second.exitCode(), second.toString());
            assertTrue(
                    second.stdout().contains("already running in pid " + pid), second.toString());
            assertTrue(second.stdout().contains("interval now 2000 ms"), second.toString());
            assertEquals(2000L, c.getAttribute(Footprints.footprint(), "IntervalMillis"));
            assertEquals(
                    1,
                    child.stderr().split("\\[wrss\\] started", -1).length - 1,
                    "the agent started once:\n" + child.stderr());
        }
    }
}
