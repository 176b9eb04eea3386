package dev.wrss.mbeans;

/**
 * The container's and the system's view of memory, read with the scan: the cgroup's limit, usage and its
 * anon/file/shmem split, the headroom left under the limit, and the kernel's count of mapped page-cache
 * pages, and the working set as the kubelet computes it (usage less inactive file pages). Every byte value is
 * -1 where unknown; limit and headroom are -1 when there is no limit.
 *
 * @param cgroupVersion 1 or 2, 0 if no memory cgroup was found
 */
public record SystemView(
        int cgroupVersion,
        String cgroupPath,
        long limitBytes,
        long usageBytes,
        long headroomBytes,
        long anonBytes,
        long fileBytes,
        long shmemBytes,
        long vmstatMappedBytes,
        long meminfoMappedBytes,
        long workingSetBytes) {

    public static final SystemView UNKNOWN =
            new SystemView(0, "", -1, -1, -1, -1, -1, -1, -1, -1, -1);

    /** Without the working set (-1). */
    public SystemView(
            int cgroupVersion,
            String cgroupPath,
            long limitBytes,
            long usageBytes,
            long headroomBytes,
            long anonBytes,
            long fileBytes,
            long shmemBytes,
            long vmstatMappedBytes,
            long meminfoMappedBytes) {
        this(
                cgroupVersion,
                cgroupPath,
                limitBytes,
                usageBytes,
                headroomBytes,
                anonBytes,
                fileBytes,
                shmemBytes,
                vmstatMappedBytes,
                meminfoMappedBytes,
                -1);
    }

    /**
     * Written out, with the record's meaning: the generated one runs a chain of method handles, which in the
     * interpreter, where a once-a-scan caller stays for hours, was 3.4 % of a small JVM's scan in a CPU
     * profile of the agent (docs/performance.md, section 2).
     */
    @Override
    public boolean equals(Object o) {
        return this == o
                || o instanceof SystemView v
                        && cgroupVersion == v.cgroupVersion
                        && limitBytes == v.limitBytes
                        && usageBytes == v.usageBytes
                        && headroomBytes == v.headroomBytes
                        && anonBytes == v.anonBytes
                        && fileBytes == v.fileBytes
                        && shmemBytes == v.shmemBytes
                        && vmstatMappedBytes == v.vmstatMappedBytes
                        && meminfoMappedBytes == v.meminfoMappedBytes
                        && workingSetBytes == v.workingSetBytes
                        && java.util.Objects.equals(cgroupPath, v.cgroupPath);
    }

    @Override
    public int hashCode() {
        int h = 31 * cgroupVersion + java.util.Objects.hashCode(cgroupPath);
        h = 31 * h + Long.hashCode(limitBytes);
        h = 31 * h + Long.hashCode(usageBytes);
        h = 31 * h + Long.hashCode(headroomBytes);
        h = 31 * h + Long.hashCode(anonBytes);
        h = 31 * h + Long.hashCode(fileBytes);
        h = 31 * h + Long.hashCode(shmemBytes);
        h = 31 * h + Long.hashCode(vmstatMappedBytes);
        h = 31 * h + Long.hashCode(workingSetBytes);
        return 31 * h + Long.hashCode(meminfoMappedBytes);
    }
}
