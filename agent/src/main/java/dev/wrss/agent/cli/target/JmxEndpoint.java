package dev.wrss.agent.cli.target;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.rmi.server.RemoteObject;
import java.util.Base64;
import java.util.Map;
import javax.management.remote.rmi.RMIConnector;
import javax.management.remote.rmi.RMIServer;

/**
 * The JMX address a target JVM hands out for its local management agent, checked before anything connects to
 * it. The target chooses that text (its agent properties), so only one form is accepted,
 * {@code service:jmx:rmi://[loopback]/stub/<base64>}: never a JNDI name (which would make this process look up
 * LDAP, RMI registries or DNS), and the stub inside, deserialized here as the only class it may be, must point at
 * a loopback address literal.
 */
final class JmxEndpoint {

    private static final String PREFIX = "service:jmx:rmi://";
    private static final String STUB = "/stub/";
    private static final String STUB_CLASS = "javax.management.remote.rmi.RMIServerImpl_Stub";

    private final RMIServer stub;

    private JmxEndpoint(RMIServer stub) {
        this.stub = stub;
    }

    /** Checks {@code url}, which pid {@code pid} gave as its local JMX address; throws a CommandFailure if bad. */
    static JmxEndpoint of(String url, long pid) {
        if (url == null) {
            throw refused(pid, "no address at all");
        }
        String shown =
                TerminalText.printable(url.length() > 120 ? url.substring(0, 120) + "..." : url);
        if (!url.startsWith(PREFIX)) {
            throw refused(pid, shown + " is not an RMI address");
        }
        int slash = url.indexOf('/', PREFIX.length());
        String host =
                slash < 0 ? url.substring(PREFIX.length()) : url.substring(PREFIX.length(), slash);
        if (!host.isEmpty() && !LoopbackRmi.isLoopbackLiteral(host)) {
            throw refused(
                    pid,
                    shown + " names host '" + TerminalText.printable(host) + "', not loopback");
        }
        if (slash < 0 || !url.startsWith(STUB, slash)) {
            throw refused(
                    pid,
                    shown + " is not a stub address (a /jndi/ name would make wrss look it up)");
        }
        RMIServer stub = decode(url.substring(slash + STUB.length()), pid);
        String ref = ((RemoteObject) stub).getRef().remoteToString();
        String endpoint = endpointHost(ref);
        if (endpoint == null || !LoopbackRmi.isLoopbackLiteral(endpoint)) {
            throw refused(
                    pid,
                    "its stub points at "
                            + TerminalText.printable(endpoint == null ? ref : endpoint)
                            + ", not at a loopback address");
        }
        return new JmxEndpoint(stub);
    }

    /** The host of {@code ...endpoint:[127.0.0.1:40213]...}; null if absent or if it names a socket factory. */
    static String endpointHost(String remoteToString) {
        int at = remoteToString.indexOf("endpoint:[");
        int end = at < 0 ? -1 : remoteToString.indexOf(']', at);
        if (end < 0) {
            return null;
        }
        String hostPort = remoteToString.substring(at + "endpoint:[".length(), end);
        int colon = hostPort.lastIndexOf(':');
        if (hostPort.contains(",") || colon <= 0) {
            return null; // a client socket factory of the target's choosing, or no port: not the
            // JDK's local agent
        }
        return hostPort.substring(0, colon);
    }

    private static RMIServer decode(String base64, long pid) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw refused(pid, "its stub is not base64");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(JmxEndpoint::stubOnly);
            Object o = in.readObject();
            if (o instanceof RMIServer s && o instanceof RemoteObject) {
                return s;
            }
            throw refused(pid, "its stub is a " + (o == null ? "null" : o.getClass().getName()));
        } catch (IOException | ClassNotFoundException e) {
            throw refused(
                    pid,
                    "its stub was rejected ("
                            + e.getClass().getSimpleName()
                            + ": "
                            + CommandFailure.oneLine(e.getMessage())
                            + ")");
        }
    }

    // the stub and its superclasses; its reference (UnicastRef2 and the endpoint) is read by
    // RemoteObject itself
    private static ObjectInputFilter.Status stubOnly(ObjectInputFilter.FilterInfo info) {
        if (info.depth() > 5
                || info.references() > 50
                || info.streamBytes() > 4096
                || info.arrayLength() >= 0) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        String n = c.getName();
        return n.equals(STUB_CLASS)
                        || n.equals("java.rmi.server.RemoteStub")
                        || n.equals("java.rmi.server.RemoteObject")
                ? ObjectInputFilter.Status.ALLOWED
                : ObjectInputFilter.Status.REJECTED;
    }

    /** A connector to the checked stub; connecting goes through {@link LoopbackRmi}'s sockets. */
    RMIConnector connector() {
        return new RMIConnector(stub, Map.of());
    }

    private static CommandFailure refused(long pid, String why) {
        return new CommandFailure(
                ExitCode.UNTRUSTED,
                "refused the JMX address pid "
                        + pid
                        + " gave: "
                        + why
                        + "; wrss connects only to a stub on loopback (use --no-agent to measure without JMX)");
    }
}
