package dev.wrss.agent.classify;

import dev.wrss.mbeans.Region;

/**
 * Remembers the region of each mapped file by device and inode, so that a path is examined once per
 * file rather than once per mapping per scan. Open addressing over two arrays; bounded: when three
 * quarters full it forgets everything and starts again, which costs only re-examining paths.
 */
final class FileRegionCache {

    private static final int CAPACITY = 4096; // a power of two
    static final long RETAINED_BYTES = CAPACITY * (8L + 4 + 1) + 64;
    private final long[] inodes = new long[CAPACITY];
    private final int[] devices = new int[CAPACITY];
    private final byte[] regions = new byte[CAPACITY]; // ordinal + 1; 0 = empty slot
    private int size;

    Region get(int major, int minor, long inode) {
        int dev = major << 20 | minor;
        for (int i = slot(dev, inode); ; i = (i + 1) & (CAPACITY - 1)) {
            if (regions[i] == 0) {
                return null;
            }
            if (inodes[i] == inode && devices[i] == dev) {
                return Region.ofOrdinal(regions[i] - 1);
            }
        }
    }

    void put(int major, int minor, long inode, Region region) {
        if (size >= CAPACITY * 3 / 4) {
            java.util.Arrays.fill(regions, (byte) 0);
            size = 0;
        }
        int dev = major << 20 | minor;
        for (int i = slot(dev, inode); ; i = (i + 1) & (CAPACITY - 1)) {
            if (regions[i] == 0) {
                inodes[i] = inode;
                devices[i] = dev;
                regions[i] = (byte) (region.ordinal() + 1);
                size++;
                return;
            }
            if (inodes[i] == inode && devices[i] == dev) {
                regions[i] = (byte) (region.ordinal() + 1);
                return;
            }
        }
    }

    private static int slot(int dev, long inode) {
        long h = (inode ^ dev) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & (CAPACITY - 1);
    }
}
