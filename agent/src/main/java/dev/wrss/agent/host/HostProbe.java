package dev.wrss.agent.host;

import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.SystemView;
import java.nio.file.Path;

/**
 * The facts around the process that a scan publishes beside its regions: the cgroup and system memory view,
 * and where each region's resident pages sit by NUMA node. On a one-node machine every resident byte is on
 * that node and nothing is read; on several nodes /proc/PID/numa_maps (itself a page-table walk) is read at
 * most once per {@code numaEveryMillis} and joined to the scan's mappings by start address. The cgroup and
 * system view is read at most once per {@link #SYSTEM_EVERY_NANOS} (a few preads of kept-open files, no
 * allocation once warm) and a new view is built only when a value changed.
 */
public final class HostProbe {

    private final Path procRoot;
    private final long pid;
    private final NumaTopology topology;
    private final long numaEveryMillis;
    private NumaMaps numaMaps;
    private long numaReadMillis = Long.MIN_VALUE;
    private long[] starts = new long[1024];
    private byte[] regions = new byte[1024];
    private int mappings;

    /** Scans of the agent are at least 500 ms apart: only back-to-back scanNow() calls share a reading. */
    static final long SYSTEM_EVERY_NANOS = 2_000_000_000L;

    private final SystemMemoryReader systemReader;
    private SystemView system;
    private long systemReadNanos;
    private final long[][] nodeBytes =
            new long[Region.count()][]; // reused; the snapshot copies what changed

    public HostProbe(Path procRoot, Path sysRoot, long pid, long numaEveryMillis) {
        this.procRoot = procRoot;
        this.systemReader =
                new SystemMemoryReader(procRoot, sysRoot.resolve("fs/cgroup"), Long.toString(pid));
        this.pid = pid;
        this.topology =
                NumaTopology.nodesOf(sysRoot); // node count and the only node: no memory blocks
        this.numaEveryMillis = numaEveryMillis;
    }

    /** The cgroup and system view, at most {@link #SYSTEM_EVERY_NANOS} old. */
    public SystemView system() {
        long now = System.nanoTime();
        if (system == null || now - systemReadNanos >= SYSTEM_EVERY_NANOS) {
            systemReadNanos = now;
            rereadSystem();
        }
        return system;
    }

    /** Reads the view now; the previous instance unless a value changed. */
    SystemView rereadSystem() {
        SystemMemoryReader r = systemReader;
        if (r.refresh() || system == null) {
            system =
                    new SystemView(
                            r.cgroupVersion(),
                            r.cgroupPath(),
                            r.limitBytes(),
                            r.usageBytes(),
                            r.headroomBytes(),
                            r.anonBytes(),
                            r.fileBytes(),
                            r.shmemBytes(),
                            r.vmstatMappedBytes(),
                            r.meminfoMappedBytes(),
                            r.workingSetBytes());
        }
        return system;
    }

    public void startScan() {
        mappings = 0;
    }

    /** Remembers a mapping's region, only where several nodes make the numa_maps join necessary. */
    public void mapping(long start, Region region) {
        if (topology.nodeCount() <= 1) {
            return;
        }
        if (mappings == starts.length) {
            starts = java.util.Arrays.copyOf(starts, mappings * 2);
            regions = java.util.Arrays.copyOf(regions, mappings * 2);
        }
        starts[mappings] = start;
        regions[mappings++] = (byte) region.ordinal();
    }

    /**
     * Per region, resident bytes per node (index = node id); {@code rssByRegion} serves the one-node case.
     * The arrays are this probe's and are overwritten by the next call.
     */
    public long[][] nodeResident(long[] rssByRegion) {
        long[][] out = nodeBytes;
        int only = topology.onlyNode();
        if (topology.nodeCount() <= 1 && only >= 0) {
            for (int r = 0; r < out.length; r++) {
                if (out[r] == null || out[r].length != only + 1) {
                    out[r] = new long[only + 1];
                }
                out[r][only] = rssByRegion[r];
            }
            return out;
        }
        NumaMaps maps = numaMaps();
        if (maps == null) {
            return new long[0][];
        }
        int nodes = maps.maxNode() + 1;
        for (int r = 0; r < out.length; r++) {
            if (out[r] == null || out[r].length != nodes) {
                out[r] = new long[nodes];
            }
            java.util.Arrays.fill(out[r], 0);
        }
        for (int i = 0; i < mappings; i++) {
            for (int n = 0; n < nodes; n++) {
                out[regions[i]][n] += Math.max(0, maps.bytesOnNodeAt(starts[i], n));
            }
        }
        return out;
    }

    private NumaMaps numaMaps() {
        long now = System.currentTimeMillis();
        if (numaMaps == null || now - numaReadMillis >= numaEveryMillis) {
            try {
                numaMaps = NumaMaps.read(procRoot, pid);
                numaReadMillis = now;
            } catch (Exception e) {
                return numaMaps; // keep the last one; NodeResident goes stale rather than wrong
            }
        }
        return numaMaps;
    }
}
