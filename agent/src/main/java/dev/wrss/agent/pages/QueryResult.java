package dev.wrss.agent.pages;

import dev.wrss.agent.pagemap.MappingPages;
import dev.wrss.agent.pagemap.PageVisitor;
import dev.wrss.agent.proc.MapsReader;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The answer of {@link Supermincore#query}: one entry per mapped page of the range, held in parallel
 * primitive arrays (a {@link PageInfo} is made only when asked for), and one {@link MappingPages} per
 * mapping that overlaps the range. Immutable once built.
 */
public final class QueryResult {

    private final long pid;
    private final long start;
    private final long end;
    private final int pageSizeBytes;
    private final boolean privileged;
    private final int size;
    private final long[] addresses;
    private final long[] pfns;
    private final long[] indexes;
    private final int[] counts;
    private final int[] prots;
    private final int[] flags;
    private final int[] nodes;
    private final List<MappingPages> mappings;

    private QueryResult(Builder b, boolean privileged) {
        this.pid = b.pid;
        this.start = b.start;
        this.end = b.end;
        this.pageSizeBytes = b.pageSizeBytes;
        this.privileged = privileged;
        this.size = b.size;
        this.addresses = b.addresses;
        this.pfns = b.pfns;
        this.indexes = b.indexes;
        this.counts = b.counts;
        this.prots = b.prots;
        this.flags = b.flags;
        this.nodes = b.nodes;
        this.mappings = Collections.unmodifiableList(b.mappings);
    }

    /** Whether PFNs were visible, so counts come from /proc/kpagecount rather than pagemap's exclusive bit. */
    public boolean privileged() {
        return privileged;
    }

    public long pid() {
        return pid;
    }

    /** The range examined, page aligned. */
    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public int pageSizeBytes() {
        return pageSizeBytes;
    }

    /** The number of entries: mapped pages of the range. */
    public int size() {
        return size;
    }

    public long address(int i) {
        return addresses[check(i)];
    }

    public long pfn(int i) {
        return pfns[check(i)];
    }

    public long index(int i) {
        return indexes[check(i)];
    }

    public int count(int i) {
        return counts[check(i)];
    }

    public int prot(int i) {
        return prots[check(i)];
    }

    public int flags(int i) {
        return flags[check(i)];
    }

    public int node(int i) {
        return nodes[check(i)];
    }

    public PageInfo page(int i) {
        check(i);
        return new PageInfo(
                addresses[i], pfns[i], indexes[i], counts[i], prots[i], flags[i], nodes[i]);
    }

    /** The entries in address order, made on access. */
    public List<PageInfo> pages() {
        return new AbstractList<>() {
            @Override
            public PageInfo get(int i) {
                return page(i);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The per-mapping summaries, in address order. */
    public List<MappingPages> mappings() {
        return mappings;
    }

    /** The summary of the mapping containing {@code address}, or null if no mapping of the range does. */
    public MappingPages mappingAt(long address) {
        for (MappingPages m : mappings) {
            if (address >= m.start() && address < m.end()) {
                return m;
            }
        }
        return null;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + size);
        }
        return i;
    }

    /** Collects a scan into arrays sized up front from the maps, and the summaries as it goes. */
    static final class Builder implements PageVisitor {
        final long pid;
        final long start;
        final long end;
        final int pageSizeBytes;
        private final MapsReader maps;
        int size;
        final long[] addresses;
        final long[] pfns;
        final long[] indexes;
        final int[] counts;
        final int[] prots;
        final int[] flags;
        final int[] nodes;
        final List<MappingPages> mappings = new ArrayList<>();
        private MappingPages current;

        Builder(long pid, long start, long end, int pageSizeBytes, int capacity, MapsReader maps) {
            this.pid = pid;
            this.start = start;
            this.end = end;
            this.pageSizeBytes = pageSizeBytes;
            this.maps = maps;
            addresses = new long[capacity];
            pfns = new long[capacity];
            indexes = new long[capacity];
            counts = new int[capacity];
            prots = new int[capacity];
            flags = new int[capacity];
            nodes = new int[capacity];
        }

        @Override
        public void mapping(long mapStart, long mapEnd, int prot, long offsetBytes, long inode) {
            current =
                    new MappingPages(
                            mapStart, mapEnd, prot, offsetBytes, inode, maps.path(mappings.size()));
            mappings.add(current);
        }

        @Override
        public void page(
                long address, long pfn, long index, int count, int prot, int flag, int node) {
            addresses[size] = address;
            pfns[size] = pfn;
            indexes[size] = index;
            counts[size] = count;
            prots[size] = prot;
            flags[size] = flag;
            nodes[size] = node;
            size++;
            current.add(count, flag, node, pageSizeBytes);
        }

        QueryResult build(boolean privileged) {
            return new QueryResult(this, privileged);
        }
    }
}
