package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.management.AttributeList;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=NativeHeap}: the agent's latest {@link NativeHeapView}. Contract in {@link NativeHeapMXBean}.
 * A bulk read pins one view, so its values never mix two refreshes, as the other beans never mix two scans.
 */
final class NativeHeapBean extends SnapshotMBean {

    private final FootprintControl control;

    /** The view a bulk read answers from, set for the duration of one getAttributes call on its thread. */
    private final ThreadLocal<NativeHeapView> pinned;

    NativeHeapBean(FootprintControl control) {
        this(control, new ThreadLocal<>());
    }

    private NativeHeapBean(FootprintControl control, ThreadLocal<NativeHeapView> pinned) {
        super(
                control,
                NativeHeapMXBean.class,
                "The malloc region split: allocator, arenas, bytes allocated, bytes the allocator keeps free, "
                        + "direct buffers, and findings with their numbers",
                attributes(() -> view(control, pinned)),
                operations(control));
        this.control = control;
        this.pinned = pinned;
    }

    private static NativeHeapView view(
            FootprintControl control, ThreadLocal<NativeHeapView> pinned) {
        NativeHeapView v = pinned.get();
        if (v != null) {
            return v;
        }
        v = control.nativeHeap();
        return v != null ? v : NativeHeapView.UNKNOWN;
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        pinned.set(view(control, pinned));
        try {
            return super.getAttributes(names);
        } finally {
            pinned.remove();
        }
    }

    // Attribute names are referenced by examples/prometheus/wrss.yaml; do not rename.
    private static List<SnapshotAttribute> attributes(
            java.util.function.Supplier<NativeHeapView> v) {
        List<SnapshotAttribute> a = new ArrayList<>();
        a.add(
                text(
                        "Allocator",
                        "The allocator that serves malloc: glibc, jemalloc, tcmalloc, mimalloc, musl or "
                                + "unknown, from the mapped libraries and LD_PRELOAD",
                        v,
                        NativeHeapView::allocator));
        a.add(
                text(
                        "AllocatorSource",
                        "How the allocator was recognised (the library seen mapped, and whether "
                                + "LD_PRELOAD named it)",
                        v,
                        NativeHeapView::allocatorSource));
        a.add(
                SnapshotAttribute.of(
                        "Arenas",
                        SimpleType.INTEGER,
                        null,
                        "glibc arena heaps found in the maps beside "
                                + "the main arena ([heap]): 64 MiB-aligned anonymous reservations, one per arena and more for an arena "
                                + "that outgrew 64 MiB; -1 for another allocator",
                        s -> v.get().arenas()));
        a.add(
                SnapshotAttribute.of(
                        "ArenaLimit",
                        SimpleType.INTEGER,
                        null,
                        "The most arenas glibc creates: "
                                + "MALLOC_ARENA_MAX, glibc.malloc.arena_max, or its default of 8 per CPU; -1 for another allocator",
                        s -> v.get().arenaLimit()));
        a.add(
                text(
                        "ArenaLimitSource",
                        "Where ArenaLimit comes from",
                        v,
                        NativeHeapView::arenaLimitSource));
        a.add(
                bytes(
                        "Outstanding",
                        "Bytes malloc'd and not yet freed, as glibc counts them (in-use chunks plus "
                                + "mmapped chunks); -1 where unknown",
                        v,
                        NativeHeapView::outstanding));
        a.add(
                bytes(
                        "Retained",
                        "Free bytes glibc keeps in its arenas (free chunks and each arena's top), "
                                + "resident or not; -1 where unknown",
                        v,
                        NativeHeapView::retained));
        a.add(
                bytes(
                        "RetainedResident",
                        "Estimate of the retained bytes that are resident: RSS of the arenas and "
                                + "[heap] less the bytes in use in them; what a trim could return; -1 where unknown",
                        v,
                        NativeHeapView::retainedResident));
        a.add(
                bytes(
                        "DirectBuffers",
                        "Memory of direct ByteBuffers (BufferPool 'direct'), part of Outstanding",
                        v,
                        NativeHeapView::directBuffers));
        a.add(
                bytes(
                        "MappedBuffers",
                        "Memory of MappedByteBuffers (BufferPool 'mapped'): file pages, counted in "
                                + "mapped_files, not in malloc",
                        v,
                        NativeHeapView::mappedBuffers));
        a.add(
                bytes(
                        "Other",
                        "Pss of the malloc region that neither Outstanding nor RetainedResident explains: "
                                + "anonymous memory native code mapped itself; -1 where unknown",
                        v,
                        NativeHeapView::other));
        a.add(
                SnapshotAttribute.of(
                        "StatsEpochMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "When Outstanding and Retained were read, ms since 1970-01-01 UTC; 0 never",
                        s -> v.get().statsEpochMillis()));
        a.add(
                text(
                        "StatsSource",
                        "The diagnostic command Outstanding and Retained were read from",
                        v,
                        NativeHeapView::statsSource));
        a.add(
                SnapshotAttribute.of(
                        "LastTrimEpochMillis",
                        SimpleType.LONG,
                        SnapshotAttribute.MILLISECONDS,
                        "When trim() last ran, ms since 1970-01-01 UTC; 0 never",
                        s -> v.get().lastTrimEpochMillis()));
        a.add(
                bytes(
                        "LastTrimBytes",
                        "Bytes the last trim() returned to the system (RSS+Swap drop); -1 never",
                        v,
                        NativeHeapView::lastTrimBytes));
        a.add(
                SnapshotAttribute.of(
                        "Findings",
                        stringArray(),
                        null,
                        "Facts about the native heap, one sentence "
                                + "each with the numbers it rests on; empty when the numbers show nothing",
                        s -> v.get().findings().toArray(new String[0])));
        a.add(text("Status", "ok, or which values are -1 and why", v, NativeHeapView::status));
        a.add(
                SnapshotAttribute.of(
                        "SnapshotId",
                        SimpleType.LONG,
                        null,
                        "Id of the scan the arena figures and Other come from",
                        s -> v.get().snapshotId()));
        return a;
    }

    private static List<SnapshotOperation> operations(FootprintControl control) {
        return List.of(
                new SnapshotOperation(
                        "refresh",
                        "Reads the allocator's counters again and scans; returns Status",
                        SimpleType.STRING,
                        MBeanOperationInfo.ACTION,
                        () -> control.refreshNativeHeap().status()),
                new SnapshotOperation(
                        "trim",
                        "Runs System.trim_native_heap and returns the bytes released; only "
                                + "when the agent was started with allowTrim=true",
                        SimpleType.LONG,
                        MBeanOperationInfo.ACTION,
                        control::trimNativeHeap),
                new SnapshotOperation(
                        "report",
                        "The malloc split and the findings as text",
                        SimpleType.STRING,
                        MBeanOperationInfo.INFO,
                        () -> NativeHeapReport.format(control.nativeHeap())));
    }

    private static SnapshotAttribute text(
            String name,
            String description,
            java.util.function.Supplier<NativeHeapView> v,
            Function<NativeHeapView, String> f) {
        return SnapshotAttribute.of(
                name, SimpleType.STRING, null, description, s -> f.apply(v.get()));
    }

    private static SnapshotAttribute bytes(
            String name,
            String description,
            java.util.function.Supplier<NativeHeapView> v,
            Function<NativeHeapView, Long> f) {
        return SnapshotAttribute.bytes(name, description, s -> f.apply(v.get()));
    }

    private static ArrayType<String[]> stringArray() {
        try {
            return ArrayType.getArrayType(SimpleType.STRING);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }
}
