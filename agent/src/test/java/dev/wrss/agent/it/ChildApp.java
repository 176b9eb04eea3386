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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The application side of the integration tests: a JVM that builds the footprint a test asks for, one
 * command per stdin line, and answers {@code OK <command>} when it is done. It holds what it builds until
 * it exits, so the memory stays resident while the test measures.
 */
public final class ChildApp {

    private static final int MIB = 1 << 20;
    private static final int PAGE = 4096;
    private static final List<Object> KEEP = new ArrayList<>();

    /** What the squatter publishes under wrss's name: any MBean at all. */
    public interface SquatMBean {
        String getOwner();
    }

    public static void main(String[] args) throws IOException {
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
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
            case "ping" -> {}
            case "heap" -> heap(Integer.parseInt(a[1]));
            case "direct" -> direct(Integer.parseInt(a[1]));
            case "fragment" ->
                    NativeBlocks.fragment(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
            case "malloc" -> NativeBlocks.malloc(Integer.parseInt(a[1]), Integer.parseInt(a[2]));
            case "map" -> map(a[1], Integer.parseInt(a[2]));
            case "threads" -> threads(Integer.parseInt(a[1]), a.length > 2 ? a[2] : "worker");
            case "classes" -> KEEP.add(GeneratedClasses.load(Integer.parseInt(a[1])));
            case "gc" -> System.gc();
            case "mbeanservers" ->
                    System.out.println(
                            "MBEANSERVERS "
                                    + javax.management.MBeanServerFactory.findMBeanServer(null)
                                            .size());
            case "oom" -> oom();
            case "exit" -> System.exit(Integer.parseInt(a[1]));
            case "mappings" -> mappings(Integer.parseInt(a[1]), a[2]);
            case "squat" ->
                    ManagementFactory.getPlatformMBeanServer()
                            .registerMBean(
                                    new StandardMBean(
                                            (SquatMBean) () -> "not wrss", SquatMBean.class),
                                    new ObjectName("wrss:type=Footprint"));
            default -> throw new IllegalArgumentException("unknown command " + a[0]);
        }
    }

    /** Keeps {@code mb} MiB of live heap, every page touched. */
    static void heap(int mb) {
        for (int i = 0; i < mb; i++) {
            KEEP.add(touched(ByteBuffer.wrap(new byte[MIB])));
        }
    }

    /** Keeps {@code mb} MiB of direct buffers, every page touched. */
    static void direct(int mb) {
        for (int i = 0; i < mb; i++) {
            KEEP.add(touched(ByteBuffer.allocateDirect(MIB)));
        }
    }

    /** Maps {@code mb} MiB of {@code path} (created or extended as needed) read-write, every page touched. */
    static void map(String path, int mb) throws IOException {
        long size = (long) mb * MIB;
        try (RandomAccessFile f = new RandomAccessFile(path, "rw");
                FileChannel ch = f.getChannel()) {
            f.setLength(Math.max(f.length(), size));
            KEEP.add(touched(ch.map(FileChannel.MapMode.READ_WRITE, 0, size)));
        }
    }

    /** Reads and writes one byte of every page, so that each is resident and dirty. */
    private static ByteBuffer touched(ByteBuffer b) {
        for (int at = 0; at < b.capacity(); at += PAGE) {
            b.put(at, (byte) (b.get(at) + 1));
        }
        return b;
    }

    /** Starts {@code n} daemon threads named {@code prefix-i} that park for good, and waits until all run. */
    static void threads(int n, String prefix) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t =
                    new Thread(
                            () -> {
                                running.countDown();
                                while (true) {
                                    LockSupport.park();
                                }
                            },
                            prefix + "-" + i);
            t.setDaemon(true);
            t.start();
            KEEP.add(t);
        }
        running.await();
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
        try (RandomAccessFile f = new RandomAccessFile(path, "rw");
                FileChannel ch = f.getChannel()) {
            f.setLength(4096);
            for (int i = 0; i < n; i++) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096);
                m.get(0);
                KEEP.add(m);
            }
        }
    }
}
