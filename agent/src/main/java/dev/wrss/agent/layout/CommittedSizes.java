package dev.wrss.agent.layout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the JVM says it committed for the heap, metaspace, class space and code cache. In process, the heap's is
 * {@link Runtime#totalMemory()} (the collector's capacity, which the heap MXBean reports as committed, without
 * the 48-byte {@code MemoryUsage} the JVM builds for it through JNI: 44-46 µs against 7 µs, 100 reads 100 ms
 * apart, JDK 17); the others are read through the pools' MXBeans directly (not through the MBean server).
 * Readings are at most once per {@link #MAX_AGE_NANOS}, so back-to-back scans share one. The four non-heap
 * pools cost more: the JVM builds each pool's {@code MemoryUsage} by calling its constructor from native code,
 * ~97 µs of CPU for the five pools 200 ms after the last reading (JDK 17, AMD host). Given a change signal, the
 * private writable size of the process ({@code statm}'s data field, which the agent's tripwire has just read),
 * they are read again only when it moved or {@link #QUIET_MAX_AGE_NANOS} passed: the JVM commits and uncommits
 * metaspace and code cache by changing a reserved range's protection, which moves that size, so a steady
 * process skips them. A remote target (the command line, one scan) is asked over JMX at every call, each value
 * only when wanted, as before. Not thread-safe: one {@link LayoutProbe}.
 */
final class CommittedSizes {

    /** Scans of the agent are at least 500 ms apart; only back-to-back scanNow() calls share a reading. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    /**
     * The longest the non-heap pools go unread while the change signal stands still: a commit and an
     * uncommit of the same size elsewhere between two readings leave it where it was.
     */
    static final long QUIET_MAX_AGE_NANOS = 60_000_000_000L;

    private final JvmFacts endpoint;
    private final LongSupplier nanoClock;

    /** Moves whenever the JVM may have committed or uncommitted; null: none, read the pools every time. */
    private final LongSupplier changeSignal;

    private final boolean inProcess;
    private MemoryPoolMXBean[] codePools;
    private MemoryPoolMXBean metaspacePool;
    private MemoryPoolMXBean classPool;
    private long readNanos;
    private boolean read;
    private long poolsReadNanos;
    private long poolsSignal = -1;
    private boolean poolsRead;
    private long poolReadings;
    private long heapBytes = -1;
    private long metaspaceBytes = -1;
    private long classSpaceBytes = -1;
    private long codeBytes = -1;

    CommittedSizes(JvmFacts endpoint, LongSupplier nanoClock, LongSupplier changeSignal) {
        this.endpoint = endpoint;
        this.nanoClock = nanoClock;
        this.changeSignal = changeSignal;
        this.inProcess = endpoint.inProcess();
    }

    long heapBytes() {
        return inProcess ? fresh().heapBytes : endpoint.heapCommittedBytes();
    }

    /** The "Metaspace" pool: class space included. */
    long metaspaceBytes() {
        return inProcess ? fresh().metaspaceBytes : endpoint.metaspaceCommittedBytes();
    }

    long classSpaceBytes() {
        return inProcess ? fresh().classSpaceBytes : endpoint.classSpaceCommittedBytes();
    }

    long codeBytes() {
        return inProcess ? fresh().codeBytes : endpoint.codeCommittedBytes();
    }

    /** The next question reads afresh, however recent the last reading, the non-heap pools included. */
    void invalidate() {
        read = false;
        poolsRead = false;
    }

    /** How many times the non-heap pools were read in process: for tests. */
    long poolReadings() {
        return poolReadings;
    }

    /** In process: this, read again if the last reading is too old. */
    private CommittedSizes fresh() {
        long now = nanoClock.getAsLong();
        if (!read || now - readNanos >= MAX_AGE_NANOS) {
            read = true;
            readNanos = now;
            long signal = changeSignal == null ? -1 : changeSignal.getAsLong();
            boolean pools =
                    !poolsRead
                            || signal < 0
                            || signal != poolsSignal
                            || now - poolsReadNanos >= QUIET_MAX_AGE_NANOS;
            if (pools) {
                poolsRead = true;
                poolsReadNanos = now;
                poolsSignal = signal;
            }
            readInProcess(pools);
        }
        return this;
    }

    private void readInProcess(boolean pools) {
        try {
            if (codePools == null) {
                findPools();
            }
            heapBytes = Runtime.getRuntime().totalMemory();
            if (!pools) {
                return;
            }
            poolReadings++;
            metaspaceBytes = committed(metaspacePool);
            classSpaceBytes = committed(classPool);
            long sum = codePools.length == 0 ? -1 : 0;
            for (MemoryPoolMXBean pool : codePools) {
                long bytes = committed(pool);
                sum = bytes < 0 || sum < 0 ? -1 : sum + bytes;
            }
            codeBytes = sum;
        } catch (RuntimeException | LinkageError e) {
            heapBytes = metaspaceBytes = classSpaceBytes = codeBytes = -1;
            poolsRead = false; // try the pools again at the next reading
        }
    }

    private void findPools() {
        List<MemoryPoolMXBean> code = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (name.startsWith("CodeHeap") || name.equals("CodeCache")) {
                code.add(pool);
            } else if (name.equals("Metaspace")) {
                metaspacePool = pool;
            } else if (name.equals("Compressed Class Space")) {
                classPool = pool;
            }
        }
        codePools = code.toArray(new MemoryPoolMXBean[0]);
    }

    private static long committed(MemoryPoolMXBean pool) {
        if (pool == null) {
            return -1;
        }
        MemoryUsage usage = pool.getUsage();
        return usage == null ? -1 : usage.getCommitted(); // null once a pool is no longer valid
    }
}
