package dev.wrss.agent.it;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.server.ObjID;
import java.rmi.server.RMIServerSocketFactory;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * A JVM that lies to whoever reads it: it names a thread {@code wrss-scanner} so that the command line takes it
 * for a wrss agent, and puts the JMX address of its choice where HotSpot's {@code startLocalManagementAgent} reads
 * it (the agent property {@code com.sun.management.jmxremote.localConnectorAddress}, which HotSpot returns as is
 * once set). Usage: {@code HostileTarget <mode> <port>}; needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} and, for the stub modes, the java.rmi exports.
 * <ul>
 * <li>{@code ldap}, {@code registry}: a JNDI address, an LDAP server or an RMI registry on 127.0.0.1:port</li>
 * <li>{@code remote-url}: a stub address whose host is 10.255.255.1; the stub itself points at 127.0.0.1:port</li>
 * <li>{@code remote-stub}: a stub address on loopback whose stub points at 10.255.255.1:port</li>
 * <li>{@code loopback-stub}: the control, a stub pointing at 127.0.0.1:port, which wrss does accept</li>
 * <li>{@code payload}: a real JMX connector on loopback whose wrss:type=Footprint answers with a 60-deep graph
 * of HashSets, a class no JMX reply needs</li>
 * <li>{@code link-socket}: its attach socket {@code /tmp/.java_pid<pid>} is a symbolic link to the path given
 * as the second argument</li>
 * </ul>
 */
public final class HostileTarget {

    /** The fake agent's bean: each read answers the payload. */
    public interface FakeFootprintMBean {
        Object getVersion();

        Object scan();
    }

    public static final class FakeFootprint implements FakeFootprintMBean {
        @Override
        public Object getVersion() {
            return nestedSets(60);
        }

        @Override
        public Object scan() {
            return nestedSets(60);
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String address =
                switch (mode) {
                    case "ldap" -> "service:jmx:rmi:///jndi/ldap://127.0.0.1:" + args[1] + "/x";
                    case "registry" -> "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + args[1] + "/x";
                    case "remote-url" ->
                            "service:jmx:rmi://10.255.255.1/stub/"
                                    + stub("127.0.0.1", Integer.parseInt(args[1]));
                    case "remote-stub" ->
                            "service:jmx:rmi:///stub/"
                                    + stub("10.255.255.1", Integer.parseInt(args[1]));
                    case "loopback-stub" ->
                            "service:jmx:rmi:///stub/"
                                    + stub("127.0.0.1", Integer.parseInt(args[1]));
                    case "payload" -> payloadServer();
                    case "link-socket" -> {
                        long pid = ProcessHandle.current().pid();
                        // a socket file left by a killed JVM that had this pid before
                        Files.deleteIfExists(Path.of("/tmp/.java_pid" + pid));
                        Files.createSymbolicLink(Path.of("/tmp/.java_pid" + pid), Path.of(args[1]));
                        yield null;
                    }
                    default -> throw new IllegalArgumentException(mode);
                };
        if (address != null) {
            agentProperties().put("com.sun.management.jmxremote.localConnectorAddress", address);
        }
        Thread fake =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                // done
                            }
                        },
                        "wrss-scanner");
        fake.setDaemon(true);
        fake.start();
        System.out.println("READY");
        System.in.read(); // until the test closes our stdin or kills us
    }

    private static Properties agentProperties() throws ReflectiveOperationException {
        return (Properties)
                Class.forName("jdk.internal.vm.VMSupport")
                        .getMethod("getAgentProperties")
                        .invoke(null);
    }

    /** A serialized RMIServerImpl_Stub whose reference points at host:port, built without exporting anything. */
    private static String stub(String host, int port) throws Exception {
        Object endpoint =
                Class.forName("sun.rmi.transport.tcp.TCPEndpoint")
                        .getConstructor(String.class, int.class)
                        .newInstance(host, port);
        Object liveRef =
                Class.forName("sun.rmi.transport.LiveRef")
                        .getConstructor(
                                ObjID.class,
                                Class.forName("sun.rmi.transport.Endpoint"),
                                boolean.class)
                        .newInstance(new ObjID(), endpoint, false);
        Object ref =
                Class.forName("sun.rmi.server.UnicastRef2")
                        .getConstructor(liveRef.getClass())
                        .newInstance(liveRef);
        Object stub =
                Class.forName("javax.management.remote.rmi.RMIServerImpl_Stub")
                        .getConstructor(java.rmi.server.RemoteRef.class)
                        .newInstance(ref);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(stub);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String payloadServer() throws Exception {
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        mbs.registerMBean(new FakeFootprint(), new ObjectName("wrss:type=Footprint"));
        Map<String, Object> env = new HashMap<>();
        env.put(
                RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE,
                (RMIServerSocketFactory)
                        port -> new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
        JMXConnectorServer server =
                JMXConnectorServerFactory.newJMXConnectorServer(
                        new JMXServiceURL("service:jmx:rmi://127.0.0.1"), env, mbs);
        server.start();
        return server.getAddress().toString();
    }

    /** Sets nested {@code depth} deep: a class outside any JMX reply, and a graph deeper than one needs. */
    static Set<Object> nestedSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s = root;
        for (int i = 0; i < depth; i++) {
            Set<Object> next = new HashSet<>();
            s.add(next);
            s.add("level " + i);
            s = next;
        }
        return root;
    }
}
