package dev.wrss.agent.pages;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's page size, and address ranges rounded outward to it and checked against a bound. */
final class PageSize {

    private static final long AT_PAGESZ = 6;

    private PageSize() {
    }

    /**
     * {@code start} rounded down to a page, after checking that [start, end) is non-empty, non-negative and,
     * rounded outward, at most {@code maxRangeBytes}.
     */
    static long checkedFloor(long start, long end, int pageSizeBytes, long maxRangeBytes) {
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("negative address: [" + start + ", " + end + ")");
        }
        if (start >= end) {
            throw new IllegalArgumentException("empty range: start 0x" + Long.toHexString(start)
                    + " must be below end 0x" + Long.toHexString(end));
        }
        long lo = start - start % pageSizeBytes;
        long hi = ceil(end, pageSizeBytes);
        if (hi - lo > maxRangeBytes) {
            throw new IllegalArgumentException("range of " + (hi - lo) + " bytes exceeds the limit of "
                    + maxRangeBytes + " bytes (" + (maxRangeBytes >> 20) + " MiB) per call; split it");
        }
        return lo;
    }

    static long ceil(long end, int pageSizeBytes) {
        long rem = end % pageSizeBytes;
        if (rem != 0 && end > Long.MAX_VALUE - pageSizeBytes) {
            throw new IllegalArgumentException("end 0x" + Long.toHexString(end) + " overflows when page aligned");
        }
        return rem == 0 ? end : end + pageSizeBytes - rem;
    }

    /** AT_PAGESZ from /proc/self/auxv (pairs of native longs); 4096 if unreadable, e.g. in a fixture tree. */
    static int read(Path procRoot) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(procRoot.resolve("self/auxv"))).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                long type = b.getLong();
                long value = b.getLong();
                if (type == AT_PAGESZ && value > 0 && Long.bitCount(value) == 1 && value <= 1 << 30) {
                    return (int) value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 4096;
    }
}
