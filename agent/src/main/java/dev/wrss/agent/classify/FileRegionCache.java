package dev.wrss.agent.classify;

import dev.wrss.mbeans.Region;
import java.util.Arrays;

/**
 * Remembers the region of each mapped file by device and inode, so that a path is examined once per file
 * rather than once per mapping per scan. Entries sit in dense arrays in the order first seen, behind an
 * open-addressing index; each entry also remembers which entry was asked for after it, so a scan that meets
 * the files in the same order as the last one finds each with one comparison and no hashing. Bounded: the
 * arrays grow to {@link #MAX_ENTRIES}; past that further files are not cached (their paths are examined each
 * scan), and every {@link #SCANS_BETWEEN_REFILLS} scans a full cache starts again, so that the files of today
 * replace those of long ago.
 */
final class FileRegionCache {

    /** 4,096 entries: ~100 KB with the index. More files than that are examined every scan, paths only. */
    static final int MAX_ENTRIES = 1 << 12;

    /** When full, start again every this many scans, so files mapped later get their turn. */
    private static final int SCANS_BETWEEN_REFILLS = 64;

    private int scansFull;
    private static final int MIN_ENTRIES = 256;

    private long[] inodes;
    private int[] devices;
    private byte[] regions;

    /** The entry looked up right after this one, last time; -1 if none. */
    private int[] next;

    private int[] index; // entry + 1; 0 = empty
    private int size;
    private int last = -1; // the entry of the previous lookup in this scan

    FileRegionCache() {
        allocate(MIN_ENTRIES);
    }

    /** Starts a scan: the first file is predicted from the first file of the last scan. */
    void startScan() {
        last = -1;
        if (size == MAX_ENTRIES && ++scansFull >= SCANS_BETWEEN_REFILLS) {
            scansFull = 0;
            clear();
        }
    }

    long retainedBytes() {
        return 5 * 16L + inodes.length * (8L + 4 + 1 + 4) + 4L * index.length + 32;
    }

    /** The cached region of the file, or null. */
    Region get(int major, int minor, long inode) {
        int e = find(major << 20 | minor, inode);
        return e < 0 ? null : Region.ofOrdinal(regions[e]);
    }

    /** Sets the file's region, usually right after a {@link #get} of it that answered null or was overruled. */
    void put(int major, int minor, long inode, Region region) {
        int dev = major << 20 | minor;
        // not find(): the get before it already linked this file into the order
        int e =
                last >= 0 && inodes[last] == inode && devices[last] == dev
                        ? last
                        : index[slot(dev, inode)] - 1;
        if (e < 0) {
            if (size == inodes.length) {
                if (size == MAX_ENTRIES) {
                    return; // full: this file's path is examined each scan until the next refill
                }
                allocate(Math.min(MAX_ENTRIES, size * 2));
            }
            e = size++;
            inodes[e] = inode;
            devices[e] = dev;
            next[e] = -1;
            index[slot(dev, inode)] = e + 1;
            link(e);
        }
        regions[e] = (byte) region.ordinal();
    }

    private int find(int dev, long inode) {
        int guess = last < 0 ? (size > 0 ? 0 : -1) : next[last];
        if (guess >= 0 && guess < size && inodes[guess] == inode && devices[guess] == dev) {
            last = guess;
            return guess;
        }
        int e = index[slot(dev, inode)] - 1;
        if (e >= 0) {
            link(e);
        }
        return e;
    }

    /** Records that {@code e} followed the previous lookup, so the next scan predicts it. */
    private void link(int e) {
        if (last >= 0) {
            next[last] = e;
        }
        last = e;
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

    private void clear() {
        size = 0;
        last = -1;
        Arrays.fill(index, 0);
    }

    private void allocate(int capacity) {
        inodes = inodes == null ? new long[capacity] : Arrays.copyOf(inodes, capacity);
        devices = devices == null ? new int[capacity] : Arrays.copyOf(devices, capacity);
        regions = regions == null ? new byte[capacity] : Arrays.copyOf(regions, capacity);
        next = next == null ? new int[capacity] : Arrays.copyOf(next, capacity);
        // at most half full: a power of two at least twice the capacity
        index = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
        for (int e = 0; e < size; e++) {
            index[slot(devices[e], inodes[e])] = e + 1;
        }
    }
}
