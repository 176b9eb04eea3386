package dev.wrss.agent.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * A JVM whose mapped files the test inflates and deflates a mebibyte at a time ({@code grow <n>}, {@code shrink
 * <n>}: files of the directory given as the argument, mapped and touched, then unmapped at once), and
 * which can register a local notification listener that blocks for 10 s ({@code slowlistener}). Answers
 * {@code OK <command>}; the slow listener prints {@code BLOCKING <epoch ms>} when it is called and
 * {@code UNBLOCKED <epoch ms>} when it returns.
 */
public final class BalloonChild {

    private static final Deque<MappedByteBuffer> BLOCKS = new ArrayDeque<>();

    public static void main(String[] args) throws Exception {
        Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
        Path dir = Path.of(args[0]);
        System.out.println("READY " + ProcessHandle.current().pid());
        BufferedReader in =
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] a = line.trim().split(" ");
            switch (a[0]) {
                case "grow" -> {
                    for (int i = 0; i < Integer.parseInt(a[1]); i++) {
                        Path file = Files.createTempFile(dir, "balloon", ".bin");
                        BLOCKS.push(LeakingChild.map(file));
                        Files.delete(
                                file); // the mapping keeps the pages; nothing is left behind on
                        // exit
                    }
                }
                case "shrink" -> {
                    for (int i = 0; i < Integer.parseInt(a[1]) && !BLOCKS.isEmpty(); i++) {
                        unsafe.invokeCleaner(BLOCKS.pop()); // unmaps now, not at some later GC
                    }
                }
                case "slowlistener" ->
                        ManagementFactory.getPlatformMBeanServer()
                                .addNotificationListener(
                                        new ObjectName("wrss:type=Footprint"),
                                        (NotificationListener)
                                                (n, h) -> {
                                                    System.out.println(
                                                            "BLOCKING "
                                                                    + System.currentTimeMillis());
                                                    try {
                                                        Thread.sleep(10_000);
                                                    } catch (InterruptedException e) {
                                                        Thread.currentThread().interrupt();
                                                    }
                                                    System.out.println(
                                                            "UNBLOCKED "
                                                                    + System.currentTimeMillis());
                                                },
                                        null,
                                        null);
                default -> {
                    System.out.println("ERR " + line);
                    continue;
                }
            }
            System.out.println("OK " + line.trim());
        }
    }
}
