package dev.wrss.mbeans;

/**
 * The published contract of {@code wrss:type=Region,name=<region id>}, one per {@link Region}, always
 * registered and zero when empty. Names come from {@link WrssMBeans#regionName(Region)}.
 */
public interface RegionMXBean {

    /** Followed by {@link Region#id()}; referenced by examples/prometheus/wrss.yaml, do not rename. */
    String OBJECT_NAME_PREFIX = "wrss:type=Region,name=";

    long getRss();

    long getPss();

    long getUss();

    long getSwap();

    long getSwapPss();

    long getVirtual();

    int getMappings();

    /** What the JVM says it committed for the region, or -1 where it does not know. */
    long getCommitted();

    /**
     * The configured bound of the region (MaxHeapSize, MaxMetaspaceSize, CompressedClassSpaceSize,
     * ReservedCodeCacheSize, MaxDirectMemorySize for the direct buffers in malloc, threads x ThreadStackSize),
     * or -1 when unbounded.
     */
    long getMax();

    /** The flag's name when set on the command line, {@code ergonomic}, or {@code unbounded}. */
    String getMaxSource();

    /** What the region holds. */
    String getDescription();

    /** The scan the other values of the same read come from. */
    long getSnapshotId();

    /** Resident bytes per NUMA node: rows {@code node} (int), {@code bytes} (long). */
    javax.management.openmbean.TabularData getNodeResident();

    /** PSS in bytes at which a {@code wrss.threshold.exceeded} notification is sent; 0 = off. */
    long getPssThreshold();

    void setPssThreshold(long bytes);

    /** Whether PSS is at or above the threshold (until it falls 5 % below it). */
    boolean isPssThresholdExceeded();

    /** How many times PSS crossed the threshold. */
    long getPssThresholdCount();
}
