package dev.wrss.agent.pagemap;

/**
 * Receives one call per page from {@link Supermincore#scan}: the bulk path, which allocates nothing per
 * page. Arguments have the meaning of the same-named {@link PageInfo} components.
 */
@FunctionalInterface
public interface PageVisitor {

    /**
     * One page of a mapping, in ascending address order.
     *
     * @param prot  the mapping's {@code Mapping.READ|WRITE|EXEC|SHARED} bits
     * @param flags {@link PageInfo#PRESENT} and the other flag bits of {@link PageInfo}
     */
    void page(long address, long pfn, long index, int count, int prot, int flags, int node);

    /**
     * Called before the pages of each mapping that overlaps the range, with the whole mapping's bounds;
     * {@code inode} is 0 for anonymous memory.
     */
    default void mapping(long start, long end, int prot, long offsetBytes, long inode) {}
}
