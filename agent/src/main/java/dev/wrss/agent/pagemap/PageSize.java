package dev.wrss.agent.pagemap;

/** Address ranges rounded outward to a page and checked against a bound. */
public final class PageSize {

    private PageSize() {}

    /**
     * {@code start} rounded down to a page, after checking that [start, end) is non-empty, non-negative and,
     * rounded outward, at most {@code maxRangeBytes}.
     */
    public static long checkedFloor(long start, long end, int pageSizeBytes, long maxRangeBytes) {
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("negative address: [" + start + ", " + end + ")");
        }
        if (start >= end) {
            throw new IllegalArgumentException(
                    "empty range: start 0x"
                            + Long.toHexString(start)
                            + " must be below end 0x"
                            + Long.toHexString(end));
        }
        long lo = start - start % pageSizeBytes;
        long hi = ceil(end, pageSizeBytes);
        if (hi - lo > maxRangeBytes) {
            throw new IllegalArgumentException(
                    "range of "
                            + (hi - lo)
                            + " bytes exceeds the limit of "
                            + maxRangeBytes
                            + " bytes ("
                            + (maxRangeBytes >> 20)
                            + " MiB) per call; split it");
        }
        return lo;
    }

    public static long ceil(long end, int pageSizeBytes) {
        long rem = end % pageSizeBytes;
        if (rem != 0 && end > Long.MAX_VALUE - pageSizeBytes) {
            throw new IllegalArgumentException(
                    "end 0x" + Long.toHexString(end) + " overflows when page aligned");
        }
        return rem == 0 ? end : end + pageSizeBytes - rem;
    }
}
