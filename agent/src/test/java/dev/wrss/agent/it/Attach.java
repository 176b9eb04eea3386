package dev.wrss.agent.it;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** Dynamic attach of the built agent into a running child, and a look at its threads over JMX. */
public final class Attach {

    private Attach() {
    }

    /** {@code VirtualMachine.attach(pid).loadAgent(jar, options)}, as the README's attach path does. */
    public static void loadAgent(long pid, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgent(ChildJvm.agentJar().toString(), options);
        } finally {
            vm.detach();
        }
    }

    /** The child's local JMX connector address, starting its local management agent if need be. */
    public static String localJmxUrl(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }

    /** Live threads of the child called {@code name}. */
    public static long threadsNamed(MBeanServerConnection c, String name) throws Exception {
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(c, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        long n = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && name.equals(t.getThreadName())) {
                n++;
            }
        }
        return n;
    }
}
