package dev.wrss.mbeans;

/**
 * The fixed vocabulary of JVM memory regions that wrss attributes every mapping to. Each mapping of the
 * process lands in exactly one region, so the regions of one scan add up to the process totals.
 *
 * <p>The {@link #id()} strings are part of the public interface: they are ObjectName values
 * ({@code wrss:type=Region,name=java_heap}), TabularData keys, JSON keys and Prometheus label values
 * (referenced by examples/prometheus/wrss.yaml and examples/grafana; do not rename).
 */
public enum Region {
    JAVA_HEAP("java_heap", "The Java heap reservation of the running collector"),
    METASPACE(
            "metaspace", "Non-class metaspace: class metadata outside the compressed class space"),
    CLASS_SPACE(
            "class_space",
            "The compressed class space: Klass structures addressed by narrow class pointers"),
    CDS_ARCHIVE("cds_archive", "Class Data Sharing archives mapped from classes.jsa"),
    CODE_CACHE("code_cache", "The code heaps: JIT-compiled methods, adapters and stubs"),
    GC_DATA(
            "gc_data",
            "Collector side structures: card table, mark bitmaps, block offset table, remembered sets"),
    THREAD_STACKS(
            "thread_stacks", "Every thread's stack and guard pages, the main [stack] included"),
    MALLOC("malloc", "The C heap: [heap] and glibc malloc arenas (direct ByteBuffers live here)"),
    MAPPED_FILES(
            "mapped_files",
            "File and shared-memory mappings that are not code: MappedByteBuffers, memfd, data files"),
    SHARED_LIBS("shared_libs", "The executable and every ELF shared object: text, data and bss"),
    JDK_IMAGE("jdk_image", "The JDK runtime image lib/modules"),
    OTHER("other", "Anything left: unattributed anonymous memory, [vdso], [vvar]");

    private static final Region[] VALUES = values();

    private final String id;
    private final String description;

    Region(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The lower-snake-case name used in ObjectNames, tables, JSON and metrics. */
    public String id() {
        return id;
    }

    /** One line saying what the region holds. */
    public String description() {
        return description;
    }

    /** The number of regions; {@code values()} without the copy. */
    public static int count() {
        return VALUES.length;
    }

    /** The region with this ordinal, without copying {@code values()}. */
    public static Region ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    /** The region with this {@link #id()}, or null. */
    public static Region ofId(String id) {
        for (Region r : VALUES) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }
}
