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
}
