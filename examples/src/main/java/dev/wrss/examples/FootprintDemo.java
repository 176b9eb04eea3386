package dev.wrss.examples;

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
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * A small application with a known footprint that prints wrss's region table: first the JVM as it started
 * (the agent's first scan), then, after building a few hundred MiB of heap, direct buffers, a mapped file,
 * threads and classes, a fresh scan every few seconds. Each line it prints says which region should show
 * what it built. Run it with {@code -javaagent:agent/target/wrss-agent.jar}; see the README.
 */
public final class FootprintDemo {

    /** One line under every table: what the columns mean. */
    static final String HOW_TO_READ =
            "RSS: resident; PSS: resident, each shared page divided among the processes "
                    + "mapping it; USS: resident and private to this JVM; VIRTUAL: reserved address space, not memory";

    private static final List<Object> KEEP = new ArrayList<>();
    private static final ObjectName FOOTPRINT = name("wrss:type=Footprint");
    private static final long WAIT_FOR_AGENT_MILLIS = 30_000;
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 30);
        int heapMb = intArg(args, "--heap-mb", 256);
        int directMb = intArg(args, "--direct-mb", 64);
        int mappedMb = intArg(args, "--mapped-mb", 64);
        int threads = intArg(args, "--threads", 300);
        int classes = intArg(args, "--classes", 5000);
        int everySeconds = intArg(args, "--every", 5);

        System.out.printf(
                "FootprintDemo pid %d, heap limit %d MiB (set it with -Xmx)%n",
                ProcessHandle.current().pid(), Runtime.getRuntime().maxMemory() >> 20);
        // Creating the platform MBeanServer is also what tells the agent the application is up.
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        boolean agent = awaitFirstScan(server);
        if (agent) {
            System.out.println("\nBefore: the JVM as it started (the agent's own first scan)");
            printReport(server);
        } else {
            System.out.println(
                    "wrss:type=Footprint is not registered: start with "
                            + "-javaagent:agent/target/wrss-agent.jar; building anyway");
        }

        System.out.printf(
                "Building, and where each part should show:%n"
                        + "  %4d MiB of live heap objects  java_heap (the collector touches more than the live objects, "
                        + "up to -Xmx)%n"
                        + "  %4d MiB of direct buffers     malloc%n"
                        + "  %4d MiB in one mapped file    mapped_files%n"
                        + "  %4d parked threads            thread_stacks%n"
                        + "  %4d classes                   metaspace, class_space%n",
                heapMb, directMb, mappedMb, threads, classes);
        heap(heapMb);
        direct(directMb);
        Path file = Files.createTempFile("wrss-demo", ".bin");
        file.toFile().deleteOnExit();
        map(file, mappedMb);
        threads(threads);
        classes(classes);
        jit();

        if (agent) {
            String after = "%nAfter: a scan the demo asks for (operation scan())";
            System.out.printf(
                    seconds > 0 ? after + ", every %d s for %d s%n" : after + "%n",
                    everySeconds,
                    seconds);
        }
        long end = System.currentTimeMillis() + seconds * 1000L;
        do {
            if (server.isRegistered(FOOTPRINT)) {
                server.invoke(FOOTPRINT, "scan", new Object[0], new String[0]);
                printReport(server);
            }
            jit();
            if (System.currentTimeMillis() < end) {
                Thread.sleep(everySeconds * 1000L);
            }
        } while (System.currentTimeMillis() < end);
    }

    /**
     * Waits until the agent has registered its MBeans and finished its first scan; false without an agent. The
     * agent may wait for the application to create its MBeanServer, so the wait is long only with -javaagent.
     */
    static boolean awaitFirstScan(MBeanServer server) throws Exception {
        boolean withAgent =
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .anyMatch(a -> a.startsWith("-javaagent"));
        long start = System.currentTimeMillis();
        long deadline = start + (withAgent ? WAIT_FOR_AGENT_MILLIS : 1000);
        boolean said = false;
        while (System.currentTimeMillis() < deadline) {
            if (server.isRegistered(FOOTPRINT)
                    && ((Number) server.getAttribute(FOOTPRINT, "ScanCount")).longValue() > 0) {
                return true;
            }
            if (!said && System.currentTimeMillis() - start > 1000) {
                System.out.println(
                        "waiting up to " + WAIT_FOR_AGENT_MILLIS / 1000 + " s for the wrss agent");
                said = true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    static void printReport(MBeanServer server) throws Exception {
        System.out.print(server.invoke(FOOTPRINT, "report", new Object[0], new String[0]));
        System.out.println(HOW_TO_READ);
        System.out.println();
    }

    /** 64 KiB arrays: 1 MiB ones would be G1 humongous objects taking two regions each in a small heap. */
    static void heap(int mb) {
        for (int i = 0; i < mb * 16; i++) {
            byte[] b = new byte[64 << 10];
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
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw");
                FileChannel ch = f.getChannel()) {
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
            Thread t =
                    new Thread(
                            () -> {
                                started.countDown();
                                while (true) {
                                    LockSupport.park();
                                }
                            },
                            "demo-worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
    }

    /** Defines one small class again in {@code n} fresh class loaders: {@code n} classes in metaspace. */
    static void classes(int n) throws IOException {
        String name = Payload.class.getName();
        byte[] bytes;
        try (InputStream in =
                FootprintDemo.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        for (int i = 0; i < n; i++) {
            KEEP.add(
                    new ClassLoader(null) {
                        Class<?> c = defineClass(name, bytes, 0, bytes.length);
                    });
        }
    }

    /** Warms up some JIT code (code_cache); its garbage is why the heap grows past the live objects. */
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

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The class the demo defines again and again. */
    public static final class Payload {
        public int a(int x) {
            return x * 31 + 7;
        }

        public String b(String s) {
            return s + a(s.length());
        }
    }
}
