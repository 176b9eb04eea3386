package dev.wrss.mbeans;

/**
 * The configured bound of each region, as the JVM's flags set it: {@code MaxHeapSize} for the heap,
 * {@code MaxMetaspaceSize} for metaspace and class space together, {@code CompressedClassSpaceSize},
 * {@code ReservedCodeCacheSize}, {@code MaxDirectMemorySize} for the direct buffers inside malloc, and
 * {@code ThreadStackSize} per thread. Read once by the agent: these flags do not change while the JVM runs.
 *
 * @param maxBytes per region ordinal, the bound in bytes, -1 for none; for thread_stacks the bound of ONE thread
 * @param sources  per region ordinal: the flag's name when set on the command line (or in JAVA_TOOL_OPTIONS),
 *                 {@code ergonomic} when the JVM chose it, {@code unbounded} for -1, {@code unknown} unread
 */
public record RegionLimits(long[] maxBytes, String[] sources) {

    public static final String ERGONOMIC = "ergonomic";
    public static final String UNBOUNDED = "unbounded";

    public static final RegionLimits UNKNOWN = unknown();

    public RegionLimits {
        if (maxBytes.length != Region.count() || sources.length != Region.count()) {
            throw new IllegalArgumentException("one entry per region expected");
        }
        maxBytes = maxBytes.clone();
        sources = sources.clone();
    }

    private static RegionLimits unknown() {
        long[] max = new long[Region.count()];
        String[] src = new String[Region.count()];
        java.util.Arrays.fill(max, -1);
        java.util.Arrays.fill(src, "unknown");
        return new RegionLimits(max, src);
    }

    /** The bound of the region in this snapshot: for thread stacks, the threads it saw times one stack's. */
    public long max(Region region, FootprintSnapshot s) {
        long m = maxBytes[region.ordinal()];
        if (region == Region.THREAD_STACKS && m >= 0) {
            return m * s.threadCount();
        }
        return m;
    }

    public String source(Region region) {
        return sources[region.ordinal()];
    }

    /**
     * What the flags let the process grow to: every bounded region at its bound (or its present size, if larger),
     * the unbounded ones at their present Pss. Metaspace and class space are bounded together by
     * MaxMetaspaceSize; in malloc only the direct buffers are bounded, so it counts as its Pss less the buffers
     * plus their bound. Returns -1 when no bound is known at all.
     *
     * @param directBytes the direct buffers' present memory, -1 if unknown
     */
    public long configuredMax(FootprintSnapshot s, long directBytes) {
        boolean anyBound = false;
        long sum = 0;
        for (int i = 0; i < Region.count(); i++) {
            Region r = Region.ofOrdinal(i);
            long pss = s.region(r).pssBytes();
            long max = max(r, s);
            anyBound |= max >= 0;
            if (r == Region.METASPACE || r == Region.CLASS_SPACE) {
                continue;
            }
            if (r == Region.MALLOC) {
                sum += max >= 0 && directBytes >= 0 ? Math.max(pss, pss - directBytes + max) : pss;
            } else {
                sum += Math.max(pss, max);
            }
        }
        long metaPss = s.region(Region.METASPACE).pssBytes();
        long classPss = s.region(Region.CLASS_SPACE).pssBytes();
        long metaMax = max(Region.METASPACE, s);
        sum +=
                metaMax >= 0
                        ? Math.max(metaPss + classPss, metaMax)
                        : metaPss + Math.max(classPss, max(Region.CLASS_SPACE, s));
        return anyBound ? sum : -1;
    }
}
