package dev.wrss.mbeans;

/**
 * The container's and the system's view of memory, read with the scan: the cgroup's limit, usage and its
 * anon/file/shmem split, the headroom left under the limit, and the kernel's count of mapped page-cache
 * pages. Every byte value is -1 where unknown; limit and headroom are -1 when there is no limit.
 *
 * @param cgroupVersion 1 or 2, 0 if no memory cgroup was found
 */
public record SystemView(int cgroupVersion, String cgroupPath, long limitBytes, long usageBytes, long headroomBytes,
                         long anonBytes, long fileBytes, long shmemBytes, long vmstatMappedBytes,
                         long meminfoMappedBytes) {

    public static final SystemView UNKNOWN = new SystemView(0, "", -1, -1, -1, -1, -1, -1, -1, -1);

    /**
     * Written out, with the record's meaning: the generated one runs a chain of method handles, which in the
     * interpreter, where a once-a-scan caller stays for hours, cost ~40 µs of a scan's CPU, cold.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SystemView v && cgroupVersion == v.cgroupVersion
                && limitBytes == v.limitBytes && usageBytes == v.usageBytes && headroomBytes == v.headroomBytes
                && anonBytes == v.anonBytes && fileBytes == v.fileBytes && shmemBytes == v.shmemBytes
                && vmstatMappedBytes == v.vmstatMappedBytes && meminfoMappedBytes == v.meminfoMappedBytes
                && java.util.Objects.equals(cgroupPath, v.cgroupPath);
    }

    @Override
    public int hashCode() {
        int h = 31 * cgroupVersion + java.util.Objects.hashCode(cgroupPath);
        for (long x : new long[]{limitBytes, usageBytes, headroomBytes, anonBytes, fileBytes, shmemBytes,
                vmstatMappedBytes, meminfoMappedBytes}) {
            h = 31 * h + Long.hashCode(x);
        }
        return h;
    }
}
