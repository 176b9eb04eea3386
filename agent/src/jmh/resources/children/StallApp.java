import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.management.ObjectName;

/**
 * Run by MmapStall as a single-file program: maps and unmaps a 64 KiB file in a loop (one mmap and one
 * munmap syscall per round, each taking mmap_lock for writing) and reports the slowest round, while the
 * wrss agent, if loaded, scans this JVM. Args: seconds to measure, after a warm-up of 10 s.
 */
public class StallApp {
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
        Path file = Files.createTempFile("stall", ".bin");
        Files.write(file, new byte[64 << 10]);
        long[] histogram = new long[40]; // by log2 of nanoseconds
        long max = 0, rounds = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long warmEnd = System.nanoTime() + 10_000_000_000L;
            long end = warmEnd + seconds * 1_000_000_000L;
            long scansAtStart = -1;
            while (true) {
                long t0 = System.nanoTime();
                MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, 64 << 10);
                unsafe.invokeCleaner(b); // munmap now, not when a GC finds the buffer
                long t1 = System.nanoTime();
                if (t1 < warmEnd) {
                    continue;
                }
                if (scansAtStart < 0) {
                    scansAtStart = scans();
                }
                if (t1 > end) {
                    long scans = scans() - scansAtStart;
                    StringBuilder h = new StringBuilder();
                    for (int i = 0; i < histogram.length; i++) {
                        if (histogram[i] > 0) {
                            h.append(" <").append(1L << (i + 1)).append("ns:").append(histogram[i]);
                        }
                    }
                    System.out.println("RESULT rounds=" + rounds + " maxMicros=" + max / 1000 + " scans=" + scans
                            + " lastScanMillis=" + lastScanMillis() + " histogram:" + h);
                    break;
                }
                long d = t1 - t0;
                max = Math.max(max, d);
                rounds++;
                histogram[63 - Long.numberOfLeadingZeros(Math.max(1, d))]++;
            }
        }
        Files.delete(file);
    }

    private static long scans() {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("wrss:type=Footprint"), "ScanCount");
        } catch (Exception e) {
            return 0; // no agent
        }
    }

    private static double lastScanMillis() {
        try {
            return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("wrss:type=Footprint"), "LastScanDurationNanos") / 1e6;
        } catch (Exception e) {
            return 0;
        }
    }
}
