package dev.wrss.agent.aggregate;

import dev.wrss.agent.proc.Mapping;
import dev.wrss.mbeans.FootprintSnapshot.MappedFile;
import java.util.Arrays;
import java.util.List;

/**
 * Sums mapped-file mappings per file (device and inode) and picks the top N by PSS. Files sit in dense
 * arrays sized to need (grown by a quarter) behind an open-addressing index; their paths are bytes in a
 * front-coded {@link PathArena}, and a String is built only for a file a snapshot publishes
 * ({@link PublishedFiles}). The table outlives scans so a path is copied once; files the last scan did not see
 * are dropped when the next starts. Each entry remembers which entry followed it last scan, so a steady process
 * finds each file with one comparison and no hashing; a file's sums are zeroed when the scan first touches it.
 * Bounded: past {@link #MAX_FILES} distinct files in one scan, further files find no entry and count only
 * toward the region.
 *
 * <p>The index and the growth code stay in this class: they probe and move the entry columns that
 * {@link #add} updates per mapping, and a separate object would put one more dereference on that path.
 */
public final class FileTotals {

    static final int MAX_FILES = 1 << 15;
    private static final int MIN_CAPACITY = 256;

    private int capacity;
    private int size; // entries in use
    private int live; // entries the current scan has touched
    // the entry columns, read by PublishedFiles at publication
    long[] inodes;
    int[] devices;
    // smaps and pagemap both count in whole kB: an int of kB holds 2 TiB per file, more than any
    // RAM
    int[] rssKb;
    int[] pssKb;
    int[] ussKb;
    long[] virt;
    int[] mappings; // in this scan; 0 = not seen (yet)
    private int[] next; // the entry added right after this one, last time; -1 if none
    private int last = -1; // the entry of the previous add in this scan

    /** Set up by the first top list, then kept current while adding; null before. */
    private RunningTop running;

    /**
     * Above this many entries the top list is picked by one pass at publication ({@link TopN}, compiled after
     * a few scans) instead of being kept while adding, whose position table would cost 4 bytes a file.
     */
    static final int RUNNING_TOP_MAX_FILES = 4096;

    private boolean runningThisScan;
    private int[] index; // entry + 1; 0 = empty
    final PathArena paths = new PathArena();
    private int[] order = new int[0];
    private final PublishedFiles published = new PublishedFiles();

    public FileTotals() {
        allocate(MIN_CAPACITY);
    }

    /** Starts a scan: forgets the files the last scan did not see, and zeroes the counters. */
    public void clear() {
        if (live < size) {
            compact();
        } else if (capacity - size > MIN_CAPACITY && capacity - size > size >> 3) {
            // the slack of the last growth, given back
            resize(size + Math.max(MIN_CAPACITY, size >> 4));
        }
        Arrays.fill(mappings, 0, size, 0); // the sums are zeroed on first touch
        live = 0;
        last = -1;
        if (capacity > RUNNING_TOP_MAX_FILES) {
            // its position table would cost 4 bytes a file; a pass over many files is cheap
            running = null;
        }
        runningThisScan = running != null;
        if (runningThisScan) {
            running.clear(capacity);
        }
    }

    public void add(Mapping m) {
        int dev = m.devMajor() << 20 | m.devMinor();
        long inode = m.inode();
        int e = last < 0 ? 0 : next[last];
        if (e < 0 || e >= size || inodes[e] != inode || devices[e] != dev) {
            e = find(dev, inode, m);
            if (e < 0) {
                return;
            }
            if (last >= 0) {
                next[last] = e;
            }
        }
        last = e;
        if (mappings[e]++ == 0) {
            live++;
            rssKb[e] = 0;
            pssKb[e] = 0;
            ussKb[e] = 0;
            virt[e] = 0;
        }
        rssKb[e] = plusKb(rssKb[e], Mapping.orZero(m.rssBytes()));
        pssKb[e] = plusKb(pssKb[e], Mapping.orZero(m.pssBytes()));
        ussKb[e] = plusKb(ussKb[e], m.ussBytes());
        virt[e] += m.virtualBytes();
        if (runningThisScan) {
            running.offer(e, pssKb[e]);
        }
    }

