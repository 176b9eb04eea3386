import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Run by AgentWalkRatio as a single-file program, with the agent walking every interval: builds a shape,
 * then for every walk the agent finishes takes its CPU from the agent's own SelfCpuNanos (the scanner
 * thread's CPU, read right after each walk) and, half an interval later, when the scanner is idle and the
 * caches as cold as the walk found them, reads /proc/self/smaps itself once, timed in this thread's CPU.
 * Prints one line per walk: "walk N CPU_NANOS RAW_NANOS". It builds the shapes as {@code dev.wrss.bench.Shapes}
 * does, in its own copy: the bench jar on this child's class path would shadow the agent jar's classes.
 */
public class WalkApp {
    public static void main(String[] args) throws Exception {
        String shape = args[0];
        int walks = Integer.parseInt(args[1]);
        long intervalMillis = Long.parseLong(args[2]);
        List<Object> keep = new ArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        Path dir = null;
        if (shape.equals("threads2000")) {
            CountDownLatch started = new CountDownLatch(2000);
            for (int i = 0; i < 2000; i++) {
                Thread t = new Thread(() -> {
                    started.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        // gone
                    }
                }, "shape-" + i);
                t.setDaemon(true);
                t.start();
            }
            started.await();
        } else if (shape.equals("files10000")) {
            dir = Files.createTempDirectory("wrss-walk");
            byte[] page = new byte[4096];
            for (int i = 0; i < 10_000; i++) {
                Path f = dir.resolve("f" + i);
                Files.write(f, page);
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, page.length);
                    b.get(0);
                    keep.add(b);
                }
            }
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName footprint = new ObjectName("wrss:type=Footprint");
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try (FileChannel raw = FileChannel.open(Path.of("/proc/self/smaps"), StandardOpenOption.READ)) {
            long lastCount = -1;
            long lastCpu = -1;
            while (lastCount < walks) { // scans 2..walks: the first, start-up, has no walk before it
                long count = (Long) server.getAttribute(footprint, "ScanCount");
                long self = (Long) server.getAttribute(footprint, "SelfCpuNanos");
                if (count == lastCount || self == lastCpu || count == 0) {
                    Thread.sleep(100);
                    continue;
                }
                // a walk ended and its CPU is recorded: the two are set a moment apart, so wait for both
                long before = lastCpu;
                boolean one = count == lastCount + 1;
                lastCount = count;
                lastCpu = self;
                Thread.sleep(intervalMillis / 2);
                long a = cpu.getCurrentThreadCpuTime();
                raw.position(0);
                while (raw.read(buf.clear()) > 0) {
                    // the kernel's cost only
                }
                long rawNanos = cpu.getCurrentThreadCpuTime() - a;
                if (before >= 0 && one) {
                    System.out.println("walk " + count + " " + (self - before) + " " + rawNanos);
                }
            }
        }
        if (dir != null) {
            keep.clear();
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
