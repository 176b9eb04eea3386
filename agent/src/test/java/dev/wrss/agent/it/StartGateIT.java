package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.agent.it.hostile.LateConfigApp;
import java.nio.file.Path;
import java.util.List;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent touches no JVM-wide facility before the application could configure it: an application that installs
 * JBoss LogManager, or its own MBeanServer builder, in main after 50 ms or 3 s gets what it installed, and the
 * wrss MBeans are readable once it created its MBeanServer. Asserted on what the application printed.
 */
class StartGateIT {

    private static final Path JDK = Path.of(System.getProperty("java.home"));

    @AfterAll
    static void tally() {
        System.out.println(FaultLedger.tally());
    }

    @ParameterizedTest(name = "after {0} ms")
    @ValueSource(ints = {50, 3000})
    void jbossLogManagerInstalledInMainIsJulsLogManager(int delayMillis) throws Exception {
        List<Path> jboss;
        try (var jars =
                java.nio.file.Files.list(
                        Path.of(
                                System.getProperty(
                                        "wrss.jboss.libs", "target/jboss-logmanager")))) {
            jboss = jars.toList();
        }
        assertTrue(
                jboss.stream()
                        .anyMatch(j -> j.getFileName().toString().startsWith("jboss-logmanager")),
                "jboss-logmanager copied for the child: " + jboss);
        try (ChildJvm child =
                ChildJvm.startWith(
                        jboss,
                        JDK,
                        List.of(ChildJvm.agentArg("interval=1s")),
                        LateConfigApp.class.getName(),
                        List.of("jul", Integer.toString(delayMillis)))) {
            FaultLedger.injected(1);
            assertTrue(
                    child.stdout().contains("LOGMANAGER org.jboss.logmanager.LogManager"),
                    child.stdout());
            readable(child);
        }
    }

    @Test
    void ownMBeanServerBuilderSetInMainBuildsThePlatformServer() throws Exception {
        try (ChildJvm child =
                ChildJvm.start(
                        JDK,
                        List.of(ChildJvm.agentArg("interval=1s")),
                        LateConfigApp.class.getName(),
                        List.of("builder", "50"))) {
            FaultLedger.injected(1);
            assertTrue(child.stdout().contains("PLATFORM OwnBuilder"), child.stdout());
            readable(child);
        }
    }

    /** The wrss MBeans answer with a scan, and the agent said nothing but its started line. */
    private static void readable(ChildJvm child) throws Exception {
        MBeanServerConnection c = child.jmxWithWrss();
        Snapshots.assertAddsUp(Footprints.scan(c));
        FaultLedger.assertAlive(child);
        assertFalse(child.stdout().contains("UNCAUGHT"), child.stdout());
        assertFalse(child.stderr().contains("Exception"), child.stderr());
    }
}
