package dev.wrss.mbeans;

import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularType;

/**
 * The open types of the tabular attributes and operation results; {@link FootprintRows} fills them. Index and
 * item names become jmx_exporter labels and attribute keys and are referenced by examples/prometheus/wrss.yaml:
 * do not rename.
 */
final class FootprintTables {

    private static final OpenType<?> L = SimpleType.LONG;
    private static final OpenType<?> I = SimpleType.INTEGER;
    private static final OpenType<?> S = SimpleType.STRING;

    static final Table REGIONS =
            table(
                    "wrss.Regions",
                    "Memory of every JVM region in one scan",
                    "region",
                    new String[] {
                        "region", "rss", "pss", "uss", "swap", "swapPss", "virtual", "mappings"
                    },
                    new OpenType<?>[] {S, L, L, L, L, L, L, I},
                    new String[] {
                        "Region id, e.g. java_heap",
                        "Resident bytes, shared pages counted in full",
                        "Weighted resident bytes (Pss)",
                        "Bytes no other process maps (Private_Clean + Private_Dirty)",
                        "Swapped-out bytes",
                        "Swapped-out bytes weighted like Pss; negative where unknown",
                        "Size of the address ranges in bytes",
                        "Number of mappings"
                    });

    static final Table THREADS =
            table(
                    "wrss.ThreadStacks",
                    "Thread stacks with the most resident memory",
                    "tid",
                    new String[] {"tid", "name", "rss", "pss", "virtual"},
                    new OpenType<?>[] {L, S, L, L, L},
                    new String[] {
                        "Native thread id (the tid in /proc/self/task)",
                        "Thread name",
                        "Resident bytes of the stack",
                        "Weighted resident bytes (Pss) of the stack",
                        "Size of the stack and its guard pages in bytes"
                    });

    static final Table FILES =
            table(
                    "wrss.MappedFiles",
                    "Mapped files with the most weighted memory",
                    "path",
                    new String[] {
                        "path", "inode", "deleted", "rss", "pss", "uss", "virtual", "mappings"
                    },
                    new OpenType<?>[] {S, L, SimpleType.BOOLEAN, L, L, L, L, I},
                    new String[] {
                        "File path as /proc/self/maps shows it",
                        "Inode number",
                        "Whether the file was deleted while still mapped",
                        "Resident bytes",
                        "Weighted resident bytes (Pss)",
                        "Bytes no other process maps",
                        "Size of the mappings in bytes",
                        "Number of mappings of the file"
                    });

    static final Table MAPPINGS =
            table(
                    "wrss.Mappings",
                    "Every mapping of the process with its region",
                    "start",
                    new String[] {
                        "start", "end", "perms", "path", "offset", "region", "rss", "pss", "uss",
                        "swap"
                    },
                    new OpenType<?>[] {L, L, S, S, L, S, L, L, L, L},
                    new String[] {
                        "Start address",
                        "End address (exclusive)",
                        "Permissions, e.g. rw-p",
                        "Path or pseudo path, empty for anonymous memory",
                        "Offset into the file in bytes",
                        "Region id wrss gave the mapping",
                        "Resident bytes",
                        "Weighted resident bytes (Pss)",
                        "Bytes no other process maps",
                        "Swapped-out bytes"
                    });

    static final Table SELF_COST =
            table(
                    "wrss.SelfCost",
                    "Memory the agent itself costs, by region",
                    "region",
                    new String[] {"region", "bytes", "estimate"},
                    new OpenType<?>[] {S, L, S},
                    new String[] {
                        "Region id, e.g. metaspace",
                        "Bytes the JVM would not hold without the agent; -1 unknown",
                        "How the number is estimated"
                    });

    static final Table NODES =
            table(
                    "wrss.NodeResident",
                    "Resident bytes per NUMA node",
                    "node",
                    new String[] {"node", "bytes"},
                    new OpenType<?>[] {I, L},
                    new String[] {"NUMA node id", "Resident bytes on that node"});

    static final Table PAGES =
            table(
                    "wrss.Pages",
                    "One row per page: supermincore",
                    "address",
                    new String[] {
                        "address",
                        "pfn",
                        "index",
                        "count",
                        "perms",
                        "present",
                        "swapped",
                        "exclusive",
                        "fileOrSharedAnon",
                        "softDirty",
                        "thp",
                        "node"
                    },
                    new OpenType<?>[] {
                        L,
                        L,
                        L,
                        I,
                        S,
                        SimpleType.BOOLEAN,
                        SimpleType.BOOLEAN,
                        SimpleType.BOOLEAN,
                        SimpleType.BOOLEAN,
                        SimpleType.BOOLEAN,
                        SimpleType.BOOLEAN,
                        I
                    },
                    new String[] {
                        "Virtual address of the page",
                        "Physical frame number; 0 when unknown or not present",
                        "Offset of the page in its file, in pages; -1 for anonymous memory",
                        "Processes mapping the frame (kpagecount); unprivileged 1 if exclusive, else 0 = unknown",
                        "Protection of the mapping, e.g. rw-p",
                        "Resident",
                        "Swapped out",
                        "Mapped by this process only",
                        "File page or shared anonymous",
                        "Soft-dirty",
                        "Part of a transparent huge page",
                        "NUMA node of the frame; -1 when unknown"
                    });

    static final Table PAGE_SUMMARY =
            table(
                    "wrss.PageSummary",
                    "Per mapping: what its pages are",
                    "start",
                    new String[] {
                        "start",
                        "end",
                        "perms",
                        "path",
                        "pages",
                        "present",
                        "swapped",
                        "exclusive",
                        "shared",
                        "unknownCount",
                        "weightedBytes"
                    },
                    new OpenType<?>[] {L, L, S, S, L, L, L, L, L, L, L},
                    new String[] {
                        "Start address of the queried part",
                        "End address (exclusive)",
                        "Protection, e.g. rw-p",
                        "Path, empty for anonymous memory",
                        "Pages queried",
                        "Pages resident",
                        "Pages swapped out",
                        "Pages mapped by this process only",
                        "Pages mapped by more than one process",
                        "Resident pages whose map count is unknown (unprivileged)",
                        "Exact weighted bytes: page size / map count summed over resident pages"
                    });

    private FootprintTables() {}

    /** A tabular type with its item names in declared order ({@link CompositeType#keySet()} is sorted). */
    record Table(TabularType type, String[] items) {}

    private static Table table(
            String name,
            String description,
            String index,
            String[] items,
            OpenType<?>[] types,
            String[] itemDescriptions) {
        try {
            CompositeType row =
                    new CompositeType(
                            name + ".Row",
                            description + ": one row",
                            items,
                            itemDescriptions,
                            types);
            return new Table(new TabularType(name, description, row, new String[] {index}), items);
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
