package dev.wrss.mbeans;

/**
 * Per mapping, what a supermincore query saw of it: pages present, swapped, exclusive, shared (count above 1),
 * of unknown count, and the exact weighted bytes, Σ page size / count over present pages.
 */
public record PageSummaryRow(
        long start,
        long end,
        String perms,
        String path,
        long pages,
        long present,
        long swapped,
        long exclusive,
        long shared,
        long unknownCount,
        long weightedBytes) {}
