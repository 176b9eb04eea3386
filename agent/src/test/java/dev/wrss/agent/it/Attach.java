package dev.wrss.agent.it;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServerConnection;

/** Dynamic attach of the built agent into a running child, and a look at its threads over JMX. */
public final class Attach {

    private Attach() {}

    /**
     * {@code VirtualMachine.attach(pid)}, past a socket file that a JVM killed with SIGKILL left behind under a
     * pid this child now has. pid_max is 32,768 on these machines and the suite starts tens of thousands of
     * threads, so pids come round within a run; such a file answers "Connection refused" and keeps the attach
     * from ever signalling the new JVM. Nothing listens on a file that refuses, so it is removed once and the
     * attach tried again (a JVM that had just put its own socket there re-creates it on the attach's SIGQUIT).
     */
    public static VirtualMachine vm(long pid) throws Exception {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (IOException e) {
            Path socket = Path.of("/proc", Long.toString(pid), "root/tmp/.java_pid" + pid);
            if (!"Connection refused".equals(e.getMessage()) || !Files.deleteIfExists(socket)) {
                throw e;
            }
            System.out.println(
                    "removed "
                            + socket
                            + ", which refused: a stale socket of an earlier JVM with pid "
                            + pid);
            return VirtualMachine.attach(Long.toString(pid));
        }
    }

    /** {@code VirtualMachine.attach(pid).loadAgent(jar, options)}, as the README's attach path does. */
    public static void loadAgent(long pid, String options) throws Exception {
        VirtualMachine vm = vm(pid);
        try {
            vm.loadAgent(ChildJvm.agentJar().toString(), options);
        } finally {
            vm.detach();
        }
    }

    /** The child's local JMX connector address, starting its local management agent if need be. */
    public static String localJmxUrl(long pid) throws Exception {
        VirtualMachine vm = vm(pid);
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }

    /** Live threads of the child called {@code name}. */
    public static long threadsNamed(MBeanServerConnection c, String name) throws Exception {
        ThreadMXBean threads =
                ManagementFactory.newPlatformMXBeanProxy(
                        c, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        long n = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && name.equals(t.getThreadName())) {
                n++;
            }
        }
        return n;
    }
}
