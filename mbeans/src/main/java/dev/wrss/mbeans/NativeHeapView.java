package dev.wrss.mbeans;

import java.util.List;

/**
 * What the agent knows about the native heap at one moment: which allocator serves malloc, glibc's arenas, how
 * much is allocated and how much the allocator keeps free, the buffer pools, and the last trim. Immutable;
 * the agent builds a new one when a number moves and publishes it with one volatile write. Every byte amount
 * and count is -1 where this JVM cannot give it, with the reason in {@code status}.
 *
 * @param allocator        glibc, jemalloc, tcmalloc, mimalloc, musl or unknown
 * @param allocatorSource  how the allocator was recognised, e.g. {@code "libjemalloc.so.2 mapped, in LD_PRELOAD"}
 * @param arenas           glibc arena heaps beside the main arena ({@code [heap]}): 64 MiB-aligned reservations
 * @param arenaLimit       MALLOC_ARENA_MAX, glibc.malloc.arena_max or glibc's default of 8 per CPU
 * @param arenaLimitSource which of those {@code arenaLimit} comes from
 * @param outstanding      bytes malloc'd and not freed (glibc's in-use plus mmapped chunks)
 * @param retained         free bytes the allocator keeps in its arenas (glibc's free chunks and top)
 * @param retainedResident estimate of the retained bytes that are resident: the arenas' and [heap]'s RSS less
 *                         the bytes in use inside them
 * @param directBuffers    direct ByteBuffers' memory, from the {@code direct} BufferPool bean
 * @param mappedBuffers    MappedByteBuffers' memory, from the {@code mapped} BufferPool bean (file pages, not malloc)
 * @param other            the malloc region's Pss that the allocator's books do not explain, never below 0
 * @param mallocPss        the malloc region's Pss in the scan this view was built with
 * @param statsEpochMillis when outstanding and retained were read; 0 never
 * @param statsSource      the diagnostic command they were read from
 * @param lastTrimEpochMillis when trim() last ran; 0 never
 * @param lastTrimBytes    what that trim returned, -1 never
 * @param findings         one sentence each, amounts in MiB, only where the numbers show it
 * @param status           ok, or which values are -1 and why
 * @param snapshotId       the scan whose maps the arena figures and mallocPss come from
 */
public record NativeHeapView(
        String allocator,
        String allocatorSource,
        int arenas,
        int arenaLimit,
        String arenaLimitSource,
        long outstanding,
        long retained,
        long retainedResident,
        long directBuffers,
        long mappedBuffers,
        long other,
        long mallocPss,
        long statsEpochMillis,
        String statsSource,
        long lastTrimEpochMillis,
        long lastTrimBytes,
        List<String> findings,
        String status,
        long snapshotId) {

    public static final NativeHeapView UNKNOWN =
            new NativeHeapView(
                    "unknown",
                    "",
                    -1,
                    -1,
                    "",
                    -1,
                    -1,
                    -1,
                    -1,
                    -1,
                    -1,
                    -1,
                    0,
                    "",
                    0,
                    -1,
                    List.of(),
                    "no native heap facts: the agent has not published any",
                    0);

    public NativeHeapView {
        findings = List.copyOf(findings);
    }
}
