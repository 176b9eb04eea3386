package dev.wrss.agent.host;

import dev.wrss.agent.proc.KernelPageSize;
import dev.wrss.agent.proc.KernelTextFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Re-reads the values of {@link SystemMemory} for one process again and again without allocating once warm:
 * the cgroup directory is located once, its files stay open and are read into reused buffers, and the numbers
 * are parsed from bytes. The directory is located again when a cgroup file that could be read no longer can
 * (the cgroup was removed), at once, or when /proc/PID/cgroup reads differently (the process was moved), which
 * is looked at once per {@link #LIST_EVERY_NANOS}, not at every refresh: a move is rare, and on a cold cache
 * (a refresh every scan, seconds apart) that read was ~50 µs of a refresh's ~240. One thread.
 *
 * <p>One class because the located directory, its open files and their buffers are one piece of state that
 * locating, refreshing and closing change together.
 */
public final class SystemMemoryReader implements AutoCloseable {

    private static final int LIMIT = 0,
            USAGE = 1,
            ANON = 2,
            FILE = 3,
            SHMEM = 4,
            VMSTAT = 5,
            MEMINFO = 6,
            INACTIVE_FILE = 7,
            COUNT = 8;
    // Above this a limit means "none": v1 prints PAGE_COUNTER_MAX pages in bytes
    // (9223372036854771712 with 4 KiB pages).
    private static final long UNLIMITED_THRESHOLD = Long.MAX_VALUE / 2;

    private final Path procDir;
    private final Path cgroupRoot;
    private final KernelTextFile cgroupList;
    private final KernelTextFile vmstat;
    private final KernelTextFile meminfo;
    private final long pageBytes;
    private byte[] listedText = new byte[256];
    private int listedLength = -2; // never read: the first refresh locates
    private CgroupLocator.Location at;
    private String cgroupPath = "";
    private KernelTextFile stat;
    private KernelTextFile usage;
    private KernelTextFile v1Limit;
    private KernelTextFile[] v2Maxes =
            new KernelTextFile[0]; // memory.max from the cgroup up to its mount
    private final long[] next = new long[COUNT];
    private final long[] last = new long[COUNT];

    /** How often /proc/PID/cgroup is read to find out whether the process moved. */
    static final long LIST_EVERY_NANOS = 60_000_000_000L;

    private final LongSupplier nanoClock;
    private long listedNanos;

    /** For process {@code pid} ("self" or a number) under {@code procRoot}; reads nothing until {@link #refresh()}. */
    public SystemMemoryReader(Path procRoot, Path cgroupRoot, String pid) {
        this(procRoot, cgroupRoot, pid, System::nanoTime);
    }

    SystemMemoryReader(Path procRoot, Path cgroupRoot, String pid, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.procDir = procRoot.resolve(pid);
        this.cgroupRoot = cgroupRoot;
        this.cgroupList = new KernelTextFile(procDir.resolve("cgroup"), 512);
        this.vmstat = new KernelTextFile(procRoot.resolve("vmstat"), 8192);
        this.meminfo = new KernelTextFile(procRoot.resolve("meminfo"), 4096);
        this.pageBytes = KernelPageSize.read(procRoot);
        Arrays.fill(last, SystemMemory.UNKNOWN);
    }

    /** Reads every value again; true if any differs from the previous refresh (or from unknown, the first time). Never throws. */
    public boolean refresh() {
        String pathBefore = cgroupPath;
        long now = nanoClock.getAsLong();
        boolean relocated = false;
        if (listedLength == -2 || now - listedNanos >= LIST_EVERY_NANOS) {
            listedNanos = now;
            relocated = listChanged();
        }
        if (relocated) {
            locate();
        }
        if (readCgroup() && !relocated) {
            locate();
            readCgroup();
        }
        long pages = vmstat.read() < 0 ? -1 : vmstat.valueOf(Keys.NR_MAPPED);
        long kb = meminfo.read() < 0 ? -1 : meminfo.valueOf(Keys.MAPPED);
        next[VMSTAT] = pages < 0 ? SystemMemory.UNKNOWN : pages * pageBytes;
        next[MEMINFO] = kb < 0 ? SystemMemory.UNKNOWN : kb * 1024;
        boolean changed = !Arrays.equals(next, last) || !cgroupPath.equals(pathBefore);
        System.arraycopy(next, 0, last, 0, COUNT);
        return changed;
    }

    /** Reads /proc/PID/cgroup and keeps a copy; true if it differs from the copy of the last call. */
    private boolean listChanged() {
        int n = cgroupList.read();
        byte[] text = cgroupList.bytes();
        if (n == listedLength && (n < 0 || Arrays.equals(text, 0, n, listedText, 0, n))) {
            return false;
        }
        if (n > listedText.length) {
            listedText = new byte[n];
        }
        if (n > 0) {
            System.arraycopy(text, 0, listedText, 0, n);
        }
        listedLength = n;
        return true;
    }

    private void locate() {
        closeCgroupFiles();
        try {
            at = CgroupLocator.locate(procDir, cgroupRoot);
        } catch (RuntimeException e) {
            at = null; // e.g. a path the file system rejects: no cgroup rather than an exception
        }
        cgroupPath = at == null ? "" : at.dir().toString();
        if (at == null) {
            return;
        }
        Path dir = at.dir();
        stat = new KernelTextFile(dir.resolve("memory.stat"), 4096);
        if (at.version() == 2) {
            usage = new KernelTextFile(dir.resolve("memory.current"), 64);
            int n = 0;
            for (Path d = dir; d != null && d.startsWith(at.mountDir()); d = d.getParent()) {
                n++;
            }
            v2Maxes = new KernelTextFile[n];
            Path d = dir;
            for (int i = 0; i < n; i++, d = d.getParent()) {
                v2Maxes[i] = new KernelTextFile(d.resolve("memory.max"), 64);
            }
        } else {
            usage = new KernelTextFile(dir.resolve("memory.usage_in_bytes"), 64);
            v1Limit = new KernelTextFile(dir.resolve("memory.limit_in_bytes"), 64);
        }
    }

    /** Fills the cgroup's values into {@code next}; true if a file that was readable no longer is. */
    private boolean readCgroup() {
        if (at == null) {
            Arrays.fill(next, LIMIT, SHMEM + 1, SystemMemory.UNKNOWN);
            next[INACTIVE_FILE] = SystemMemory.UNKNOWN;
            return false;
        }
        stat.read();
        usage.read();
        next[USAGE] = usage.number();
        boolean lost = stat.lost() || usage.lost();
        if (at.version() == 2) {
            // limits are inherited: the smallest memory.max from the cgroup up to the mount. The
            // host's root cgroup has no memory.max; a container's namespace mounts its own cgroup
            // as the root, which has one.
            long limit = SystemMemory.UNKNOWN;
            for (KernelTextFile max : v2Maxes) {
                max.read();
                lost |= max.lost();
                limit = tighter(limit, unlimitedAsUnknown(max.number()));
            }
            next[LIMIT] = limit;
            next[ANON] = stat.valueOf(Keys.ANON);
            next[FILE] = stat.valueOf(Keys.FILE);
            next[SHMEM] = stat.valueOf(Keys.SHMEM);
            next[INACTIVE_FILE] = stat.valueOf(Keys.INACTIVE_FILE);
        } else {
            v1Limit.read();
            lost |= v1Limit.lost();
            // total_* include descendants, as usage_in_bytes does; a leaf without them prints only
            // the plain keys
            boolean total = stat.valueOf(Keys.TOTAL_RSS) != SystemMemory.UNKNOWN;
            next[LIMIT] =
                    tighter(
                            unlimitedAsUnknown(v1Limit.number()),
                            unlimitedAsUnknown(stat.valueOf(Keys.HIERARCHICAL_LIMIT)));
            next[ANON] = stat.valueOf(total ? Keys.TOTAL_RSS : Keys.RSS);
            next[FILE] = stat.valueOf(total ? Keys.TOTAL_CACHE : Keys.CACHE);
            next[SHMEM] = stat.valueOf(total ? Keys.TOTAL_SHMEM : Keys.SHMEM);
            next[INACTIVE_FILE] =
                    stat.valueOf(total ? Keys.TOTAL_INACTIVE_FILE : Keys.INACTIVE_FILE);
        }
        return lost;
    }

    private static long tighter(long a, long b) {
        return a == SystemMemory.UNKNOWN ? b : b == SystemMemory.UNKNOWN ? a : Math.min(a, b);
    }

    private static long unlimitedAsUnknown(long v) {
        return v > UNLIMITED_THRESHOLD ? SystemMemory.UNKNOWN : v;
    }

    /** 1 or 2 for the cgroup version found, 0 if none. */
    public int cgroupVersion() {
        return at == null ? 0 : at.version();
    }

    /** The memory cgroup's directory, or null. */
    public Path cgroupDir() {
        return at == null ? null : at.dir();
    }

    /** {@link #cgroupDir()} as a string, "" if none; the same instance until the cgroup is located again. */
    public String cgroupPath() {
        return cgroupPath;
    }

    public long limitBytes() {
        return last[LIMIT];
    }

    public long usageBytes() {
        return last[USAGE];
    }

    public long headroomBytes() {
        return SystemMemory.headroom(last[LIMIT], last[USAGE]);
    }

    public long anonBytes() {
        return last[ANON];
    }

    public long fileBytes() {
        return last[FILE];
    }

    public long shmemBytes() {
        return last[SHMEM];
    }

    public long vmstatMappedBytes() {
        return last[VMSTAT];
    }

    public long meminfoMappedBytes() {
        return last[MEMINFO];
    }

    /**
     * The cgroup's working set as the kubelet computes it (cadvisor's {@code setMemoryStats}): usage less
     * inactive file pages, 0 if those exceed the usage; unknown without both.
     */
    public long workingSetBytes() {
        long usage = last[USAGE];
        long inactive = last[INACTIVE_FILE];
        if (usage < 0 || inactive < 0) {
            return SystemMemory.UNKNOWN;
        }
        return Math.max(0, usage - inactive);
    }

    private void closeCgroupFiles() {
        for (KernelTextFile f : new KernelTextFile[] {stat, usage, v1Limit}) {
            if (f != null) {
                f.close();
            }
        }
        for (KernelTextFile f : v2Maxes) {
            f.close();
        }
        stat = usage = v1Limit = null;
        v2Maxes = new KernelTextFile[0];
    }

    @Override
    public void close() {
        closeCgroupFiles();
        cgroupList.close();
        vmstat.close();
        meminfo.close();
    }

    /** The keys, each with its separator: "file " is not "file_mapped", "nr_mapped " is not "nr_mapped_extra". */
    private static final class Keys {
        static final byte[] ANON = ascii("anon "), FILE = ascii("file "), SHMEM = ascii("shmem ");
        static final byte[] RSS = ascii("rss "), CACHE = ascii("cache ");
        static final byte[] TOTAL_RSS = ascii("total_rss "),
                TOTAL_CACHE = ascii("total_cache "),
                TOTAL_SHMEM = ascii("total_shmem ");
        static final byte[] INACTIVE_FILE = ascii("inactive_file "),
                TOTAL_INACTIVE_FILE = ascii("total_inactive_file ");
        static final byte[] HIERARCHICAL_LIMIT = ascii("hierarchical_memory_limit ");
        static final byte[] NR_MAPPED = ascii("nr_mapped "), MAPPED = ascii("Mapped:");

        private static byte[] ascii(String key) {
            return key.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
