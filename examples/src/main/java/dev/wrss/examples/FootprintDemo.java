package dev.wrss.examples;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
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
 * A small application with a realistic footprint (a few hundred MB of heap, direct buffers, a mapped file,
 * a few hundred threads, generated classes, warm JIT code) that prints wrss's region table every few
 * seconds. Run it with {@code -javaagent:agent/target/wrss-agent.jar}; see examples/README.md.
 */
public final class FootprintDemo {

    private static final List<Object> KEEP = new ArrayList<>();
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 30);
        int heapMb = intArg(args, "--heap-mb", 256);
        int directMb = intArg(args, "--direct-mb", 64);
        int mappedMb = intArg(args, "--mapped-mb", 64);
        int threads = intArg(args, "--threads", 300);
        int classes = intArg(args, "--classes", 5000);
        int everySeconds = intArg(args, "--every", 5);

        System.out.printf("FootprintDemo pid %d: building %d MiB heap, %d MiB direct, %d MiB mapped, "
                + "%d threads, %d classes%n", ProcessHandle.current().pid(), heapMb, directMb, mappedMb, threads, classes);
        heap(heapMb);
        direct(directMb);
        Path file = Files.createTempFile("wrss-demo", ".bin");
        file.toFile().deleteOnExit();
        map(file, mappedMb);
        threads(threads);
        classes(classes);
        jit();

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName footprint = new ObjectName("wrss:type=Footprint");
        long end = System.currentTimeMillis() + seconds * 1000L;
        do {
            if (server.isRegistered(footprint)) {
                // scan() asks for a fresh scan; the table then shows it
                server.invoke(footprint, "scan", new Object[0], new String[0]);
                System.out.println(server.invoke(footprint, "report", new Object[0], new String[0]));
            } else {
                System.out.println("wrss:type=Footprint is not registered: start with "
                        + "-javaagent:agent/target/wrss-agent.jar");
            }
            jit();
            Thread.sleep(everySeconds * 1000L);
        } while (System.currentTimeMillis() < end);
    }

    static void heap(int mb) {
        for (int i = 0; i < mb; i++) {
            byte[] b = new byte[1 << 20];
            for (int j = 0; j < b.length; j += 4096) {
                b[j] = 1;
            }
            KEEP.add(b);
        }
    }

    static void direct(int mb) {
        for (int i = 0; i < mb; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            for (int j = 0; j < b.capacity(); j += 4096) {
                b.put(j, (byte) 1);
            }
            KEEP.add(b);
        }
    }

    static void map(Path file, int mb) throws IOException {
        long size = (long) mb << 20;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"); FileChannel ch = f.getChannel()) {
            f.setLength(size);
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            for (int j = 0; j < size; j += 4096) {
                m.put(j, (byte) 1);
            }
            KEEP.add(m);
        }
    }

    static void threads(int n) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (true) {
                    LockSupport.park();
                }
            }, "demo-worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
    }

    /** Defines one small class again in {@code n} fresh class loaders: {@code n} classes in metaspace. */
    static void classes(int n) throws IOException {
        String name = Payload.class.getName();
        byte[] bytes;
        try (InputStream in = FootprintDemo.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        for (int i = 0; i < n; i++) {
            KEEP.add(new ClassLoader(null) {
                Class<?> c = defineClass(name, bytes, 0, bytes.length);
            });
        }
    }

    static void jit() {
        long s = 0;
        for (int r = 0; r < 100; r++) {
            for (int i = 0; i < 100_000; i++) {
                s += Long.toString(i ^ r).hashCode();
            }
        }
        sink += s;
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }

    /** The class the demo defines again and again. */
    public static final class Payload {
        public int a(int x) { return x * 31 + 7; }
        public String b(String s) { return s + a(s.length()); }
    }
}
