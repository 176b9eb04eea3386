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
}
