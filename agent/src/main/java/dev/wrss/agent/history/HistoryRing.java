package dev.wrss.agent.history;

import dev.wrss.mbeans.Region;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * One resolution's samples in a ring of primitive arrays. A sample is {@link #WIDTH} longs: rss, pss, uss, swap
 * for every region (region-major), then the thread count, the cgroup's usage and limit. The arrays double as
 * they fill, up to the resolution's capacity, so a young JVM does not hold a day of empty samples.
 *
 * <p>Ownership: only the scanner thread calls {@link #record}; it writes under a {@link StampedLock} write lock,
 * which no reader can hold for longer than one copy. JMX threads call {@link #copy}, which reads optimistically
 * and retries when a write overlapped, falling back to the read lock after a few tries, so a reader never sees
 * a torn sample and the scanner never waits for more than one copy.
 */
final class HistoryRing {

    static final int FIELDS = 4; // rss, pss, uss, swap
    static final int THREADS = Region.count() * FIELDS;
    static final int CGROUP_USAGE = THREADS + 1;
    static final int CGROUP_LIMIT = THREADS + 2;
    static final int WIDTH = THREADS + 3;

    /** Object headers, the lock and the fields beside the arrays, counted once. */
    static final long FIXED_BYTES = 128;

    /** Samples of a new ring: a few minutes at the finest default resolution. */
    static final int FIRST_CAPACITY = 16;

    private final Resolution resolution;
    // replaced by the scanner thread under the write lock while they grow
    private long[] times;
    private long[] values;
    private final StampedLock lock = new StampedLock();
    // written by the scanner thread under the write lock
    private int next;
    private int size;
    private long origin = Long.MIN_VALUE;
    private long lastSlot = Long.MIN_VALUE;

    HistoryRing(Resolution resolution) {
        this.resolution = resolution;
        int first = Math.min(FIRST_CAPACITY, resolution.capacity());
        this.times = new long[first];
        this.values = new long[first * WIDTH];
    }

    Resolution resolution() {
        return resolution;
    }

    /** Heap held: the two arrays with their headers, and the ring itself. */
    long retainedBytes() {
        return 16 + 8L * times.length + 16 + 8L * values.length + FIXED_BYTES;
    }

    /**
     * Records {@code sample} at {@code epochMillis} unless this resolution already holds a sample of that step.
     * Steps are counted from the first sample, with a tenth of a step's slack, so a tick that comes a little
     * early still lands in its step, and one that comes late (the scan's own time) in the next: a step as long
     * as the interval keeps every tick, a coarser step keeps one tick per step.
     *
     * @return whether the sample was kept
     */
    boolean record(long epochMillis, long[] sample) {
        if (origin == Long.MIN_VALUE) {
            origin = epochMillis;
        }
        long step = resolution.stepMillis();
        long slot = Math.floorDiv(epochMillis - origin + step / 10, step);
        if (slot <= lastSlot) {
            return false;
        }
        long stamp = lock.writeLock();
        try {
            if (size == times.length && size < resolution.capacity()) {
                // not wrapped yet: the samples are in 0..size-1, in order
                int grown = (int) Math.min(resolution.capacity(), 2L * size);
                times = Arrays.copyOf(times, grown);
                values = Arrays.copyOf(values, grown * WIDTH);
            }
            times[next] = epochMillis;
            System.arraycopy(sample, 0, values, next * WIDTH, WIDTH);
            next = next + 1 == resolution.capacity() ? 0 : next + 1; // before that, the arrays grow
            size = Math.min(size + 1, times.length);
            lastSlot = slot;
        } finally {
            lock.unlockWrite(stamp);
        }
        return true;
    }

    /** The samples with times in [from, to], oldest first. */
    Copy copy(long fromMillis, long toMillis) {
        for (int attempt = 0; attempt < 4; attempt++) {
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                Copy c = copyUnlocked(fromMillis, toMillis);
                if (c != null && lock.validate(stamp)) {
                    return c;
                }
            }
            Thread.onSpinWait();
        }
        long stamp = lock.readLock();
        try {
            return copyUnlocked(fromMillis, toMillis);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * May see a write in progress, or a grown array beside the old other one, and then answers null; {@link
     * #copy} validates and retries. Never throws on torn indices.
     */
    private Copy copyUnlocked(long fromMillis, long toMillis) {
        long[] times = this.times;
        long[] values = this.values;
        int n = size;
        int length = times.length;
        if (values.length != length * WIDTH || n > length) {
            return null;
        }
        int first = Math.floorMod(next - n, length);
        int count = 0;
        for (int k = 0; k < n; k++) {
            long t = times[(first + k) % length];
            if (t >= fromMillis && t <= toMillis) {
                count++;
            }
        }
        long[] t = new long[count];
        long[] v = new long[count * WIDTH];
        int j = 0;
        for (int k = 0; k < n && j < count; k++) {
            int i = (first + k) % length;
            if (times[i] >= fromMillis && times[i] <= toMillis) {
                t[j] = times[i];
                System.arraycopy(values, i * WIDTH, v, j * WIDTH, WIDTH);
                j++;
            }
        }
        return new Copy(t, v, n == resolution.capacity());
    }

    /** Samples held now. */
    int size() {
        long stamp = lock.tryOptimisticRead();
        int s = size;
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                s = size;
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return s;
    }

    /**
     * Samples copied out of a ring: {@code times[k]} and {@code values[k * WIDTH ...]}.
     *
     * @param wrapped whether the ring had overwritten its oldest samples, i.e. does not reach back to start
     */
    record Copy(long[] times, long[] values, boolean wrapped) {

        int count() {
            return times.length;
        }

        long value(int sample, int region, int field) {
            return values[sample * WIDTH + region * FIELDS + field];
        }

        long extra(int sample, int index) {
            return values[sample * WIDTH + index];
        }
    }
}
