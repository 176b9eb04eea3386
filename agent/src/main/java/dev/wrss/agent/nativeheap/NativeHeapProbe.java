package dev.wrss.agent.nativeheap;

import dev.wrss.agent.layout.FlagLimits;
import dev.wrss.agent.layout.JvmFacts;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.NativeHeapView;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionLimits;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the {@link NativeHeapView} after each scan from that scan's {@link HeapMaps}, the allocator settings
 * the process started with, the BufferPool beans and glibc's counters, and runs {@code trim()}.
 *
 * <p>{@link MallocCounterPolicy} says where glibc's counters come from and how often; {@code refresh()} and a
 * trim ask it to read them again.
 *
 * <p>Threads: {@link #afterScan} runs on the scanning thread, which owns {@link #maps()}; {@link #trim} and
 * {@link #refresh} run on JMX threads. Diagnostic commands run under {@code lock}; the view and the limits are
 * immutable and published by volatile writes.
 */
public final class NativeHeapProbe {

    private final Path procRoot;
    private final boolean allowTrim;
    private final MallocCounterPolicy counterPolicy;
    private final HeapMaps maps = new HeapMaps();
    private final Object lock = new Object();
    private JvmFacts facts;
    private AllocatorEnvironment env;
    private List<BufferPoolMXBean> pools;
    private Allocator allocator;
    private int allocatorLibraries;
    private final long[] inputs = new long[13];
    private final long[] lastInputs = new long[13];
    private volatile long lastTrimMillis;
    private volatile long lastTrimBytes = -1;
    private volatile NativeHeapView view = NativeHeapView.UNKNOWN;
    private volatile RegionLimits limits = RegionLimits.UNKNOWN;

    /** Constructed in premain: reads nothing until the first scan. */
    public NativeHeapProbe(Path procRoot, boolean allowTrim, long maxAgeMillis) {
        this(procRoot, allowTrim, maxAgeMillis, null);
    }

    /** @param facts this JVM's facts; null to read them through the platform MBeanServer when first needed */
    public NativeHeapProbe(Path procRoot, boolean allowTrim, long maxAgeMillis, JvmFacts facts) {
        this.facts = facts;
        this.procRoot = procRoot;
        this.allowTrim = allowTrim;
        this.counterPolicy = new MallocCounterPolicy(maxAgeMillis);
    }

    /** The scanning thread's accumulator: {@code start()} before a scan, {@code add} for each mapping. */
    public HeapMaps maps() {
        return maps;
    }

    public NativeHeapView view() {
        return view;
    }

    public RegionLimits limits() {
        return limits;
    }

    /**
     * After a scan, on the scanning thread: publishes a new view if a number moved. Never throws.
     *
     * @param vmInfoMallocLines VM.info's malloc lines from the layout's start, or null
     */
    public void afterScan(FootprintSnapshot s, String vmInfoMallocLines) {
        try {
            build(s, vmInfoMallocLines);
        } catch (RuntimeException | LinkageError e) {
            NativeHeapView v = view;
            view =
                    new NativeHeapView(
                            v.allocator(),
                            v.allocatorSource(),
                            v.arenas(),
                            v.arenaLimit(),
                            v.arenaLimitSource(),
                            v.outstanding(),
                            v.retained(),
                            v.retainedResident(),
                            v.directBuffers(),
                            v.mappedBuffers(),
                            v.other(),
                            v.mallocPss(),
                            v.statsEpochMillis(),
                            v.statsSource(),
                            v.lastTrimEpochMillis(),
                            v.lastTrimBytes(),
                            v.findings(),
                            "degraded: " + e,
                            v.snapshotId());
        }
    }

    private void build(FootprintSnapshot s, String vmInfoMallocLines) {
        long now = System.currentTimeMillis();
        if (env == null) {
            if (facts == null) {
                facts = JvmFacts.over(ManagementFactory.getPlatformMBeanServer());
            }
            env = AllocatorEnvironment.read(procRoot);
            pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
            limits = FlagLimits.read(facts, Runtime.getRuntime().maxMemory());
        }
        if (allocator == null || maps.libraries() != allocatorLibraries) {
            allocatorLibraries = maps.libraries();
            allocator = Allocator.of(allocatorLibraries, env.preloaded());
        }
        Allocator a = allocator;
        boolean glibc = a.name().equals("glibc");
        MallocCounters c = null;
        if (glibc) {
            synchronized (lock) {
                c = counterPolicy.read(facts, vmInfoMallocLines, now);
            }
        }
        long mallocPss = s.region(Region.MALLOC).pssBytes();
        long outstanding = c == null ? -1 : c.outstanding();
        long retained = c == null ? -1 : c.retained();
        long retainedResident = -1;
        long other = -1;
        if (c != null) {
            // mmapped chunks lie outside the arenas; JDK 17 does not count them apart: the resident
            // loose malloc mappings stand in for them (they are mostly such chunks)
            long mmapped = c.mmapped() >= 0 ? c.mmapped() : Math.min(outstanding, maps.looseRss());
            retainedResident = Math.max(0, maps.arenaAndBrkRss() - (outstanding - mmapped));
            other = Math.max(0, mallocPss - outstanding - retainedResident);
        }
        int arenaLimit = !glibc ? -1 : env.arenaMax() > 0 ? env.arenaMax() : 8 * env.cpus();
        long direct = pool("direct");
        long mapped = pool("mapped");
        long[] in = inputs;
        in[0] = a.bits();
        in[1] = glibc ? maps.arenaHeaps() : -1;
        in[2] = arenaLimit;
        in[3] = outstanding;
        in[4] = retained;
        in[5] = retainedResident;
        in[6] = direct;
        in[7] = mapped;
        in[8] = other;
        in[9] = mallocPss;
        in[10] = c == null ? 0 : c.epochMillis();
        in[11] = lastTrimMillis;
        in[12] = counterPolicy.stale(c, now) ? 1 : 0;
        if (Arrays.equals(in, lastInputs) && view != NativeHeapView.UNKNOWN) {
            return; // nothing moved: no new view, no garbage
        }
        System.arraycopy(in, 0, lastInputs, 0, in.length);
        String limitSource =
                !glibc
                        ? ""
                        : env.arenaMax() > 0
                                ? env.arenaMaxSource()
                                : "glibc's default: 8 x " + env.cpus() + " CPUs";
        List<String> findings =
                NativeHeapFindings.of(
                        new NativeHeapFindings.Figures(
                                a.name(),
                                a.source(),
                                (int) in[1],
                                arenaLimit,
                                outstanding,
                                retained,
                                retainedResident,
                                direct,
                                other,
                                mallocPss),
                        counterPolicy.periodicTrim());
        view =
                new NativeHeapView(
                        a.name(),
                        a.source(),
                        (int) in[1],
                        arenaLimit,
                        limitSource,
                        outstanding,
                        retained,
                        retainedResident,
                        direct,
                        mapped,
                        other,
                        mallocPss,
                        c == null ? 0 : c.epochMillis(),
                        c == null ? "" : c.source(),
                        lastTrimMillis,
                        lastTrimBytes,
                        findings,
                        counterPolicy.status(a, c, now),
                        s.id());
    }

    private long pool(String name) {
        for (int i = 0; i < pools.size(); i++) {
            BufferPoolMXBean p = pools.get(i);
            if (p.getName().equals(name)) {
                return p.getMemoryUsed();
            }
        }
        return -1;
    }

    /** Asks the next scan to read the counters again, waits for it, and returns the new view. */
    public NativeHeapView refresh(Supplier<FootprintSnapshot> scanNow) {
        counterPolicy.request();
        scanNow.get();
        return view;
    }

    /**
     * Runs System.trim_native_heap, then a scan with fresh counters; returns the bytes released (the drop of
     * RSS+Swap the JVM printed). Refused unless allowTrim=true, and for allocators other than glibc.
     */
    public long trim(Supplier<FootprintSnapshot> scanNow) {
        if (!allowTrim) {
            throw new UnsupportedOperationException(
                    "trim() is off: start the agent with allowTrim=true to let it "
                            + "run System.trim_native_heap, which returns the free memory glibc keeps to the system");
        }
        String allocator = view.allocator();
        if (!allocator.equals("glibc")) {
            throw new UnsupportedOperationException(
                    "trim() works on glibc's malloc; this JVM's allocator is " + allocator);
        }
        String out;
        synchronized (lock) {
            if (env == null) {
                throw new IllegalStateException("no scan yet: try again in a moment");
            }
            out = facts.command("System.trim_native_heap");
        }
        if (out == null) {
            throw new UnsupportedOperationException(
                    "this JVM has no System.trim_native_heap diagnostic command");
        }
        long bytes = MallocCounters.trimmedBytes(out);
        if (bytes == Long.MIN_VALUE) {
            throw new IllegalStateException("System.trim_native_heap answered: " + out.strip());
        }
        lastTrimBytes = bytes;
        lastTrimMillis = System.currentTimeMillis();
        refresh(scanNow);
        return bytes;
    }
}
