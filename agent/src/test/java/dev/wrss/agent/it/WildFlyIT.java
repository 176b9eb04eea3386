package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real WildFly (org.wildfly:wildfly-dist from Maven Central), booted by bin/standalone.sh with the agent in
 * JAVA_OPTS as a user adds it, bound to 127.0.0.1 with every port moved by a random offset. JBoss Modules
 * installs JBoss LogManager and its own MBeanServer builder in main: the boot must end with "started in"
 * (WFLYSRV0025) and no ERROR line in the console or server.log, wrss's started line must be in server.log at
 * INFO (through JUL, not an "ERROR [stderr]" line), and the wrss MBeans must be readable over JMX afterwards.
 * Fetching or unpacking the distribution failing makes the test NOT RUN, loudly.
 */
class WildFlyIT {

    private static final String VERSION = "37.0.1.Final";
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @ParameterizedTest
    @MethodSource("dev.wrss.agent.it.Jdks#stream")
    void wildFlyBootsWithTheAgentWithoutAnErrorAndPublishesWrss(Jdks.Jdk jdk) throws Exception {
        jdk.assumeInstalled();
        Path home = wildFly(jdk.name());
        int offset = 10_000 + ThreadLocalRandom.current().nextInt(20_000);
        ProcessBuilder pb =
                new ProcessBuilder(
                                "bash",
                                home.resolve("bin/standalone.sh").toString(),
                                "-b",
                                "127.0.0.1",
                                "-bmanagement",
                                "127.0.0.1",
                                "-Djboss.socket.binding.port-offset=" + offset)
                        .directory(home.toFile())
                        .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", jdk.home().toString());
        pb.environment()
                .put(
                        "JAVA_OPTS",
                        "-Xms64m -Xmx512m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m "
                                + "-Djava.net.preferIPv4Stack=true -Djboss.modules.system.pkgs=org.jboss.byteman "
                                + "-Djava.awt.headless=true "
                                + ChildJvm.agentArg("interval=2s"));
        pb.environment().remove("JBOSS_HOME");
        Process sh = pb.start();
        StringBuffer console = new StringBuffer();
        Thread pump = pump(sh.getInputStream(), console);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!console.toString().matches("(?s).*WFLYSRV002[56].*")
                    && sh.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(
                    console.toString().contains("WFLYSRV0025"),
                    "WildFly did not start:\n" + console);
            long javaPid =
                    sh.descendants()
                            .filter(p -> p.info().command().orElse("").endsWith("/java"))
                            .findFirst()
                            .orElseThrow()
                            .pid();
            try (JMXConnector jmx =
                    JMXConnectorFactory.connect(new JMXServiceURL(Attach.localJmxUrl(javaPid)))) {
                MBeanServerConnection c = jmx.getMBeanServerConnection();
                for (int i = 0; i < 600 && !c.isRegistered(Footprints.footprint()); i++) {
                    Thread.sleep(100);
                }
                Footprints.Reading r =
                        Snapshots.awaitReading(c, x -> x.snapshotId() > 0, "a first wrss scan");
                Snapshots.assertAddsUp(r);
                Snapshots.assertAddsUp(Footprints.scan(c));
            }
            String serverLog = Files.readString(home.resolve("standalone/log/server.log"));
            for (String log : List.of(console.toString(), serverLog)) {
                List<String> errors = log.lines().filter(l -> l.contains(" ERROR ")).toList();
                assertEquals(List.of(), errors, "ERROR lines:\n" + log);
            }
            assertTrue(
                    serverLog
                            .lines()
                            .anyMatch(
                                    l -> l.contains("INFO  [dev.wrss]") && l.contains("started (")),
                    "wrss's started line at INFO in server.log:\n" + serverLog);
            System.out.println(
                    "WildFly "
                            + VERSION
                            + " on "
                            + jdk
                            + ": "
                            + serverLog
                                    .lines()
                                    .filter(
                                            l ->
                                                    l.contains("[dev.wrss]")
                                                            || l.contains("WFLYSRV0025"))
                                    .toList());
        } finally {
            sh.descendants().forEach(ProcessHandle::destroyForcibly);
            sh.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            pump.join(10_000);
        }
    }

    /** A fresh WildFly home for this run, unpacked from the distribution Maven fetched; NOT RUN if it cannot be. */
    private static Path wildFly(String run) throws Exception {
        Path zip = TARGET.resolve("wildfly-dist/wildfly-dist-" + VERSION + ".zip");
        if (!Files.isRegularFile(zip)) {
            String mavenHome = System.getProperty("maven.home");
            Assumptions.assumeTrue(
                    mavenHome != null && !mavenHome.isBlank(),
                    "NOT RUN: no maven.home to fetch org.wildfly:wildfly-dist:"
                            + VERSION
                            + " with");
            Process mvn =
                    new ProcessBuilder(
                                    Path.of(mavenHome, "bin/mvn").toString(),
                                    "-B",
                                    "-q",
                                    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                                    "-Dartifact=org.wildfly:wildfly-dist:" + VERSION + ":zip",
                                    "-DoutputDirectory=" + zip.getParent())
                            .redirectErrorStream(true)
                            .start();
            String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = mvn.waitFor(15, TimeUnit.MINUTES);
            Assumptions.assumeTrue(
                    ended && mvn.exitValue() == 0 && Files.isRegularFile(zip),
                    "NOT RUN: fetching org.wildfly:wildfly-dist:" + VERSION + " failed:\n" + out);
        }
        Path dir = TARGET.resolve("wildfly-" + run);
        if (Files.exists(dir)) {
            new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path to = dir.resolve(e.getName()).normalize();
                if (!to.startsWith(dir)) {
                    continue;
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to);
                }
            }
        } catch (IOException e) {
            Assumptions.abort("NOT RUN: unpacking " + zip + " failed: " + e);
        }
        Path home = dir.resolve("wildfly-" + VERSION);
        Assumptions.assumeTrue(
                Files.isRegularFile(home.resolve("bin/standalone.sh")),
                "NOT RUN: no bin/standalone.sh in " + zip);
        return home;
    }

    private static Thread pump(InputStream in, StringBuffer into) {
        Thread t =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                for (String line; (line = r.readLine()) != null; ) {
                                    into.append(line).append('\n');
                                }
                            } catch (IOException ignored) {
                                // the server is gone
                            }
                        },
                        "wildfly-console");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