    /** The file's entry, added (path copied) if new; -1 when the table is full. */
    private int find(int dev, long inode, Mapping m) {
        int slot = slot(dev, inode);
        int e = index[slot] - 1;
        if (e < 0) {
            if (size == capacity && !grow()) {
                return -1;
            }
            e = size++;
            inodes[e] = inode;
            devices[e] = dev;
            mappings[e] = 0; // compaction leaves old counts above the new size
            next[e] = -1;
            paths.append(m);
            index[slot(dev, inode)] = e + 1; // grow() may have rebuilt the index
        }
        return e;
    }

    private static int plusKb(int kb, long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, kb + (bytes >> 10));
    }

    /** The index slot holding the file, or the empty one where it belongs. */
    private int slot(int dev, long inode) {
        int mask = index.length - 1;
        long h = (inode ^ dev) * 0x9E3779B97F4A7C15L;
        for (int i = (int) (h >>> 33) & mask; ; i = (i + 1) & mask) {
            int e = index[i] - 1;
            if (e < 0 || inodes[e] == inode && devices[e] == dev) {
                return i;
            }
        }
    }

    private boolean grow() {
        if (capacity >= MAX_FILES) {
            return false;
        }
        resize(Math.min(MAX_FILES, capacity + Math.max(MIN_CAPACITY, capacity >> 2)));
        if (running != null) {
            running.ensure(capacity);
        }
        return true;
    }

    /** Keeps the entries this scan touched, in order; shrinks the arrays when three quarters are unused. */
    private void compact() {
        paths.retain(mappings, size);
        int n = 0;
        for (int e = 0; e < size; e++) {
            if (mappings[e] > 0) {
                inodes[n] = inodes[e];
                devices[n] = devices[e];
                // entries keep their order: each most likely follows the one before
                next[n] = n + 1;
                n++; // counters are zeroed on first touch
            }
        }
        size = n;
        if (n > 0) {
            next[n - 1] = -1;
        }
        if (capacity > MIN_CAPACITY && size < capacity / 4) {
            resize(Math.max(MIN_CAPACITY, size + (size >> 2)));
        } else {
            reindex();
        }
    }

    private void resize(int newCapacity) {
        long[] oldInodes = inodes;
        int[] oldDevices = devices;
        int[] oldRss = rssKb, oldPss = pssKb, oldUss = ussKb;
        long[] oldVirt = virt;
        int[] oldMappings = mappings;
        int[] oldNext = next;
        allocate(newCapacity);
        if (oldInodes != null) {
            System.arraycopy(oldInodes, 0, inodes, 0, size);
            System.arraycopy(oldDevices, 0, devices, 0, size);
            System.arraycopy(oldRss, 0, rssKb, 0, size);
            System.arraycopy(oldPss, 0, pssKb, 0, size);
            System.arraycopy(oldUss, 0, ussKb, 0, size);
            System.arraycopy(oldVirt, 0, virt, 0, size);
            System.arraycopy(oldMappings, 0, mappings, 0, size);
            System.arraycopy(oldNext, 0, next, 0, size);
        }
        reindex();
    }

    private void allocate(int cap) {
        capacity = cap;
        inodes = new long[cap];
        devices = new int[cap];
        rssKb = new int[cap];
        pssKb = new int[cap];
        ussKb = new int[cap];
        virt = new long[cap];
        mappings = new int[cap];
        next = new int[cap];
        // at most 3/4 full: a power of two at least 4/3 of the capacity
        index = new int[Integer.highestOneBit(Math.max(4, cap + cap / 3 + 1) - 1) << 1];
    }

    private void reindex() {
        Arrays.fill(index, 0);
        for (int e = 0; e < size; e++) {
            index[slot(devices[e], inodes[e])] = e + 1;
        }
    }

    /** The arrays, the index, the path bytes and the Strings of the last published files. */
    public long retainedBytesEstimate() {
        return 9 * 16L
                + capacity * (8L + 4 + 4 * 3 + 8 + 4 + 4 + 4)
                + 16
                + 4L * index.length
                + paths.retainedBytes()
                + published.stringBytes()
                + 16
                + 4L * order.length
                + 64;
    }

    /** Distinct files of this scan. */
    public int count() {
        return live;
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
        int n;
        if (runningThisScan && running.limit() == order.length) {
            n = running.into(order);
        } else {
            n = TopN.into(order, pssKb, mappings, size);
            // kept current from the next scan on, for a table small enough
            running = capacity <= RUNNING_TOP_MAX_FILES ? new RunningTop(order.length) : null;
            runningThisScan = false;
        }
        return published.publish(this, order, n, previous);
    }
}
