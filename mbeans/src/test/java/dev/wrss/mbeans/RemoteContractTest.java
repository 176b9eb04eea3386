package dev.wrss.mbeans;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract checks through a real RMI connector on an ephemeral port, bound to the loopback address
 * only, as JConsole, VisualVM and a standalone jmx_exporter would read it.
 */
class RemoteContractTest extends ContractReadChecks {

    private final LoopbackServerSockets serverSockets = new LoopbackServerSockets();
    private JMXConnectorServer connectorServer;
    private JMXConnector connector;

    @BeforeEach
    void connect() throws IOException {
        Map<String, Object> env =
                Map.of(
                        RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE,
                        serverSockets,
                        RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE,
                        new LoopbackClientSockets());
        // no registry: the address carries the serialized stub, and port 0 picks a free port
        connectorServer =
                JMXConnectorServerFactory.newJMXConnectorServer(
                        new JMXServiceURL("service:jmx:rmi://127.0.0.1"), env, server);
        connectorServer.start();
        connector = JMXConnectorFactory.connect(connectorServer.getAddress());
    }

    @AfterEach
    void disconnect() throws IOException {
        if (connector != null) {
            connector.close();
        }
        if (connectorServer != null) {
            connectorServer.stop();
        }
    }

    @Override
    MBeanServerConnection connection() throws IOException {
        return connector.getMBeanServerConnection();
    }

    @Override
    int minimumReads() {
        return 300;
    }

    @Test
    void connectorListensOnLoopbackOnly() {
        assertFalse(serverSockets.created.isEmpty());
        for (ServerSocket s : serverSockets.created) {
            assertTrue(s.getInetAddress().isLoopbackAddress(), s.toString());
            assertTrue(s.getLocalPort() > 0, s.toString());
        }
    }

    /** Binds every RMI listening socket to 127.0.0.1 and remembers it. */
    private static final class LoopbackServerSockets implements RMIServerSocketFactory {
        final List<ServerSocket> created = new CopyOnWriteArrayList<>();

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            created.add(s);
            return s;
        }
    }

    /** Connects to the loopback address whatever host name RMI put into the stub. */
    private static final class LoopbackClientSockets
            implements RMIClientSocketFactory, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new Socket(InetAddress.getLoopbackAddress(), port);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LoopbackClientSockets; // lets RMI reuse connections between stubs
        }

        @Override
        public int hashCode() {
            return LoopbackClientSockets.class.hashCode();
        }
    }
}
