package dev.wrss.agent.pagemap;

import dev.wrss.agent.pages.PageInfo;
import dev.wrss.agent.proc.Mapping;
import java.util.Arrays;

/**
 * The pages of one mapping that fell inside a {@link Supermincore#query} range, summed: how many are
 * present, swapped, exclusive or shared, and their exact Pss. Built by the query, read-only afterwards.
 */
public final class MappingPages {

    // The kernel's fixed point for Pss (fs/proc/task_mmu.c), so sums round as smaps' do.
    private static final int PSS_SHIFT = 12;

    private final long start;
    private final long end;
    private final int prot;
    private final long offsetBytes;
    private final long inode;
    private final String path;
    private int pages;
    private int presentPages;
    private int swappedPages;
    private int exclusivePages;
    private int sharedPages;
    private int unknownCountPages;
    private long weightedShifted;
    private int[] presentPagesByNode = new int[0];

    public MappingPages(long start, long end, int prot, long offsetBytes, long inode, String path) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.offsetBytes = offsetBytes;
        this.inode = inode;
        this.path = path;
    }

    public void add(int count, int flags, int node, int pageSizeBytes) {
        pages++;
        if ((flags & PageInfo.SWAPPED) != 0) {
            swappedPages++;
        }
        if ((flags & PageInfo.EXCLUSIVE) != 0) {
            exclusivePages++;
        }
        if ((flags & PageInfo.PRESENT) == 0) {
            return;
        }
        presentPages++;
        if (count > 1) {
            sharedPages++;
        }
        if (count > 0) {
            weightedShifted += ((long) pageSizeBytes << PSS_SHIFT) / count;
        } else {
            unknownCountPages++;
        }
        if (node >= 0) {
            if (node >= presentPagesByNode.length) {
                presentPagesByNode = Arrays.copyOf(presentPagesByNode, node + 1);
            }
            presentPagesByNode[node]++;
        }
    }

    /** The whole mapping's first address, as in /proc/PID/maps (the examined pages may be fewer). */
    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public int prot() {
        return prot;
    }

    public long offsetBytes() {
        return offsetBytes;
    }

    public long inode() {
        return inode;
    }

    /** The path column of /proc/PID/maps; empty for plain anonymous memory. */
    public String path() {
        return path;
    }

    /** Pages of this mapping inside the query range. */
    public int pages() {
        return pages;
    }

    public int presentPages() {
        return presentPages;
    }

    public int swappedPages() {
        return swappedPages;
    }

    public int exclusivePages() {
        return exclusivePages;
    }

    /** Present pages with a map count above 1 (0 when unprivileged: counts are unknown). */
    public int sharedPages() {
        return sharedPages;
    }

    /** Present pages whose map count is unknown: all non-exclusive ones when unprivileged, the zero page. */
    public int unknownCountPages() {
        return unknownCountPages;
    }

    /** Σ pageSize / count over present pages with a known count: this range's exact Pss. */
    public long weightedBytes() {
        return weightedShifted >> PSS_SHIFT;
    }

    /** Present pages on NUMA node {@code node}, 0 for nodes never seen. */
    public int presentPagesOnNode(int node) {
        return node >= 0 && node < presentPagesByNode.length ? presentPagesByNode[node] : 0;
    }

    /** The permission column of /proc/PID/maps, e.g. {@code r--s}. */
    public String perms() {
        return new String(
                new char[] {
                    (prot & Mapping.READ) != 0 ? 'r' : '-', (prot & Mapping.WRITE) != 0 ? 'w' : '-',
                    (prot & Mapping.EXEC) != 0 ? 'x' : '-', (prot & Mapping.SHARED) != 0 ? 's' : 'p'
                });
    }

    @Override
    public String toString() {
        return Long.toHexString(start)
                + '-'
                + Long.toHexString(end)
                + ' '
                + perms()
                + ' '
                + path
                + " pages="
                + pages
                + " present="
                + presentPages
                + " swapped="
                + swappedPages
                + " exclusive="
                + exclusivePages
                + " shared="
                + sharedPages
                + " unknownCount="
                + unknownCountPages
                + " weightedBytes="
                + weightedBytes();
    }
}
