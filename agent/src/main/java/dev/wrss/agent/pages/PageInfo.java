package dev.wrss.agent.pages;

import dev.wrss.agent.proc.Mapping;

/**
 * What the kernel says about one virtual page: the pagemap entry, the map count and flags of its page
 * frame, and its NUMA node. An unknown value is 0 for {@code pfn} and {@code count}, -1 for {@code index}
 * (anonymous memory) and {@code node}.
 *
 * @param address the page's first virtual address
 * @param pfn     physical frame number; 0 when not present or hidden (PFNs need CAP_SYS_ADMIN)
 * @param index   the page's offset in the backing file, in pages; -1 for anonymous memory
 * @param count   map count from /proc/kpagecount; unprivileged 1 if exclusively mapped, else 0 (unknown)
 * @param prot    the mapping's {@link Mapping#READ}, {@link Mapping#WRITE}, {@link Mapping#EXEC},
 *                {@link Mapping#SHARED} bits
 * @param flags   {@link #PRESENT} and the other flag bits below
 * @param node    NUMA node of the frame, -1 if unknown
 */
public record PageInfo(
        long address, long pfn, long index, int count, int prot, int flags, int node) {

    // From pagemap (Documentation/admin-guide/mm/pagemap.rst), readable without privilege.
    public static final int PRESENT = 1;
    public static final int SWAPPED = 1 << 1;

    /** Mapped by this process only (pagemap bit 56). */
    public static final int EXCLUSIVE = 1 << 2;

    /** A page of a file, or shared anonymous memory (pagemap bit 61). */
    public static final int FILE_OR_SHARED_ANON = 1 << 3;

    public static final int SOFT_DIRTY = 1 << 4;
    public static final int UFFD_WP = 1 << 5;

    // From /proc/kpageflags, privileged only.
    /** Part of a transparent huge page or other large folio the kernel marks THP (KPF_THP). */
    public static final int THP = 1 << 6;

    /** Part of a hugetlbfs page (KPF_HUGE). */
    public static final int HUGETLB = 1 << 7;

    public static final int DIRTY = 1 << 8;

    /** The shared zero page: mapped everywhere, counted nowhere. */
    public static final int ZERO_PAGE = 1 << 9;

    public static final int KSM = 1 << 10;

    public boolean present() {
        return (flags & PRESENT) != 0;
    }

    public boolean swapped() {
        return (flags & SWAPPED) != 0;
    }

    public boolean exclusive() {
        return (flags & EXCLUSIVE) != 0;
    }

    public boolean fileOrSharedAnon() {
        return (flags & FILE_OR_SHARED_ANON) != 0;
    }

    public boolean softDirty() {
        return (flags & SOFT_DIRTY) != 0;
    }

    public boolean thp() {
        return (flags & THP) != 0;
    }

    public boolean anonymous() {
        return index < 0;
    }

    @Override
    public String toString() {
        return Long.toHexString(address)
                + " pfn="
                + Long.toHexString(pfn)
                + " index="
                + index
                + " count="
                + count
                + " prot="
                + prot
                + " flags="
                + Integer.toBinaryString(flags)
                + " node="
                + node;
    }
}
