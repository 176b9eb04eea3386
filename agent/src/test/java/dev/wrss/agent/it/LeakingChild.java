package dev.wrss.agent.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A JVM that leaks one kind of memory at a steady pace once it reads a first line from stdin, and says after
 * every step how much it leaked by its own measure: {@code LEAK <epoch ms> <bytes>}. Arguments: the kind
 * ({@code direct}, {@code threads}, {@code classes}, {@code mapped}, {@code heap}), the steps, the step period in
 * ms, and for {@code mapped} a directory. Its measure is what it allocated; for threads the kernel's resident
 * size of the process (statm), for classes the JVM's committed Metaspace pool: never wrss's word.
 */
public final class LeakingChild {

    static final int MIB = 1 << 20;
    private static final List<Object> KEEP = new ArrayList<>();
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int steps = Integer.parseInt(args[1]);
        long periodMillis = Long.parseLong(args[2]);
        Path dir = args.length > 3 ? Path.of(args[3]) : null;
        if (kind.equals("heap")) {
            touchEden();
        }
        long start = measure(kind, 0);
        System.out.println("READY " + ProcessHandle.current().pid());
        java.io.BufferedReader in =
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        String go = in.readLine(); // the test connects and takes its baseline first
        System.out.println("OK " + go);
        long leaked = 0;
        long next = System.currentTimeMillis();
        for (int i = 0; i < steps; i++) {
            leaked += leak(kind, i, dir);
            System.out.println(
                    "LEAK " + System.currentTimeMillis() + " " + (measure(kind, leaked) - start));
            next += periodMillis;
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        System.out.println("DONE");
        in.readLine(); // hold everything until the test closes us
    }

    /** One step's leak; returns the bytes it allocated where that is known. */
    static long leak(String kind, int i, Path dir) throws Exception {
        switch (kind) {
            case "direct" -> {
                ByteBuffer b = ByteBuffer.allocateDirect(MIB);
                for (int j = 0; j < MIB; j += 4096) {
                    b.put(j, (byte) 1);
                }
                KEEP.add(b);
                return MIB;
            }
            case "heap" -> {
                byte[] b = new byte[MIB];
                for (int j = 0; j < MIB; j += 4096) {
                    b[j] = 1;
                }
                KEEP.add(b);
                return MIB;
            }
            case "mapped" -> {
                KEEP.add(map(dir.resolve("leak-" + i + ".bin")));
                return MIB;
            }
            case "threads" -> {
                threads(2);
                return 0;
            }
            case "classes" -> {
                KEEP.add(GeneratedClasses.load(500));
                return 0;
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    /**
     * Young-generation pages are touched once by allocation and stay resident: touch them all before the leak,
     * so that the heap grows only by what the leak promotes.
     */
    static void touchEden() {
        for (int i = 0; i < 64; i++) {
            sink += new byte[256 << 10].length;
        }
        System.gc();
    }

    static long measure(String kind, long leaked) throws IOException {
        return switch (kind) {
            case "threads" ->
                    Long.parseLong(
                                    Files.readString(Path.of("/proc/self/statm"))
                                            .trim()
                                            .split(" ")[1])
                            * 4096;
            case "classes" -> metaspaceCommitted();
            default -> leaked;
        };
    }

    static long metaspaceCommitted() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().equals("Metaspace")) {
                return p.getUsage().getCommitted();
            }
        }
        throw new IllegalStateException("no Metaspace pool");
    }

    static MappedByteBuffer map(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw");
                FileChannel ch = f.getChannel()) {
            f.setLength(MIB);
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, MIB);
            for (int j = 0; j < MIB; j += 4096) {
                m.put(j, (byte) 1);
            }
            return m;
        }
    }

    /**
     * Threads that each touch most of a megabyte of their stack, then park: deep enough that what the JVM and
     * malloc keep per thread beside the stack stays a small part of the process's growth.
     */
    static void threads(int n) throws InterruptedException {
        CountDownLatch deep = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t =
                    new Thread(
                            null,
                            () -> {
                                sink += recurse(40_000);
                                deep.countDown();
                                while (true) {
                                    LockSupport.park();
                                }
                            },
                            "leaked-" + KEEP.size(),
                            16 << 20);
            t.setDaemon(true);
            t.start();
            KEEP.add(t);
        }
        deep.await();
    }

    private static long recurse(int depth) {
        long a = depth, b = depth * 3L, c = depth ^ 5, d = depth + 11;
        return depth == 0 ? a + b : recurse(depth - 1) + a + b + c + d;
    }
}
