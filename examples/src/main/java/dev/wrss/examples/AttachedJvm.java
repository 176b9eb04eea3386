package dev.wrss.examples;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX connection to another local JVM through the attach API's local management agent, and the few wrss
 * reads the examples need, by ObjectName and attribute name as any JMX client would make them.
 */
final class AttachedJvm implements AutoCloseable {

    static final String FOOTPRINT = "wrss:type=Footprint";
    static final String MAPPED_FILES = "wrss:type=MappedFiles";

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private AttachedJvm(long pid, JMXConnector connector) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static AttachedJvm attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String url;
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new AttachedJvm(pid, JMXConnectorFactory.connect(new JMXServiceURL(url)));
    }

    long pid() {
        return pid;
    }

    /** Waits until the wrss agent has registered its MBeans and published a first scan. */
    void awaitWrss(long timeoutMillis) throws Exception {
        ObjectName fp = new ObjectName(FOOTPRINT);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!server.isRegistered(fp)
                || ((Number) server.getAttribute(fp, "ScanCount")).longValue() == 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "pid "
                                + pid
                                + " publishes no "
                                + FOOTPRINT
                                + ": was it started with -javaagent:agent/target/wrss-agent.jar?");
            }
            Thread.sleep(100);
        }
    }

    /** Asks for a scan now, so that what follows reads the memory as it is at this moment. */
    void scan() throws Exception {
        server.invoke(new ObjectName(FOOTPRINT), "scan", new Object[0], new String[0]);
    }

    long footprint(String attribute) throws Exception {
        return ((Number) server.getAttribute(new ObjectName(FOOTPRINT), attribute)).longValue();
    }

    /** An item of the Footprint Regions row of {@code region}, e.g. {@code ("mapped_files", "pss")}. */
    long region(String region, String item) throws Exception {
        TabularData regions =
                (TabularData) server.getAttribute(new ObjectName(FOOTPRINT), "Regions");
        return ((Number) regions.get(new Object[] {region}).get(item)).longValue();
    }

    /** The MappedFiles row of {@code path}, or null if the file is not among the top files the agent lists. */
    CompositeData mappedFile(String path) throws Exception {
        TabularData files =
                (TabularData) server.getAttribute(new ObjectName(MAPPED_FILES), "Files");
        return files.get(new Object[] {path});
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
