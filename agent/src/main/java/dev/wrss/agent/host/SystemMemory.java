package dev.wrss.agent.host;

import java.nio.file.Path;

/**
 * The container's and the machine's view of memory, beside a process's own pages: the memory cgroup's
 * limit, usage and anon/file/shmem split (v1 or v2), and the system-wide mapped-file total from
 * /proc/vmstat and /proc/meminfo. An immutable reading; a value that could not be read is {@link #UNKNOWN}.
 */
public final class SystemMemory {

    public static final long UNKNOWN = -1;

    private final int cgroupVersion;
    private final Path cgroupDir;
    private final long limitBytes;
    private final long usageBytes;
    private final long anonBytes;
    private final long fileBytes;
    private final long shmemBytes;
    private final long vmstatMappedBytes;
    private final long meminfoMappedBytes;

    private SystemMemory(SystemMemoryReader r) {
        this.cgroupVersion = r.cgroupVersion();
        this.cgroupDir = r.cgroupDir();
        this.limitBytes = r.limitBytes();
        this.usageBytes = r.usageBytes();
        this.anonBytes = r.anonBytes();
        this.fileBytes = r.fileBytes();
        this.shmemBytes = r.shmemBytes();
        this.vmstatMappedBytes = r.vmstatMappedBytes();
        this.meminfoMappedBytes = r.meminfoMappedBytes();
    }

    /** Reads for this process; normally {@code /proc} and {@code /sys/fs/cgroup}. Never throws. */
    public static SystemMemory read(Path procRoot, Path cgroupRoot) {
        return read(procRoot, cgroupRoot, "self");
    }

    /** Reads for process {@code pid}, whose cgroup and mounts are looked up under {@code procRoot/pid}. */
    public static SystemMemory read(Path procRoot, Path cgroupRoot, long pid) {
        return read(procRoot, cgroupRoot, Long.toString(pid));
    }

    /** One reading; to read again and again without allocating, keep a {@link SystemMemoryReader}. */
    private static SystemMemory read(Path procRoot, Path cgroupRoot, String pid) {
        try (SystemMemoryReader r = new SystemMemoryReader(procRoot, cgroupRoot, pid)) {
            r.refresh();
            return new SystemMemory(r);
        }
    }

    /** 1 or 2 for the cgroup version found, 0 if none. */
    public int cgroupVersion() {
        return cgroupVersion;
    }

    /** The memory cgroup's directory, or null. */
    public Path cgroupDir() {
        return cgroupDir;
    }

    /** The effective limit; {@link #UNKNOWN} when unlimited ("max", the v1 sentinel) or unreadable. */
    public long limitBytes() {
        return limitBytes;
    }

    public boolean limited() {
        return limitBytes != UNKNOWN;
    }

    /** memory.current (v2) or memory.usage_in_bytes (v1): the cgroup's charge, page cache included. */
    public long usageBytes() {
        return usageBytes;
    }

    /** limit - usage, not below 0; {@link #UNKNOWN} when unlimited or either is unknown. */
    public long headroomBytes() {
        return headroom(limitBytes, usageBytes);
    }

    static long headroom(long limitBytes, long usageBytes) {
        return limitBytes == UNKNOWN || usageBytes == UNKNOWN
                ? UNKNOWN
                : Math.max(0, limitBytes - usageBytes);
    }

    /** v2 {@code anon}, v1 {@code rss}. */
    public long anonBytes() {
        return anonBytes;
    }

    /** v2 {@code file}, v1 {@code cache}: both include shmem. */
    public long fileBytes() {
        return fileBytes;
    }

    public long shmemBytes() {
        return shmemBytes;
    }

    /** System-wide mapped file pages, /proc/vmstat {@code nr_mapped} times the page size. */
    public long vmstatMappedBytes() {
        return vmstatMappedBytes;
    }

    /** The same counter as /proc/meminfo {@code Mapped:}, kB converted to bytes. */
    public long meminfoMappedBytes() {
        return meminfoMappedBytes;
    }

    @Override
    public String toString() {
        return "cgroup v"
                + cgroupVersion
                + " "
                + cgroupDir
                + " limit="
                + limitBytes
                + " usage="
                + usageBytes
                + " headroom="
                + headroomBytes()
                + " anon="
                + anonBytes
                + " file="
                + fileBytes
                + " shmem="
                + shmemBytes
                + " nr_mapped="
                + vmstatMappedBytes
                + " Mapped="
                + meminfoMappedBytes;
    }
}
