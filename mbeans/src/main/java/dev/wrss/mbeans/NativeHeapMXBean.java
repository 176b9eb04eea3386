package dev.wrss.mbeans;

/**
 * The published contract of {@value #OBJECT_NAME}: the malloc region split into what is allocated, what the
 * allocator keeps free, and the direct buffers, with findings stated as numbers. Attributes never run a
 * diagnostic command; values are -1 where this JVM cannot give them, with the reason in {@link #getStatus()}.
 * Names are referenced by examples/prometheus/wrss.yaml; do not rename.
 */
public interface NativeHeapMXBean {

    String OBJECT_NAME = "wrss:type=NativeHeap";

    /** glibc, jemalloc, tcmalloc, mimalloc, musl or unknown. */
    String getAllocator();

    String getAllocatorSource();

    /**
     * glibc arena heaps (64 MiB reservations) beside the main arena: one per arena, more for an arena that
     * outgrew 64 MiB; -1 for another allocator.
     */
    int getArenas();

    int getArenaLimit();

    String getArenaLimitSource();

    long getOutstanding();

    long getRetained();

    long getRetainedResident();

    long getDirectBuffers();

    long getMappedBuffers();

    long getOther();

    /** When Outstanding and Retained were read; 0 never. */
    long getStatsEpochMillis();

    String getStatsSource();

    long getLastTrimEpochMillis();

    long getLastTrimBytes();

    String[] getFindings();

    String getStatus();

    long getSnapshotId();

    /** Reads the allocator's counters again and scans; returns the status. */
    String refresh();

    /** Runs System.trim_native_heap when the agent was started with allowTrim=true; returns the bytes released. */
    long trim();

    /** The split and the findings as text, for the command line's report. */
    String report();
}
