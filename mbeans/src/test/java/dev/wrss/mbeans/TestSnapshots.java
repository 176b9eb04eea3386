package dev.wrss.mbeans;

import java.util.List;

/**
 * Snapshots whose every number is a function of the scan id, so a reader can tell from any one value which
 * scan it came from, and a mixed read shows as a mismatch.
 */
final class TestSnapshots {

    static final long EPOCH_BASE_MILLIS = 1_700_000_000_000L;

    /** Quotes, backslash, newline, a tab, a replacement char for bytes that were not UTF-8, and HTML. */
    static final String NASTY_PATH =
            "/tmp/a \"quoted\" \\dir\\\nnew\tline-\uFFFD-\u0001\u007f-<script>alert(1)</script>&";

    private TestSnapshots() {}

    static FootprintSnapshot of(long id) {
        RegionUsage[] regions = new RegionUsage[Region.count()];
        long[] committed = new long[Region.count()];
        for (int i = 0; i < regions.length; i++) {
            regions[i] = usage(id, i);
            committed[i] = i % 3 == 0 ? -1 : usage(id, i).rssBytes() * 2;
        }
        List<FootprintSnapshot.ThreadStack> threads =
                List.of(
                        new FootprintSnapshot.ThreadStack(
                                id * 10 + 1, "main", 8192 * id, 4096 * id, 1 << 20),
                        new FootprintSnapshot.ThreadStack(
                                id * 10 + 2, "GC Thread#0 \"é\"", 4096, 4096, 1 << 20));
        List<FootprintSnapshot.MappedFile> files =
                List.of(
                        new FootprintSnapshot.MappedFile(
                                "/data/big.bin",
                                42,
                                false,
                                3 * 4096 * id,
                                2 * 4096 * id,
                                4096 * id,
                                1 << 24,
                                2),
                        new FootprintSnapshot.MappedFile(
                                NASTY_PATH, 43, true, 4096, 4096, 4096, 8192, 1));
        return new FootprintSnapshot(
                id,
                EPOCH_BASE_MILLIS + id,
                1000 * id,
                "smaps",
                "ok",
                regions,
                committed,
                threads,
                17,
                files,
                5);
    }

    /** Region {@code ordinal} in scan {@code id}: distinct per region and per scan. */
    static RegionUsage usage(long id, int ordinal) {
        long rss = (id * 1000 + ordinal + 1) * 4096;
        return new RegionUsage(
                rss,
                rss / 2,
                rss / 4,
                ordinal * 4096L,
                ordinal * 2048L,
                rss * 4 + (1L << 30),
                ordinal + 1);
    }

    static long totalRss(long id) {
        long sum = 0;
        for (int i = 0; i < Region.count(); i++) {
            sum += usage(id, i).rssBytes();
        }
        return sum;
    }
}
