package dev.wrss.mbeans;

/**
 * One mapping of the process with the region wrss gave it: a line of System.map with weighted RSS.
 * Returned by the {@code mappings()} operation; built only on request, never on the periodic scan.
 */
public record MappingRow(
        long start,
        long end,
        String perms,
        long offset,
        String path,
        Region region,
        long rssBytes,
        long pssBytes,
        long ussBytes,
        long swapBytes) {}
