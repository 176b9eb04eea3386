package dev.wrss.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The application side of the integration tests: a JVM that builds the footprint a test asks for, one
 * command per stdin line, and answers {@code OK <command>} when it is done. It holds what it builds until
 * it exits, so the memory stays resident while the test measures.
 */
public final class ChildApp {

    private static final List<Object> KEEP = new ArrayList<>();

    /** What the squatter publishes under wrss's name: any MBean at all. */
    public interface SquatMBean {
        String getOwner();
    }
    private static volatile long sink;

    public static void main(String[] args) throws IOException {
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.trim().split(" ");
            try {
                run(a);
                System.out.println("OK " + line.trim());
            } catch (Throwable t) {
                System.out.println("ERR " + line.trim() + " " + t);
            }
            System.out.flush();
        }
    }

    private static void run(String[] a) throws Exception {
        switch (a[0]) {
            case "ping" -> { }
            case "heap" -> heap(Integer.parseInt(a[1]));
            case "direct" -> direct(Integer.parseInt(a[1]));
            case "fragment" -> NativeBlocks.fragment(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
            case "malloc" -> NativeBlocks.malloc(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
            case "map" -> map(a[1], Integer.parseInt(a[2]));
            case "threads" -> threads(Integer.parseInt(a[1]), a.length > 2 ? a[2] : "worker");
            case "classes" -> KEEP.add(GeneratedClasses.load(Integer.parseInt(a[1])));
            case "jit" -> jit();
            case "gc" -> System.gc();
            case "oom" -> oom();
            case "exit" -> System.exit(Integer.parseInt(a[1]));
            case "mappings" -> mappings(Integer.parseInt(a[1]), a[2]);
            case "squat" -> ManagementFactory.getPlatformMBeanServer().registerMBean(
                    new StandardMBean((SquatMBean) () -> "not wrss", SquatMBean.class),
                    new ObjectName("wrss:type=Footprint"));
            default -> throw new IllegalArgumentException("unknown command " + a[0]);
        }
    }

    /** Allocates and touches {@code mb} MiB of live heap. */
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

    /** Maps {@code mb} MiB of {@code path} (created or extended as needed) and touches every page. */
    static void map(String path, int mb) throws IOException {
        long size = (long) mb << 20;
        try (RandomAccessFile f = new RandomAccessFile(path, "rw"); FileChannel ch = f.getChannel()) {
            if (f.length() < size) {
                f.setLength(size);
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            long s = 0;
            for (int j = 0; j < size; j += 4096) {
                s += m.get(j);
                m.put(j, (byte) (s + 1));
            }
            sink += s;
            KEEP.add(m);
        }
    }

    static void threads(int n, String prefix) throws InterruptedException {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (true) {
                    LockSupport.park();
                }
            }, prefix + "-" + i);
            t.setDaemon(true);
            t.start();
            KEEP.add(t);
        }
        started.await();
    }

    static void jit() {
        long s = 0;
        for (int r = 0; r < 200; r++) {
            for (int i = 0; i < 100_000; i++) {
                s += Long.toString(i ^ r).hashCode();
            }
        }
        sink += s;
    }

    static void oom() {
        List<long[]> hog = new ArrayList<>();
        try {
            while (true) {
                hog.add(new long[1 << 20]);
            }
        } catch (OutOfMemoryError e) {
            hog.clear();
        }
    }

    /**
     * Maps the first 4 KiB page of {@code path} {@code n} times: the kernel cannot merge mappings of the same
     * offset, so each is one line in smaps. Touches every page so that each mapping has Rss.
     */
    static void mappings(int n, String path) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(path, "rw"); FileChannel ch = f.getChannel()) {
            f.setLength(4096);
            for (int i = 0; i < n; i++) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096);
                m.get(0);
                KEEP.add(m);
            }
        }
    }
}
