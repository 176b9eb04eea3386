package dev.wrss.mbeans;

import java.util.List;
import java.util.Objects;

/**
 * One scan's result, immutable once built: the usage of every {@link Region}, the process totals, and
 * where the scan came from. The scanner builds the next snapshot off to the side and publishes it with one
 * volatile write; every MBean getter reads one snapshot, so one {@code getAttributes} call never mixes scans.
 *
 * <p>Invariant: the regions add up exactly to {@link #total()}, field by field.
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

    /** Shared by every snapshot: an empty array cannot be changed. */
    private static final long[] NO_NODES = new long[0];

    /** Every region without NUMA figures: shared by every snapshot that has none (never handed out). */
    private static final long[][] NO_NODES_BY_REGION = new long[Region.count()][];

    static {
        java.util.Arrays.fill(NO_NODES_BY_REGION, NO_NODES);
    }

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
                checked(regions).clone(),
                committedBytes.clone(),
                null,
                threads,
                threadCount,
                files,
                fileCount,
                system,
                nodeCopy(nodeResident, null));
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
        // runs once per scan, too rarely to be compiled: few calls, and no record equals() (each
        // runs a chain
        // of method handles, tens of microseconds in the interpreter)
        boolean sameRegions = sameUsages(checked(regions), previous.regions);
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
                nodeCopy(nodeResident, previous.nodeResident));
    }

    private static boolean sameUsages(RegionUsage[] a, RegionUsage[] b) {
        for (int i = 0; i < a.length; i++) {
            RegionUsage x = a[i];
            RegionUsage y = b[i];
            if (x != y
                    && (x.rssBytes() != y.rssBytes()
                            || x.pssBytes() != y.pssBytes()
                            || x.ussBytes() != y.ussBytes()
                            || x.swapBytes() != y.swapBytes()
                            || x.swapPssBytes() != y.swapPssBytes()
                            || x.virtualBytes() != y.virtualBytes()
                            || x.mappings() != y.mappings())) {
                return false;
            }
        }
        return true;
    }

    private static RegionUsage[] checked(RegionUsage[] regions) {
        if (regions.length != Region.count()) {
            throw new IllegalArgumentException("one entry per region expected");
        }
        for (RegionUsage r : regions) {
            Objects.requireNonNull(r, "region usage");
        }
        return regions;
    }

    /** One array per region, missing ones empty; {@code previous} itself, or its rows, where equal. */
    private static long[][] nodeCopy(long[][] given, long[][] previous) {
        if (given.length == 0 && (previous == null || previous == NO_NODES_BY_REGION)) {
            return NO_NODES_BY_REGION; // no NUMA view, as every scan without one: share one array
        }
        long[][] out = null;
        for (int i = 0; i < Region.count(); i++) {
            long[] g = i < given.length && given[i] != null ? given[i] : NO_NODES;
            long[] p = previous == null ? null : previous[i];
            if (p != null && java.util.Arrays.equals(g, p)) {
                if (out != null) {
                    out[i] = p;
                }
                continue;
            }
            if (out == null) {
                out = new long[Region.count()][];
                for (int k = 0; k < i; k++) {
                    out[k] =
                            previous[
                                    k]; // equal so far, hence previous is non-null here unless i ==
                    // 0
                }
            }
            out[i] = g.length == 0 ? NO_NODES : g.clone();
        }
        return out != null ? out : previous;
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

    private static RegionUsage sum(RegionUsage[] regions) {
        long rss = 0, pss = 0, uss = 0, swap = 0, swapPss = 0, virt = 0;
        int mappings = 0;
        for (RegionUsage r : regions) {
            Objects.requireNonNull(r, "region usage");
            rss += r.rssBytes();
            pss += r.pssBytes();
            uss += r.ussBytes();
            swap += r.swapBytes();
            swapPss += r.swapPssBytes();
            virt += r.virtualBytes();
            mappings += r.mappings();
        }
        return new RegionUsage(rss, pss, uss, swap, swapPss, virt, mappings);
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
            t = sum(regions);
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
