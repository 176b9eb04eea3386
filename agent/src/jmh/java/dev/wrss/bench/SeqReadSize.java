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
 * What the size of each read costs the kernel: /proc/self/smaps (or another seq_file) read to its end,
 * asking 64 KiB a read (a plain reader) and asking what the scan asks (a little less than a page,
 * {@link KernelPageSize#seqFileReadBytes}), alternated in paired rounds and timed in this thread's CPU time.
 * Run: {@code java [-Xms4g -XX:+AlwaysPreTouch -XX:-UseCompressedOops] -cp agent/target/wrss-jmh.jar
 * dev.wrss.bench.SeqReadSize shape [rounds [file]]}; prints the median of the per-round ratios.
 */
public final class SeqReadSize {

    public static void main(String[] args) throws Exception {
        String shape = args.length > 0 ? args[0] : "small";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path file = Path.of(args.length > 2 ? args[2] : "/proc/self/smaps");
        int pageRead = KernelPageSize.seqFileReadBytes(KernelPageSize.read(Path.of("/proc")));
        int[] asks = {64 * 1024, pageRead};
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long[][] nanos = new long[2][rounds];
        long[] reads = new long[2];
        long bytes = 0;
        try (Shapes shapes = Shapes.create(shape);
             FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int r = -rounds / 5; r < rounds; r++) { // a fifth more as warm-up
                for (int j = 0; j < 2; j++) {
                    int k = (j + r) & 1;
                    long calls = 0;
                    long got = 0;
                    long t0 = cpu.getCurrentThreadCpuTime();
                    in.position(0);
                    for (int n; (n = in.read(buf.clear().limit(asks[k]))) > 0; calls++) {
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
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = (double) nanos[1][r] / nanos[0][r];
        }
        Arrays.sort(ratio);
        System.out.printf("%s, %s, %,d bytes: asking 65536 a read: %d reads, median %.3f ms; asking %d: %d reads,"
                        + " median %.3f ms; ratio (paired rounds) median %.3f [p25 %.3f, p75 %.3f]%n",
                shape, file, bytes, reads[0], median(nanos[0]) / 1e6, asks[1], reads[1], median(nanos[1]) / 1e6,
                ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
