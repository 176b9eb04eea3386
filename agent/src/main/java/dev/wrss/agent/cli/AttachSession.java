package dev.wrss.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One attach-API connection to a target JVM: diagnostic commands run as jcmd runs them (nothing of wrss
 * is loaded into the target, only HotSpot's own Attach Listener thread starts), and, on demand, a JMX
 * connection through the target's local management agent, which then stays running in the target.
 */
final class AttachSession implements AutoCloseable {

    private final long pid;
    private final String mainName;
    private final VirtualMachine vm;
    private JMXConnector connector;

    private AttachSession(long pid, String mainName, VirtualMachine vm) {
        this.pid = pid;
        this.mainName = mainName;
        this.vm = vm;
    }

    /**
     * The attachable JVMs this user may see, pid to main class or jar, from hsperfdata; a JVM started with
     * -XX:-UsePerfData is missing, and so is one that refuses attach.
     */
    static Map<Long, String> attachableJvms() {
        Map<Long, String> jvms = new TreeMap<>();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            try {
                jvms.put(Long.parseLong(d.id()), mainName(d.displayName()));
            } catch (NumberFormatException e) {
                // not a local pid
            }
        }
        return jvms;
    }

    /** The main class or jar file name from a java command line ({@code sun.rt.javaCommand}). */
    static String mainName(String javaCommand) {
        if (javaCommand == null || javaCommand.isBlank()) {
            return "?";
        }
        String first = javaCommand.trim().split("\\s+")[0];
        return first.endsWith(".jar") ? Path.of(first).getFileName().toString() : first;
    }

    static AttachSession open(TargetProcess target) {
        long pid = target.pid();
        Map<Long, String> jvms = attachableJvms();
        if (target.perfDataButNotListed(jvms.keySet())) {
            throw TargetProcess.attachDisabled(pid);
        }
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            return new AttachSession(pid, jvms.getOrDefault(pid, target.command()), vm);
        } catch (AttachNotSupportedException e) {
            throw new CommandFailure(ExitCode.NOT_ATTACHABLE, "cannot attach to pid " + pid + ": " + e.getMessage()
                    + " (is it a HotSpot JVM of this user, started without -XX:+DisableAttachMechanism?)");
        } catch (IOException e) {
            throw TargetProcess.refused(e) ? target.staleAttachSocket() : failure("cannot attach to pid " + pid, e);
        } catch (SecurityException e) {
            throw new CommandFailure(ExitCode.PERMISSION_DENIED, "permission denied attaching to pid " + pid
                    + ": " + e.getMessage());
        }
    }

    long pid() {
        return pid;
    }

    /** The target's main class or jar, for headings. */
    String mainName() {
        return mainName;
    }

    /** The target's Java feature version (17, 25...), or -1 if it does not say. */
    int featureVersion() {
        try {
            String v = vm.getSystemProperties().getProperty("java.specification.version", "");
            return Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
        } catch (IOException | RuntimeException e) {
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

    // HotSpotVirtualMachine is in a package jdk.attach does not export: the jar's manifest adds the export
    // (Add-Exports), which compiling with --release 17 cannot, so the methods are called by reflection.
    private String call(String method, String argument) throws IOException {
        try {
            Method m = Class.forName("sun.tools.attach.HotSpotVirtualMachine").getMethod(method, String.class);
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
            throw new IOException("diagnostic commands over attach need the jar's Add-Exports: run as "
                    + "'java -jar wrss-agent.jar' (" + e + ")", e);
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

    /** A JMX connection through the target's local management agent, started if it is not running. */
    MBeanServerConnection jmx() {
        try {
            if (connector == null) {
                String url = vm.startLocalManagementAgent();
                connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
            }
            return connector.getMBeanServerConnection();
        } catch (IOException e) {
            throw failure("cannot open a JMX connection to pid " + pid, e);
        }
    }

    static CommandFailure failure(String what, Exception e) {
        String m = e.getMessage();
        return new CommandFailure(ExitCode.FAILURE, what + ": " + e.getClass().getSimpleName()
                + (m == null ? "" : ": " + m));
    }

    @Override
    public void close() {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException e) {
            // the target may be gone already
        }
        try {
            vm.detach();
        } catch (IOException e) {
            // same
        }
    }
}
