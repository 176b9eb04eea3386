package dev.wrss.mbeans;

import javax.management.MBeanOperationInfo;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=NativeHeap}: the agent's latest {@link NativeHeapView}. Contract in {@link NativeHeapMXBean}.
 * A bulk read answers from one view, so its values never mix two refreshes, as the other beans never mix two
 * scans.
 */
final class NativeHeapBean extends SnapshotMBean<NativeHeapView> {

    private final FootprintControl control;

    NativeHeapBean(FootprintControl control) {
        super(
                "The malloc region split: allocator, arenas, bytes allocated, bytes the allocator keeps free, "
                        + "direct buffers, and findings with their numbers",
                mxbean("NativeHeapMXBean"),
                attributes(),
                operations(),
                NO_NOTIFICATIONS);
        this.control = control;
    }

    @Override
    NativeHeapView source() {
        NativeHeapView v = control.nativeHeap();
        return v != null ? v : NativeHeapView.UNKNOWN;
    }

    @Override
    Object value(String name, NativeHeapView v) {
        return switch (name) {
            case "Allocator" -> v.allocator();
            case "AllocatorSource" -> v.allocatorSource();
            case "Arenas" -> v.arenas();
            case "ArenaLimit" -> v.arenaLimit();
            case "ArenaLimitSource" -> v.arenaLimitSource();
            case "Outstanding" -> v.outstanding();
            case "Retained" -> v.retained();
            case "RetainedResident" -> v.retainedResident();
            case "DirectBuffers" -> v.directBuffers();
            case "MappedBuffers" -> v.mappedBuffers();
            case "Other" -> v.other();
            case "StatsEpochMillis" -> v.statsEpochMillis();
            case "StatsSource" -> v.statsSource();
            case "LastTrimEpochMillis" -> v.lastTrimEpochMillis();
            case "LastTrimBytes" -> v.lastTrimBytes();
            case "Findings" -> v.findings().toArray(new String[0]);
            case "Status" -> v.status();
            case "SnapshotId" -> v.snapshotId();
            default -> throw new IllegalArgumentException("no attribute " + name);
        };
    }

    @Override
    Object operation(String name, Object[] arguments) {
        return switch (name) {
            case "refresh" -> control.refreshNativeHeap().status();
            case "trim" -> control.trimNativeHeap();
            case "report" -> NativeHeapReport.format(control.nativeHeap());
            default -> super.operation(name, arguments);
        };
    }

    // Attribute names are referenced by examples/prometheus/wrss.yaml; do not rename.
    private static OpenMBeanAttributeInfoSupport[] attributes() {
        return new AttributeTable()
                .add(
                        "Allocator",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "The allocator that serves malloc: glibc, jemalloc, tcmalloc, mimalloc, musl or "
                                + "unknown, from the mapped libraries and LD_PRELOAD")
                .add(
                        "AllocatorSource",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "How the allocator was recognised (the library seen mapped, and whether "
                                + "LD_PRELOAD named it)")
                .add(
                        "Arenas",
                        SimpleType.INTEGER,
                        AttributeTable.NONE,
                        "glibc arena heaps found in the maps beside "
                                + "the main arena ([heap]): 64 MiB-aligned anonymous reservations, one per arena and more for an arena "
                                + "that outgrew 64 MiB; -1 for another allocator")
                .add(
                        "ArenaLimit",
                        SimpleType.INTEGER,
                        AttributeTable.NONE,
                        "The most arenas glibc creates: "
                                + "MALLOC_ARENA_MAX, glibc.malloc.arena_max, or its default of 8 per CPU; -1 for another allocator")
                .add(
                        "ArenaLimitSource",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "Where ArenaLimit comes from")
                .bytes(
                        "Outstanding",
                        "Bytes malloc'd and not yet freed, as glibc counts them (in-use chunks plus "
                                + "mmapped chunks); -1 where unknown")
                .bytes(
                        "Retained",
                        "Free bytes glibc keeps in its arenas (free chunks and each arena's top), "
                                + "resident or not; -1 where unknown")
                .bytes(
                        "RetainedResident",
                        "Estimate of the retained bytes that are resident: RSS of the arenas and "
                                + "[heap] less the bytes in use in them; what a trim could return; -1 where unknown")
                .bytes(
                        "DirectBuffers",
                        "Memory of direct ByteBuffers (BufferPool 'direct'), part of Outstanding")
                .bytes(
                        "MappedBuffers",
                        "Memory of MappedByteBuffers (BufferPool 'mapped'): file pages, counted in "
                                + "mapped_files, not in malloc")
                .bytes(
                        "Other",
                        "Pss of the malloc region that neither Outstanding nor RetainedResident explains: "
                                + "anonymous memory native code mapped itself; -1 where unknown")
                .add(
                        "StatsEpochMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "When Outstanding and Retained were read, ms since 1970-01-01 UTC; 0 never")
                .add(
                        "StatsSource",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "The diagnostic command Outstanding and Retained were read from")
                .add(
                        "LastTrimEpochMillis",
                        SimpleType.LONG,
                        AttributeTable.MILLISECONDS,
                        "When trim() last ran, ms since 1970-01-01 UTC; 0 never")
                .bytes(
                        "LastTrimBytes",
                        "Bytes the last trim() returned to the system (RSS+Swap drop); -1 never")
                .add(
                        "Findings",
                        stringArray(),
                        AttributeTable.NONE,
                        "Facts about the native heap, one sentence "
                                + "each with the numbers it rests on; empty when the numbers show nothing")
                .add(
                        "Status",
                        SimpleType.STRING,
                        AttributeTable.NONE,
                        "ok, or which values are -1 and why")
                .add(
                        "SnapshotId",
                        SimpleType.LONG,
                        AttributeTable.NONE,
                        "Id of the scan the arena figures and Other come from")
                .toArray();
    }

    private static OpenMBeanOperationInfoSupport[] operations() {
        return new OpenMBeanOperationInfoSupport[] {
            operationInfo(
                    "refresh",
                    "Reads the allocator's counters again and scans; returns Status",
                    SimpleType.STRING,
                    MBeanOperationInfo.ACTION),
            operationInfo(
                    "trim",
                    "Runs System.trim_native_heap and returns the bytes released; only "
                            + "when the agent was started with allowTrim=true",
                    SimpleType.LONG,
                    MBeanOperationInfo.ACTION),
            operationInfo(
                    "report",
                    "The malloc split and the findings as text",
                    SimpleType.STRING,
                    MBeanOperationInfo.INFO)
        };
    }

    private static ArrayType<String[]> stringArray() {
        try {
            return ArrayType.getArrayType(SimpleType.STRING);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }
}
