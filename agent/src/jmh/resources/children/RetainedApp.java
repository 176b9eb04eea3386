import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;

/**
 * Run by RetainedHeap as a single-file program: maps N small files (N mappings), lets the agent, if
 * loaded, scan a few times, then prints the heap in use after a full GC and the agent's own estimate.
 * With {@code -Dmachinery=true} and no agent it makes the JMX calls the agent makes and registers one
 * trivial MXBean: what the JVM's own management machinery retains for an agent like this one.
 */
public class RetainedApp {
    static final List<MappedByteBuffer> KEEP = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Files.createTempDirectory("retained");
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("f" + i);
            Files.write(f, new byte[4096]);
            try (FileChannel ch = FileChannel.open(f)) {
                MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096);
                b.get(0);
                KEEP.add(b);
            }
        }
        var server = ManagementFactory.getPlatformMBeanServer();
        if (Boolean.getBoolean("machinery")) {
            jvmMachinery(server);
        }
        ObjectName footprint = new ObjectName("wrss:type=Footprint");
        for (int i = 0; i < 3 && server.isRegistered(footprint); i++) {
            server.invoke(footprint, "scan", new Object[0], new String[0]);
        }
        Thread.sleep(2000);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Object estimate = server.isRegistered(footprint) ? server.getAttribute(footprint, "SelfRetainedBytes") : -1;
        Object mappings = server.isRegistered(footprint) ? server.getAttribute(footprint, "Mappings") : -1;
        System.out.println("RESULT usedAfterGc=" + used + " selfRetainedEstimate=" + estimate + " mappings=" + mappings);
        for (Path p : (Iterable<Path>) Files.list(dir)::iterator) {
            Files.delete(p);
        }
        Files.delete(dir);
    }

    private static void jvmMachinery(javax.management.MBeanServer server) throws Exception {
        ObjectName dcmd = new ObjectName("com.sun.management:type=DiagnosticCommand");
        String[] sig = {String[].class.getName()};
        for (String op : new String[] {"gcHeapInfo", "vmInfo", "compilerCodecache", "vmSystemProperties", "threadPrint"}) {
            server.invoke(dcmd, op, new Object[] {new String[0]}, sig);
        }
        server.invoke(dcmd, "vmMetaspace", new Object[] {new String[] {"vslist"}}, sig);
        ObjectName hotspot = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
        for (String o : new String[] {"ThreadStackSize", "CompilerThreadStackSize", "VMThreadStackSize", "MarkStackSize"}) {
            server.invoke(hotspot, "getVMOption", new Object[] {o}, new String[] {String.class.getName()});
        }
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.getUsage();
        }
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        ObjectName trivial = new ObjectName("test:type=Trivial");
        server.registerMBean(new javax.management.StandardMBean(new Trivial(), TrivialMXBean.class, true), trivial);
        server.getMBeanInfo(trivial);
        server.getAttribute(trivial, "Value");
    }

    public interface TrivialMXBean {
        long getValue();
    }

    public static class Trivial implements TrivialMXBean {
        public long getValue() {
            return 1;
        }
    }
}
