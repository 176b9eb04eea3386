package dev.wrss.mbeans;

/**
 * The published contract of {@value #OBJECT_NAME}: the container's memory limit and usage, the headroom
 * left, and the kernel's mapped-page counts, read with each scan. Byte values are -1 where unknown.
 */
public interface SystemMXBean {

    String OBJECT_NAME = "wrss:type=System";

    /** 1 or 2; 0 when no memory cgroup was found. */
    int getCgroupVersion();

    String getCgroupPath();

    /** The cgroup's memory limit; -1 when unlimited. */
    long getLimit();

    long getUsage();

    /** Limit minus usage; -1 when unlimited. */
    long getHeadroom();

    long getAnon();

    long getFile();

    long getShmem();

    /** /proc/vmstat nr_mapped in bytes: page-cache pages mapped by any process. */
    long getVmstatMapped();

    /** /proc/meminfo Mapped in bytes. */
    long getMeminfoMapped();

    /**
     * The cgroup's working set as the kubelet computes it: usage less inactive file pages (memory.stat
     * inactive_file, or total_inactive_file on v1); -1 when unknown.
     */
    long getWorkingSet();

    /** This process's weighted RSS, to set beside the limit. */
    long getProcessPss();

    long getSnapshotId();
}
