package dev.wrss.agent.it;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child side of the native heap tests: malloc through {@code Unsafe.allocateMemory} (the JVM's os::malloc,
 * hence glibc's malloc), from several threads so that several arenas serve it, and frees in an order that
 * leaves glibc holding free memory it cannot give back on its own.
 */
final class NativeBlocks {

    private static final List<long[]> LIVE = new ArrayList<>();
    private static final sun.misc.Unsafe UNSAFE = load();

    private NativeBlocks() {}

    /**
     * {@code fragment <mb> <threads>}: {@code threads} threads malloc {@code mb} MiB together in 1 KiB blocks
     * and touch them; then all but every 64th block are freed in a shuffled order. About 63/64 of the memory is
     * then free inside the arenas, yet every 64 KiB keeps one live block, so the arenas cannot shrink from their
     * top: only a trim returns the free pages.
     */
    static void fragment(int mb, int threads) throws InterruptedException {
        int blocksPerThread = (int) (((long) mb << 20) / 1024 / threads);
        long[][] blocks = new long[threads][];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] =
                    new Thread(() -> blocks[id] = allocate(blocksPerThread, 1024), "malloc-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        List<Long> toFree = new ArrayList<>();
        for (long[] own : blocks) {
            long[] kept = new long[own.length / 64 + 1];
            int k = 0;
            for (int i = 0; i < own.length; i++) {
                if (i % 64 == 0) {
                    kept[k++] = own[i];
                } else {
                    toFree.add(own[i]);
                }
            }
            LIVE.add(kept);
        }
        java.util.Collections.shuffle(toFree, new Random(42));
        for (long address : toFree) {
            unsafe().freeMemory(address);
        }
    }

    /** {@code malloc <mb> <blockKb>}: mallocs and touches {@code mb} MiB in blocks of {@code blockKb} KiB; kept. */
    static void malloc(int mb, int blockKb) {
        LIVE.add(allocate((int) (((long) mb << 10) / blockKb), blockKb * 1024));
    }

    private static long[] allocate(int count, int bytes) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = unsafe().allocateMemory(bytes);
            unsafe().setMemory(out[i], bytes, (byte) 1);
        }
        return out;
    }

    private static sun.misc.Unsafe unsafe() {
        return UNSAFE;
    }

    private static sun.misc.Unsafe load() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
