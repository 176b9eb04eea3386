package dev.wrss.agent.aggregate;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.FootprintSnapshot.MappedFile;

import java.util.ArrayList;
import java.util.List;

/**
 * Sums mapped-file mappings per file (device and inode) and picks the top N by PSS. The table outlives
 * scans, so a file's path String is built once, when the file is first seen; counters are reset lazily
 * by stamping each slot with the scan it was last touched in. Bounded: past {@link #MAX_FILES} distinct
 * files the table starts afresh, and files that find no slot still count toward the region.
 */
public final class FileTotals {

    static final int MAX_FILES = 1 << 15;

    private int capacity = 256;
    private long[] inodes = new long[capacity];
    private int[] devices = new int[capacity];
    private String[] paths = new String[capacity];
    private boolean[] deleted = new boolean[capacity];
    private int[] stamp = new int[capacity];   // scan number + 1 of last use; 0 = free slot
    private long[] rss = new long[capacity];
    private long[] pss = new long[capacity];
    private long[] uss = new long[capacity];
    private long[] virt = new long[capacity];
    private int[] mappings = new int[capacity];
    private boolean[] current = new boolean[capacity];
    private int used;
    private int scan = 1;
    private int[] order = new int[0];

    public void clear() {
        scan++;
        java.util.Arrays.fill(current, false);
    }

    public void add(Mapping m) {
        int dev = m.devMajor() << 20 | m.devMinor();
        long inode = m.inode();
        int i = find(dev, inode);
        if (i < 0) {
            return;
        }
        if (stamp[i] == 0) {
            inodes[i] = inode;
            devices[i] = dev;
            paths[i] = m.pathString();
            deleted[i] = m.deleted();
            used++;
        }
        if (stamp[i] != scan) {
            stamp[i] = scan;
            rss[i] = pss[i] = uss[i] = virt[i] = 0;
            mappings[i] = 0;
            current[i] = true;
        }
        rss[i] += Mapping.orZero(m.rssBytes());
        pss[i] += Mapping.orZero(m.pssBytes());
        uss[i] += m.ussBytes();
        virt[i] += m.virtualBytes();
        mappings[i]++;
    }

    private int find(int dev, long inode) {
        if (used >= capacity * 3 / 4) {
            rebuild(Math.min(capacity * 2, MAX_FILES)); // drops files of earlier scans
            if (used >= capacity * 3 / 4) {
                return -1;
            }
        }
        return probe(dev, inode);
    }

    private int probe(int dev, long inode) {
        int mask = capacity - 1;
        long h = (inode ^ dev) * 0x9E3779B97F4A7C15L;
        for (int i = (int) (h >>> 33) & mask; ; i = (i + 1) & mask) {
            if (stamp[i] == 0 || (inodes[i] == inode && devices[i] == dev)) {
                return i;
            }
        }
    }

    /** Rebuilds the table at {@code newCapacity}, keeping only the files of the current scan. */
    private void rebuild(int newCapacity) {
        FileTotals bigger = new FileTotals();
        bigger.init(newCapacity);
        bigger.scan = scan;
        for (int i = 0; i < capacity; i++) {
            if (stamp[i] == scan) {
                int j = bigger.probe(devices[i], inodes[i]);
                bigger.inodes[j] = inodes[i];
                bigger.devices[j] = devices[i];
                bigger.paths[j] = paths[i];
                bigger.deleted[j] = deleted[i];
                bigger.stamp[j] = scan;
                bigger.rss[j] = rss[i];
                bigger.pss[j] = pss[i];
                bigger.uss[j] = uss[i];
                bigger.virt[j] = virt[i];
                bigger.mappings[j] = mappings[i];
                bigger.current[j] = true;
                bigger.used++;
            }
        }
        capacity = bigger.capacity;
        inodes = bigger.inodes;
        devices = bigger.devices;
        paths = bigger.paths;
        deleted = bigger.deleted;
        stamp = bigger.stamp;
        rss = bigger.rss;
        pss = bigger.pss;
        uss = bigger.uss;
        virt = bigger.virt;
        mappings = bigger.mappings;
        current = bigger.current;
        used = bigger.used;
    }

    private void init(int cap) {
        capacity = cap;
        inodes = new long[cap];
        devices = new int[cap];
        paths = new String[cap];
        deleted = new boolean[cap];
        stamp = new int[cap];
        rss = new long[cap];
        pss = new long[cap];
        uss = new long[cap];
        virt = new long[cap];
        mappings = new int[cap];
        current = new boolean[cap];
    }

    /** Arrays plus, per used slot, a path String of about 100 bytes. */
    public long retainedBytesEstimate() {
        return capacity * (8L + 4 + 4 + 1 + 4 + 8 * 4 + 4 + 1) + used * 100L;
    }

    /** Distinct files of this scan. */
    public int count() {
        int c = 0;
        for (int i = 0; i < capacity; i++) {
            if (current[i]) {
                c++;
            }
        }
        return c;
    }

    /** The {@code limit} files with the most PSS, largest first. */
    public List<MappedFile> top(int limit) {
        return top(limit, List.of());
    }

    /**
     * As {@link #top(int)}, but returns {@code previous} itself when it holds exactly the same entries, so
     * that a steady process publishes no new list.
     */
    public List<MappedFile> top(int limit, List<MappedFile> previous) {
        if (order.length != limit) {
            order = new int[Math.max(0, limit)];
        }
        int size = TopN.into(order, pss, current, capacity);
        if (same(size, previous)) {
            return previous;
        }
        List<MappedFile> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int i = order[k];
            out.add(new MappedFile(paths[i], inodes[i], deleted[i], rss[i], pss[i], uss[i], virt[i], mappings[i]));
        }
        return List.copyOf(out);
    }

    private boolean same(int size, List<MappedFile> previous) {
        if (previous.size() != size) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            int i = order[k];
            MappedFile p = previous.get(k);
            // the path String is the table's own: identity is enough
            if (p.inode() != inodes[i] || p.path() != paths[i] || p.rssBytes() != rss[i] || p.pssBytes() != pss[i]
                    || p.ussBytes() != uss[i] || p.virtualBytes() != virt[i] || p.mappings() != mappings[i]) {
                return false;
            }
        }
        return true;
    }
}
