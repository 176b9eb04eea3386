package dev.wrss.mbeans;

/**
 * One page of a supermincore query: the design's four facts (physical frame, offset in the backing file in
 * pages, number of processes mapping it, protection) plus the pagemap flags and the NUMA node.
 *
 * @param pfn   physical frame number; 0 when unknown (unprivileged) or not present
 * @param index the page's offset in its file, in pages; -1 for anonymous memory
 * @param count map count from /proc/kpagecount; unprivileged, 1 for an exclusively mapped page, else 0 (unknown)
 * @param node  NUMA node of the frame, -1 when unknown
 */
public record PageRow(
        long address,
        long pfn,
        long index,
        int count,
        String perms,
        boolean present,
        boolean swapped,
        boolean exclusive,
        boolean fileOrSharedAnon,
        boolean softDirty,
        boolean thp,
        int node) {}
