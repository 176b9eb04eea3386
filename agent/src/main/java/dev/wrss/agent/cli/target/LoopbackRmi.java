package dev.wrss.agent.cli.target;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.rmi.server.RMISocketFactory;
import java.util.regex.Pattern;

/**
 * RMI as the command line uses it: a client only, to loopback only. Every RMI socket of the process goes through
 * this factory, which connects to a loopback address literal and nothing else (no name lookup) with a connect
 * timeout, and opens no server socket; RMI's own timeouts bound each reply, and no class is loaded from a codebase.
 */
public final class LoopbackRmi extends RMISocketFactory {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static volatile int connectTimeoutMillis = 10_000;

    /** Sets RMI's properties and installs the factory; call before any RMI class is used. */
    public static void install(long timeoutMillis) throws IOException {
        System.setProperty("java.rmi.server.useCodebaseOnly", "true");
        System.clearProperty("java.rmi.server.codebase");
        setTimeout(timeoutMillis);
        RMISocketFactory.setSocketFactory(new LoopbackRmi());
    }

    /** The bound on connecting and on each reply; RMI reads its properties when it first connects. */
    public static void setTimeout(long timeoutMillis) {
        String millis = Long.toString(timeoutMillis);
        System.setProperty("sun.rmi.transport.tcp.responseTimeout", millis);
        System.setProperty("sun.rmi.transport.connectionTimeout", millis);
        System.setProperty("sun.rmi.transport.proxy.connectTimeout", millis);
        System.setProperty("sun.tools.attach.attachTimeout", millis);
        connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
    }

    /** True for 127.0.0.0/8 and ::1 written as address literals; a name is never resolved. */
    static boolean isLoopbackLiteral(String host) {
        InetAddress a = literal(host);
        return a != null && a.isLoopbackAddress();
    }

    private static InetAddress literal(String host) {
        if (host == null) {
            return null;
        }
        String h =
                host.startsWith("[") && host.endsWith("]")
                        ? host.substring(1, host.length() - 1)
                        : host;
        if (!IPV4.matcher(h).matches() && !(h.contains(":") && h.matches("[0-9a-fA-F:.]+"))) {
            return null;
        }
        try {
            return InetAddress.getByName(h); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        InetAddress a = literal(host);
        if (a == null || !a.isLoopbackAddress()) {
            throw new IOException(
                    "wrss connects to loopback addresses only, not to "
                            + TerminalText.printable(host));
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(a, port), connectTimeoutMillis);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        throw new IOException("wrss exports no RMI object");
    }
}
