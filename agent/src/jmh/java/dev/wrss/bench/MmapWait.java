package dev.wrss.bench;

import dev.wrss.agent.proc.KernelPageSize;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What reading smaps costs a thread of the same process that maps and unmaps, by read size: one thread maps and
 * unmaps a 64 KiB file every 250 µs (each call takes the memory-map lock for writing) and records how long each
 * round took, while this thread, in rotated phases, reads nothing, reads /proc/self/smaps back to back a page
 * less 768 bytes at a time, or reads it through another open file widened as the agent's is
 * (the agent no longer widens it: the same read as the second). Unlike {@link MmapStall}, no mapping is large: what it shows is how often the writer
 * gets the lock between reads. Run: {@code java -Xms256m -Xmx256m -cp agent/target/wrss-jmh.jar
 * dev.wrss.bench.MmapWait shape [seconds a phase [cycles]]}.
 */
public final class MmapWait {

    private static final long PACE_NANOS = 250_000;
    private static volatile int phase = -1;
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        String shape = args.length > 0 ? args[0] : "files10000";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
        int page = KernelPageSize.read(Path.of("/proc"));
        String[] names = {"no reads", "a page less 768 a read", "widened"};
        long[][] histogram = new long[3][40]; // by log2 of nanoseconds
        long[] max = new long[3];
        long[] rounds = new long[3];
        long[] reads = new long[3];
        long[] waited = new long[3];
        Path file = Files.createTempFile("mmap-wait", ".bin");
        try (Shapes shapes = Shapes.create(shape);
                FileChannel plain = FileChannel.open(Path.of("/proc/self/smaps"));
                FileChannel widened = FileChannel.open(Path.of("/proc/self/smaps"))) {
            int[] asks = {
                0, KernelPageSize.seqFileReadBytes(page), KernelPageSize.seqFileReadBytes(page)
            };
            FileChannel[] files = {null, plain, widened};
            Files.write(file, new byte[64 << 10]);
            Thread mapper =
                    new Thread(
                            () -> {
                                try (FileChannel ch = FileChannel.open(file)) {
                                    long next = System.nanoTime();
                                    while (!stop) {
                                        next += PACE_NANOS; // rounds arrive on their own clock, not
                                        // after the reads
                                        while (System.nanoTime() < next) {
                                            Thread.onSpinWait();
                                        }
                                        int p = phase;
                                        long t0 = System.nanoTime();
                                        MappedByteBuffer b =
                                                ch.map(FileChannel.MapMode.READ_ONLY, 0, 64 << 10);
                                        unsafe.invokeCleaner(b); // munmap now
                                        long d = System.nanoTime() - t0;
                                        if (p >= 0 && p == phase) {
                                            max[p] = Math.max(max[p], d);
                                            rounds[p]++;
                                            waited[p] += d;
                                            histogram[p][
                                                    63
                                                            - Long.numberOfLeadingZeros(
                                                                    Math.max(1, d))]++;
                                        }
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            },
                            "mapper");
            mapper.start();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            Thread.sleep(3000);
            for (int c = 0; c < cycles; c++) {
                for (int j = 0; j < 3; j++) {
                    int p = (j + c) % 3;
                    phase = p;
                    long end = System.nanoTime() + seconds * 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        if (p == 0) {
                            Thread.sleep(20);
                            continue;
                        }
                        files[p].position(0);
                        while (files[p].read(buf.clear().limit(asks[p])) > 0) {
                            reads[p]++;
                        }
                    }
                    phase = -1;
                    Thread.sleep(200);
                }
            }
            stop = true;
            mapper.join();
            System.out.printf(
                    "%s, %d s a phase, %d cycles, a mapper round every %d µs%n",
                    shape, seconds, cycles, PACE_NANOS / 1000);
            for (int p = 0; p < 3; p++) {
                StringBuilder q = new StringBuilder();
                double[] quantiles = {0.5, 0.9, 0.99, 0.999};
                long seen = 0;
                int k = 0;
                for (int i = 0; i < 40 && k < quantiles.length; i++) {
                    seen += histogram[p][i];
                    while (k < quantiles.length && seen >= quantiles[k] * rounds[p]) {
                        q.append(
                                String.format(
                                        " p%s < %,.0f µs",
                                        quantiles[k] * 100, (1L << (i + 1)) / 1e3));
                        k++;
                    }
                }
                System.out.printf(
                        "  %-24s (%5d a read) reads %,9d  rounds %,7d  waited %5.2f s  max %,8.0f µs %s%n",
                        names[p], asks[p], reads[p], rounds[p], waited[p] / 1e9, max[p] / 1e3, q);
            }
        } finally {
            stop = true;
            Files.deleteIfExists(file);
        }
    }
}
