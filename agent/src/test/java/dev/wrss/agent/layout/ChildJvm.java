package dev.wrss.agent.layout;

import dev.wrss.agent.it.Attach;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/** A {@link ChildSleeper} in another JVM, reached over JMX through the attach API's local management agent. */
final class ChildJvm implements AutoCloseable {

    final Process process;
    final long pid;
    private JMXConnector connector;

    ChildJvm(Path javaHome, List<String> vmOptions) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(vmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildSleeper.class.getName());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        pid = process.pid();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        StringBuilder said = new StringBuilder();
        while (line != null && !line.startsWith("ready")) {
            said.append(line).append('\n'); // VM warnings, e.g. a deprecated option
            line = out.readLine();
        }
        if (line == null) {
            close();
            throw new IllegalStateException("child " + cmd + " said " + said);
        }
    }

    MBeanServerConnection connect() throws Exception {
        connector = JMXConnectorFactory.connect(new JMXServiceURL(Attach.localJmxUrl(pid)));
        return connector.getMBeanServerConnection();
    }

    @Override
    public void close() throws Exception {
        if (connector != null) {
            connector.close();
        }
        // SIGTERM first: a JVM killed outright leaves its attach socket in /tmp, and a later JVM given the same
        // pid then refuses every attach (see Attach.vm)
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
