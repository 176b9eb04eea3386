package dev.wrss.bench;

import dev.wrss.agent.proc.KernelPageSize;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What the size of each read costs the kernel: /proc/self/smaps (or another seq_file of this process) read to
 * its end, asking 64 KiB a read (a plain reader), asking a little less than a page
 * ({@link KernelPageSize#seqFileReadBytes}), and as the scan reads it: through another open file whose kernel
 * buffer the agent once widened (it no longer does: the same read as the second). Rotated in paired rounds and timed in this
 * thread's CPU time. Run: {@code java [-Xms4g -XX:+AlwaysPreTouch -XX:-UseCompressedOops] -cp
 * agent/target/wrss-jmh.jar dev.wrss.bench.SeqReadSize shape [rounds [file]]}; prints the median of the
 * per-round ratios to the 64 KiB read.
 */
public final class SeqReadSize {

    public static void main(String[] args) throws Exception {
        String shape = args.length > 0 ? args[0] : "small";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path file = Path.of(args.length > 2 ? args[2] : "/proc/self/smaps");
        int page = KernelPageSize.read(Path.of("/proc"));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        String[] names = {"asking 65536", "asking a page less 768", "widened"};
        long[][] nanos = new long[3][rounds];
        long[] reads = new long[3];
        long bytes = 0;
        try (Shapes shapes = Shapes.create(shape);
                FileChannel plain = FileChannel.open(file, StandardOpenOption.READ);
                FileChannel widened = FileChannel.open(file, StandardOpenOption.READ)) {
            int[] asks = {
                64 * 1024,
                KernelPageSize.seqFileReadBytes(page),
                KernelPageSize.seqFileReadBytes(page)
            };
            FileChannel[] files = {plain, plain, widened};
            for (int r = -rounds / 5; r < rounds; r++) { // a fifth more as warm-up
                for (int j = 0; j < 3; j++) {
                    int k = (j + r + rounds) % 3;
                    long calls = 0;
                    long got = 0;
                    long t0 = cpu.getCurrentThreadCpuTime();
                    files[k].position(0);
                    for (int n; (n = files[k].read(buf.clear().limit(asks[k]))) > 0; calls++) {
                        got += n;
                    }
                    long t1 = cpu.getCurrentThreadCpuTime();
                    if (r >= 0) {
                        nanos[k][r] = t1 - t0;
                        reads[k] = calls;
                        bytes = got;
                    }
                }
            }
            System.out.printf("%s, %s, %,d bytes%n", shape, file, bytes);
            for (int k = 0; k < 3; k++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = (double) nanos[k][r] / nanos[0][r];
                }
                Arrays.sort(ratio);
                System.out.printf(
                        "  %-24s (%5d a read): %5d reads, median %8.3f ms; ratio to 65536 (paired rounds)"
                                + " median %.3f [p25 %.3f, p75 %.3f]%n",
                        names[k],
                        asks[k],
                        reads[k],
                        median(nanos[k]) / 1e6,
                        ratio[rounds / 2],
                        ratio[rounds / 4],
                        ratio[3 * rounds / 4]);
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
