package dev.wrss.mbeans;

import java.util.List;
import java.util.Objects;

/**
 * One scan's result, immutable once built: the usage of every {@link Region}, the process totals, and
 * where the scan came from. The scanner builds the next snapshot off to the side and publishes it with one
 * volatile write; every MBean getter reads one snapshot, so one {@code getAttributes} call never mixes scans.
 *
 * <p>Invariant: the regions add up exactly to {@link #total()}, field by field.
 *
 * <p>One class past 250 lines because all of it is published API (constructors, {@link #sharingWith}, accessors,
 * the nested records) whose long argument lists take a line per parameter; the array checks and sharing live in
 * {@code RegionArrays}.
 */
public final class FootprintSnapshot {

    private final long id;
    private final long epochMillis;
    private final long durationNanos;
    private final String mode;
    private final String status;
    private final RegionUsage[] regions;

    /** Summed on first read, not on publication; racing readers compute equal values, so no lock. */
    private RegionUsage total;

    private final long[] committedBytes;
    private final List<ThreadStack> threads;
    private final int threadCount;
    private final List<MappedFile> files;
    private final int fileCount;
    private final SystemView system;
    private final long[][] nodeResident;

    /**
     * @param regions one usage per region, indexed by {@link Region#ordinal()}; copied
     * @param committedBytes per region, what the JVM says it committed, -1 where it does not know; copied
     * @param threads the thread stacks with the most RSS, at most as many as configured
     * @param threadCount how many thread stacks the scan saw in all
     * @param files the mapped files with the most PSS, at most as many as configured
     * @param fileCount how many distinct mapped files the scan saw in all
     */
    public FootprintSnapshot(
            long id,
            long epochMillis,
            long durationNanos,
            String mode,
            String status,
            RegionUsage[] regions,
            long[] committedBytes,
            List<ThreadStack> threads,
            int threadCount,
            List<MappedFile> files,
            int fileCount) {
        this(
                id,
                epochMillis,
                durationNanos,
                mode,
                status,
                regions,
                committedBytes,
                threads,
                threadCount,
                files,
                fileCount,
                SystemView.UNKNOWN,
                new long[0][]);
    }

    /**
     * @param system       the cgroup and system view read with this scan
     * @param nodeResident per region ordinal, resident bytes per NUMA node (index = node id); an empty
     *                     array where unknown; copied
     */
    public FootprintSnapshot(
            long id,
            long epochMillis,
            long durationNanos,
            String mode,
            String status,
            RegionUsage[] regions,
            long[] committedBytes,
            List<ThreadStack> threads,
            int threadCount,
            List<MappedFile> files,
            int fileCount,
            SystemView system,
            long[][] nodeResident) {
        this(
                id,
                epochMillis,
                durationNanos,
                mode,
                status,
                RegionArrays.checked(regions).clone(),
                committedBytes.clone(),
                null,
                threads,
                threadCount,
                files,
                fileCount,
                system,
                RegionArrays.nodeCopy(nodeResident, null));
    }

    /** Takes ownership of every array given: only for arrays no one else holds. */
    private FootprintSnapshot(
            long id,
            long epochMillis,
            long durationNanos,
            String mode,
            String status,
            RegionUsage[] ownRegions,
            long[] ownCommitted,
            RegionUsage total,
            List<ThreadStack> threads,
            int threadCount,
            List<MappedFile> files,
            int fileCount,
            SystemView system,
            long[][] ownNodeResident) {
        if (ownRegions.length != Region.count() || ownCommitted.length != Region.count()) {
            throw new IllegalArgumentException("one entry per region expected");
        }
        this.id = id;
        this.epochMillis = epochMillis;
        this.durationNanos = durationNanos;
        this.mode = Objects.requireNonNull(mode);
        this.status = Objects.requireNonNull(status);
        this.regions = ownRegions;
        this.committedBytes = ownCommitted;
        this.total = total;
        this.threads =
                List.copyOf(threads); // no copy when already an unmodifiable List.of/copyOf list
        this.threadCount = threadCount;
        this.files = List.copyOf(files);
        this.fileCount = fileCount;
        this.system = Objects.requireNonNull(system);
        this.nodeResident = ownNodeResident;
    }

