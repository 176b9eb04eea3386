package dev.wrss.agent.cli.target;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;

/**
 * One attach-API connection to a target JVM: diagnostic commands run as jcmd runs them (nothing of wrss
 * is loaded into the target, only HotSpot's own Attach Listener thread starts), and, on demand, a JMX
 * connection through the target's local management agent, which then stays running in the target.
 */
public final class AttachSession implements AutoCloseable {

    private final TargetProcess target;
    private final String mainName;
    private final VirtualMachine vm;
    private final Deadline deadline;
    private JMXConnector connector;
    private MBeanServerConnection jmx;

    private AttachSession(
            TargetProcess target, String mainName, VirtualMachine vm, Deadline deadline) {
        this.target = target;
        this.mainName = mainName;
        this.vm = vm;
        this.deadline = deadline;
    }

    /** The main class or jar from a java command line ({@code sun.rt.javaCommand}). */
    public static String mainName(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "?";
        }
        String first = javaCommand.trim().split("\\s+")[0];
        return first.endsWith(".jar") ? Path.of(first).getFileName().toString() : first;
    }

    /**
     * Attaches to {@code target}, every step bounded by {@code deadline}: its hsperfdata must not say it refuses
     * attach (the attach would make it print a thread dump), and its attach socket, if there, must be its own.
     */
    public static AttachSession open(TargetProcess target, Deadline deadline) {
        long pid = target.pid();
        String main =
                deadline.get(
                        "reading its hsperfdata",
                        () -> {
                            if (target.perfDataRefusesAttach()) {
                                throw TargetProcess.attachDisabled(pid);
                            }
                            target.files().checkAttachSocket(target.ownerUid());
                            target.files().checkNoTwin();
                            return target.perfDataMainName();
                        });
        try {
            VirtualMachine vm =
                    deadline.call("attach", () -> VirtualMachine.attach(Long.toString(pid)));
            return new AttachSession(target, main != null ? main : target.command(), vm, deadline);
        } catch (AttachNotSupportedException e) {
            throw new CommandFailure(
                    ExitCode.NOT_ATTACHABLE,
                    "cannot attach to pid "
                            + pid
                            + ": "
                            + e.getMessage()
                            + " (is it a HotSpot JVM of this user, started without -XX:+DisableAttachMechanism?)");
        } catch (IOException e) {
            throw TargetProcess.refused(e)
                    ? target.staleAttachSocket()
                    : failure("cannot attach to pid " + pid, e);
        } catch (SecurityException e) {
            throw new CommandFailure(
                    ExitCode.PERMISSION_DENIED,
                    "permission denied attaching to pid " + pid + ": " + e.getMessage());
        } catch (CommandFailure e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted attaching to pid " + pid, e);
        } catch (Exception e) {
            throw failure("cannot attach to pid " + pid, e);
        }
    }

    Deadline deadline() {
        return deadline;
    }

    long pid() {
        return target.pid();
    }

    /** The target's main class or jar, for headings. */
    public String mainName() {
        return mainName;
    }

    /** The target's Java feature version (17, 25...), or -1 if it does not say. */
    public int featureVersion() {
        try {
            String v =
                    deadline.call("reading its system properties", vm::getSystemProperties)
                            .getProperty("java.specification.version", "");
            return Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Runs one diagnostic command, e.g. {@code "VM.metaspace vslist"}, and answers its output. */
    String jcmd(String commandLine) throws IOException {
        return call("executeJCmd", commandLine);
    }

    /** The value of one VM flag as the target prints it ({@code -XX:ThreadStackSize=1024}), or null. */
    String flagValue(String name) throws IOException {
        String line = call("printFlag", name).trim();
        int eq = line.indexOf('=');
        return eq < 0 ? null : line.substring(eq + 1).trim();
    }

    // HotSpotVirtualMachine is in a package jdk.attach does not export: the jar's manifest adds the
    // export (Add-Exports), which compiling with --release 17 cannot, so the methods are called by
    // reflection.
    private String call(String method, String argument) throws IOException {
        try {
            return deadline.call(method + " " + argument, () -> callNow(method, argument));
        } catch (IOException | CommandFailure e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private String callNow(String method, String argument) throws IOException {
        try {
            Method m =
                    Class.forName("sun.tools.attach.HotSpotVirtualMachine")
                            .getMethod(method, String.class);
            try (InputStream in = (InputStream) m.invoke(vm, argument)) {
                return readAll(in);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException(
                    "diagnostic commands over attach need the jar's Add-Exports: run as "
                            + "'java -jar wrss-agent.jar' ("
                            + e
                            + ")",
                    e);
        }
    }

    // JDK 17's attach stream mishandles read(b, off, len) with off > 0 against a JDK 25 target
    // (ArrayIndexOutOfBoundsException from readAllBytes): read whole buffers from offset 0 only.
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A JMX connection through the target's local management agent, started if it is not running, to the address
     * it gives only once {@link JmxEndpoint} accepted it; every call on it is bounded by the deadline.
     */
    public MBeanServerConnection jmx() {
        if (target.otherUserAsRoot()) { // the commands never ask; this keeps it so
            throw new IllegalStateException("no JMX to another user's JVM as root");
        }
        if (jmx != null) {
            return jmx;
        }
        long pid = target.pid();
        try {
            String url =
                    deadline.call("starting its local JMX agent", vm::startLocalManagementAgent);
            // reading the stub registers it with RMI's distributed GC, which connects to the
            // endpoint
            // at once: a step that waits for the target like any other
            JMXConnector c =
                    deadline.call("reading its JMX address", () -> JmxEndpoint.of(url, pid))
                            .connector();
            deadline.call(
                    "JMX connect",
                    () -> {
                        c.connect();
                        return null;
                    });
            connector = c;
            jmx = deadline.guard(c.getMBeanServerConnection());
            return jmx;
        } catch (CommandFailure e) {
            throw e;
        } catch (Exception e) {
            throw failure("cannot open a JMX connection to pid " + pid, e);
        }
    }

    public static CommandFailure failure(String what, Exception e) {
        String m = e.getMessage();
        return new CommandFailure(
                ExitCode.FAILURE,
                what + ": " + e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    @Override
    public void close() {
        if (deadline.expired()) {
            return; // the target did not answer: closing would wait as long again, and the process
            // ends anyway
        }
        try {
            deadline.call(
                    "closing",
                    () -> {
                        if (connector != null) {
                            connector.close();
                        }
                        vm.detach();
                        return null;
                    });
        } catch (Exception e) {
            // the target may be gone or stopped; nothing is left to do for it
        }
    }
}
