package dev.wrss.mbeans;

/**
 * The memory of one region (or of the whole process) in one scan, in bytes.
 *
 * @param rssBytes resident bytes, shared pages counted in full
 * @param pssBytes weighted RSS: each resident page divided by the number of processes mapping it
 * @param ussBytes resident bytes mapped by this process only (Private_Clean + Private_Dirty)
 * @param swapBytes bytes swapped out
 * @param swapPssBytes swapped-out bytes weighted like {@code pssBytes}; -1 where the kernel does not say
 * @param virtualBytes the size of the address ranges
 * @param mappings the number of mappings
 */
public record RegionUsage(
        long rssBytes,
        long pssBytes,
        long ussBytes,
        long swapBytes,
        long swapPssBytes,
        long virtualBytes,
        int mappings) {

    /** Nothing: a region no mapping landed in. */
    public static final RegionUsage EMPTY = new RegionUsage(0, 0, 0, 0, 0, 0, 0);
}