    /**
     * As the constructor, but shares with {@code previous} every array, and the total, whose contents equal
     * the ones given: a process whose numbers did not move then costs one new object per published scan.
     * What differs is copied, so the result is as immutable as one built by the constructor.
     */
    public static FootprintSnapshot sharingWith(
            FootprintSnapshot previous,
            long id,
            long epochMillis,
            long durationNanos,
            String mode,
            String status,
            RegionUsage[] regions,
            long[] committedBytes,
            List<ThreadStack> threads,
            int threadCount,
            List<MappedFile> files,
            int fileCount,
            SystemView system,
            long[][] nodeResident) {
        boolean sameRegions =
                RegionArrays.sameUsages(RegionArrays.checked(regions), previous.regions);
        return new FootprintSnapshot(
                id,
                epochMillis,
                durationNanos,
                mode,
                status,
                sameRegions ? previous.regions : regions.clone(),
                java.util.Arrays.equals(committedBytes, previous.committedBytes)
                        ? previous.committedBytes
                        : committedBytes.clone(),
                sameRegions ? previous.total : null,
                threads,
                threadCount,
                files,
                fileCount,
                system == previous.system || system.equals(previous.system)
                        ? previous.system
                        : system,
                RegionArrays.nodeCopy(nodeResident, previous.nodeResident));
    }

    /** A snapshot with no scan behind it: all zeros, and a status that says why. */
    public static FootprintSnapshot unavailable(String mode, String status) {
        RegionUsage[] empty = new RegionUsage[Region.count()];
        long[] committed = new long[Region.count()];
        for (int i = 0; i < empty.length; i++) {
            empty[i] = RegionUsage.EMPTY;
            committed[i] = -1;
        }
        return new FootprintSnapshot(
                0, 0, 0, mode, status, empty, committed, List.of(), 0, List.of(), 0);
    }

    /** A copy of this snapshot with another status, same id and numbers. */
    public FootprintSnapshot withStatus(String newStatus) {
        return new FootprintSnapshot(
                id,
                epochMillis,
                durationNanos,
                mode,
                newStatus,
                regions,
                committedBytes,
                total,
                threads,
                threadCount,
                files,
                fileCount,
                system,
                nodeResident); // immutable parts: shared
    }

    /** The scan's sequence number, from 1; 0 for a snapshot with no scan behind it. */
    public long id() {
        return id;
    }

    /** When the scan ended, in milliseconds since the epoch; 0 if there was none. */
    public long epochMillis() {
        return epochMillis;
    }

    public long durationNanos() {
        return durationNanos;
    }

    /** How the numbers were obtained: {@code smaps} or {@code pagemap}. */
    public String mode() {
        return mode;
    }

    /** {@code ok}, or why scanning is degraded. */
    public String status() {
        return status;
    }

    public RegionUsage region(Region region) {
        return regions[region.ordinal()];
    }

    public RegionUsage total() {
        RegionUsage t = total;
        if (t == null) {
            t = RegionArrays.sum(regions);
            total = t;
        }
        return t;
    }

    /** What the JVM says it committed for this region, or -1 where it does not know. */
    public long committedBytes(Region region) {
        return committedBytes[region.ordinal()];
    }

    /** The cgroup and system memory view read with this scan. */
    public SystemView system() {
        return system;
    }

    /**
     * Resident bytes of the region per NUMA node: element i is node i. Empty when unknown; a copy.
     */
    public long[] nodeResident(Region region) {
        return nodeResident[region.ordinal()].clone();
    }

    public List<ThreadStack> threads() {
        return threads;
    }

    public int threadCount() {
        return threadCount;
    }

    public List<MappedFile> files() {
        return files;
    }

    public int fileCount() {
        return fileCount;
    }

    /** One thread's stack, guard pages included. */
    public record ThreadStack(
            long tid, String name, long rssBytes, long pssBytes, long virtualBytes) {}

    /** One mapped file, over all the mappings of it that the scan saw. */
    public record MappedFile(
            String path,
            long inode,
            boolean deleted,
            long rssBytes,
            long pssBytes,
            long ussBytes,
            long virtualBytes,
            int mappings) {}
}
