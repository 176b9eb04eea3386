package dev.wrss.agent.layout;

import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionLimits;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads the flags that bound regions, once: a flag set on the command line (or in JAVA_TOOL_OPTIONS, a
 * flags file, or through the management interface) is named as its source, one the JVM chose is
 * {@code ergonomic}, a region no flag bounds is {@code unbounded}.
 */
public final class FlagLimits {

    /** Above this a size flag means "no limit": MaxMetaspaceSize defaults to max_uintx. */
    private static final BigInteger UNLIMITED = BigInteger.valueOf(Long.MAX_VALUE / 2);

    private FlagLimits() {}

    /** @param maxMemoryBytes Runtime.maxMemory(): the direct-memory bound when MaxDirectMemorySize is 0 */
    public static RegionLimits read(JvmFacts facts, long maxMemoryBytes) {
        long[] max = new long[Region.count()];
        String[] src = new String[Region.count()];
        Arrays.fill(max, -1);
        Arrays.fill(src, RegionLimits.UNBOUNDED);
        bound(facts, "MaxHeapSize", 1, Region.JAVA_HEAP, max, src);
        bound(facts, "MaxMetaspaceSize", 1, Region.METASPACE, max, src);
        if (facts.vmFlag("UseCompressedClassPointers")) {
            bound(facts, "CompressedClassSpaceSize", 1, Region.CLASS_SPACE, max, src);
        }
        bound(facts, "ReservedCodeCacheSize", 1, Region.CODE_CACHE, max, src);
        bound(facts, "ThreadStackSize", 1024, Region.THREAD_STACKS, max, src); // in KB
        bound(facts, "MaxDirectMemorySize", 1, Region.MALLOC, max, src);
        int malloc = Region.MALLOC.ordinal();
        if (max[malloc] == 0) {
            // 0 is the default: the JDK then lets direct buffers grow to the heap's maximum
            // (VM.maxDirectMemory)
            max[malloc] = maxMemoryBytes;
        }
        return new RegionLimits(max, src);
    }

    private static void bound(
            JvmFacts facts, String flag, long unit, Region region, long[] max, String[] src) {
        JvmFacts.VmOption o = facts.vmOptionWithOrigin(flag);
        int i = region.ordinal();
        if (o == null) {
            src[i] = "unknown";
            return;
        }
        BigInteger v;
        try {
            v = new BigInteger(o.value().trim());
        } catch (NumberFormatException e) {
            src[i] = "unknown";
            return;
        }
        if (v.signum() < 0 || v.compareTo(UNLIMITED) > 0) {
            return; // unbounded: max_uintx, which the management interface reads back as a signed
            // -1
        }
        max[i] = v.longValue() * unit;
        src[i] = source(flag, o.origin());
    }

    /** The flag's name when a person set it, {@code ergonomic} when the JVM did. */
    static String source(String flag, String origin) {
        return "DEFAULT".equals(origin) || "ERGONOMIC".equals(origin)
                ? RegionLimits.ERGONOMIC
                : flag;
    }
}
