package dev.wrss.agent.pages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The container's and the machine's view of memory, beside a process's own pages: the memory cgroup's
 * limit, usage and anon/file/shmem split (v1 or v2), and the system-wide mapped-file total from
 * /proc/vmstat and /proc/meminfo. An immutable reading; a value that could not be read is {@link #UNKNOWN}.
 */
public final class SystemMemory {

    public static final long UNKNOWN = -1;
    // Above this a limit means "none": v1 prints PAGE_COUNTER_MAX pages in bytes (9223372036854771712 with 4 KiB pages).
    private static final long UNLIMITED_THRESHOLD = Long.MAX_VALUE / 2;

    private final int cgroupVersion;
    private final Path cgroupDir;
    private final long limitBytes;
    private final long usageBytes;
    private final long anonBytes;
    private final long fileBytes;
    private final long shmemBytes;
    private final long vmstatMappedBytes;
    private final long meminfoMappedBytes;

    private SystemMemory(int cgroupVersion, Path cgroupDir, long[] cgroup, long vmstatMappedBytes, long meminfoMappedBytes) {
        this.cgroupVersion = cgroupVersion;
        this.cgroupDir = cgroupDir;
        this.limitBytes = cgroup[0];
        this.usageBytes = cgroup[1];
        this.anonBytes = cgroup[2];
        this.fileBytes = cgroup[3];
        this.shmemBytes = cgroup[4];
        this.vmstatMappedBytes = vmstatMappedBytes;
        this.meminfoMappedBytes = meminfoMappedBytes;
    }

    /** Reads for this process; normally {@code /proc} and {@code /sys/fs/cgroup}. Never throws. */
    public static SystemMemory read(Path procRoot, Path cgroupRoot) {
        return read(procRoot, cgroupRoot, "self");
    }

    /** Reads for process {@code pid}, whose cgroup and mounts are looked up under {@code procRoot/pid}. */
    public static SystemMemory read(Path procRoot, Path cgroupRoot, long pid) {
        return read(procRoot, cgroupRoot, Long.toString(pid));
    }

    private static SystemMemory read(Path procRoot, Path cgroupRoot, String pid) {
        CgroupLocator.Location at = CgroupLocator.locate(procRoot.resolve(pid), cgroupRoot);
        long[] cgroup = {UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN};
        if (at != null && at.version() == 2) {
            byte[] stat = bytes(at.dir().resolve("memory.stat"));
            cgroup = new long[] {v2Limit(at), number(bytes(at.dir().resolve("memory.current"))),
                value(stat, "anon "), value(stat, "file "), value(stat, "shmem ")};
        } else if (at != null) {
            byte[] stat = bytes(at.dir().resolve("memory.stat"));
            // total_* include descendants, as usage_in_bytes does; a leaf without them prints only the plain keys
            boolean total = value(stat, "total_rss ") != UNKNOWN;
            long limit = unlimitedAsUnknown(number(bytes(at.dir().resolve("memory.limit_in_bytes"))));
            long inherited = unlimitedAsUnknown(value(stat, "hierarchical_memory_limit "));
            cgroup = new long[] {limit == UNKNOWN ? inherited : inherited == UNKNOWN ? limit : Math.min(limit, inherited),
                number(bytes(at.dir().resolve("memory.usage_in_bytes"))),
                value(stat, total ? "total_rss " : "rss "), value(stat, total ? "total_cache " : "cache "),
                value(stat, total ? "total_shmem " : "shmem ")};
        }
        long mappedPages = value(bytes(procRoot.resolve("vmstat")), "nr_mapped ");
        long mappedKb = value(bytes(procRoot.resolve("meminfo")), "Mapped:");
        return new SystemMemory(at == null ? 0 : at.version(), at == null ? null : at.dir(), cgroup,
                mappedPages < 0 ? UNKNOWN : mappedPages * PageSize.read(procRoot),
                mappedKb < 0 ? UNKNOWN : mappedKb * 1024);
    }

    /**
     * The smallest memory.max from the cgroup up to the mount: limits are inherited. The host's root cgroup
     * has no memory.max; a container's cgroup namespace mounts its own cgroup as the root, which has one.
     */
    private static long v2Limit(CgroupLocator.Location at) {
        long limit = UNKNOWN;
        for (Path d = at.dir(); d != null && d.startsWith(at.mountDir()); d = d.getParent()) {
            long l = unlimitedAsUnknown(number(bytes(d.resolve("memory.max"))));
            limit = l == UNKNOWN ? limit : limit == UNKNOWN ? l : Math.min(limit, l);
        }
        return limit;
    }

    /** 1 or 2 for the cgroup version found, 0 if none. */
    public int cgroupVersion() { return cgroupVersion; }
    /** The memory cgroup's directory, or null. */
    public Path cgroupDir() { return cgroupDir; }
    /** The effective limit; {@link #UNKNOWN} when unlimited ("max", the v1 sentinel) or unreadable. */
    public long limitBytes() { return limitBytes; }
    public boolean limited() { return limitBytes != UNKNOWN; }
    /** memory.current (v2) or memory.usage_in_bytes (v1): the cgroup's charge, page cache included. */
    public long usageBytes() { return usageBytes; }
    /** limit - usage, not below 0; {@link #UNKNOWN} when unlimited or either is unknown. */
    public long headroomBytes() {
        return limitBytes == UNKNOWN || usageBytes == UNKNOWN ? UNKNOWN : Math.max(0, limitBytes - usageBytes);
    }
    /** v2 {@code anon}, v1 {@code rss}. */
    public long anonBytes() { return anonBytes; }
    /** v2 {@code file}, v1 {@code cache}: both include shmem. */
    public long fileBytes() { return fileBytes; }
    public long shmemBytes() { return shmemBytes; }
    /** System-wide mapped file pages, /proc/vmstat {@code nr_mapped} times the page size. */
    public long vmstatMappedBytes() { return vmstatMappedBytes; }
    /** The same counter as /proc/meminfo {@code Mapped:}, kB converted to bytes. */
    public long meminfoMappedBytes() { return meminfoMappedBytes; }

    @Override
    public String toString() {
        return "cgroup v" + cgroupVersion + " " + cgroupDir + " limit=" + limitBytes + " usage=" + usageBytes
                + " headroom=" + headroomBytes() + " anon=" + anonBytes + " file=" + fileBytes + " shmem=" + shmemBytes
                + " nr_mapped=" + vmstatMappedBytes + " Mapped=" + meminfoMappedBytes;
    }

    private static long unlimitedAsUnknown(long v) {
        return v > UNLIMITED_THRESHOLD ? UNKNOWN : v;
    }

    /** The number after {@code key} (which carries its separator) at the start of a line; UNKNOWN if absent. */
    static long value(byte[] text, String key) {
        if (text == null) {
            return UNKNOWN;
        }
        int k = key.length();
        outer:
        for (int line = 0; line + k <= text.length; ) {
            for (int i = 0; i < k; i++) {
                if (text[line + i] != key.charAt(i)) {
                    while (line < text.length && text[line] != '\n') {
                        line++;
                    }
                    line++;
                    continue outer;
                }
            }
            return digits(text, line + k);
        }
        return UNKNOWN;
    }

    /** A file holding one number, or "max": UNKNOWN for "max", missing or malformed. */
    private static long number(byte[] text) {
        return text == null ? UNKNOWN : digits(text, 0);
    }

    private static long digits(byte[] b, int p) {
        while (p < b.length && b[p] == ' ') {
            p++;
        }
        long v = 0;
        int start = p;
        for (; p < b.length && b[p] >= '0' && b[p] <= '9'; p++) {
            v = v > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : v * 10 + (b[p] - '0');
        }
        return p == start ? UNKNOWN : v;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
