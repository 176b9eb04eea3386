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
 * apart, JDK 17); the others are read through the
 * pools' MXBeans directly (not through the MBean server) at most once per {@link #MAX_AGE_NANOS}: each
 * reading allocates a {@code MemoryUsage} per pool, so scans closer together share one. A remote target (the
 * command line, one scan) is asked over JMX at every call, each value only when wanted, as before. Not
 * thread-safe: one {@link LayoutProbe}.
 */
final class CommittedSizes {

    /** Scans of the agent are at least 500 ms apart; only back-to-back scanNow() calls share a reading. */
    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final JvmEndpoint endpoint;
    private final LongSupplier nanoClock;
    private final boolean inProcess;
    private MemoryPoolMXBean[] codePools;
    private MemoryPoolMXBean metaspacePool;
    private MemoryPoolMXBean classPool;
    private long readNanos;
    private boolean read;
    private long heapBytes = -1;
    private long metaspaceBytes = -1;
    private long classSpaceBytes = -1;
    private long codeBytes = -1;

    CommittedSizes(JvmEndpoint endpoint, LongSupplier nanoClock) {
        this.endpoint = endpoint;
        this.nanoClock = nanoClock;
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

    /** The next question reads afresh, however recent the last reading. */
    void invalidate() {
        read = false;
    }

    /** In process: this, read again if the last reading is too old. */
    private CommittedSizes fresh() {
        long now = nanoClock.getAsLong();
        if (!read || now - readNanos >= MAX_AGE_NANOS) {
            read = true;
            readNanos = now;
            readInProcess();
        }
        return this;
    }

    private void readInProcess() {
        try {
            if (codePools == null) {
                findPools();
            }
            heapBytes = Runtime.getRuntime().totalMemory();
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
