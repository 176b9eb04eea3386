package dev.wrss.agent.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins wrss's mapping rows with the oracle's ranges by address and measures agreement: of the resident
 * bytes the oracle annotates, the share wrss puts in the same region. A row's RSS is spread over the oracle
 * ranges it overlaps in proportion to the overlap (a kernel VMA can merge several NMT regions), and one
 * measure, wrss's own RSS, is used on both sides so the two readings' few milliseconds apart do not count.
 */
final class Agreement {

    /** One disagreeing piece of a row: its share of the row's RSS and where each side put it. */
    record Miss(long rssBytes, String text) {}

    /** Per oracle region: {annotated resident bytes, of them in the same wrss region}. */
    final Map<String, long[]> byRegion = new TreeMap<>();

    /** Resident bytes the oracle puts in region A and wrss in region B, keyed "A->B". */
    final Map<String, Long> misses = new TreeMap<>();

    /** The largest disagreeing pieces, "start-end perms oracle->wrss rss", for the table. */
    final List<Miss> missRows = new ArrayList<>();

    /** Per wrss region: resident bytes no oracle range covers (malloc, files, libraries...). */
    final Map<String, Long> unannotated = new TreeMap<>();

    long oracleSaysRssBytes;
    long annotatedRssBytes;
    long agreedRssBytes;
    long totalRssBytes;
    long totalPssBytes;
    long otherPssBytes;

    /** {@code oracle} must be sorted by start and free of overlaps, as both oracle sources are. */
    static Agreement of(List<AgentRows.Row> rows, List<NmtOracle.Range> oracle) {
        return of(rows, oracle, false);
    }

    /**
     * As {@link #of(List, List)}; with {@code mergedEitherRegion}, a row (one kernel VMA) that spans oracle
     * ranges of several regions is right in any of them, as System.map tags such a VMA with every tag it
     * spans: for NMT detail, whose reserved ranges do not show that the kernel merged two of them.
     */
    static Agreement of(
            List<AgentRows.Row> rows, List<NmtOracle.Range> oracle, boolean mergedEitherRegion) {
        Agreement a = new Agreement();
        for (NmtOracle.Range r : oracle) {
            a.oracleSaysRssBytes += Math.max(0, r.oracleRssBytes());
        }
        int first = 0;
        for (AgentRows.Row row : rows) {
            a.totalRssBytes += row.rssBytes();
            a.totalPssBytes += row.pssBytes();
            if (row.region().equals("other")) {
                a.otherPssBytes += row.pssBytes();
            }
            while (first < oracle.size() && oracle.get(first).end() <= row.start()) {
                first++;
            }
            long covered = 0;
            java.util.Set<String> spanned = new java.util.LinkedHashSet<>();
            for (int i = first;
                    mergedEitherRegion && i < oracle.size() && oracle.get(i).start() < row.end();
                    i++) {
                spanned.addAll(oracle.get(i).regions());
            }
            for (int i = first; i < oracle.size() && oracle.get(i).start() < row.end(); i++) {
                NmtOracle.Range r = oracle.get(i);
                if (spanned.size() > 1) {
                    r =
                            new NmtOracle.Range(
                                    r.start(),
                                    r.end(),
                                    r.tags(),
                                    spanned,
                                    r.oracleRssBytes(),
                                    r.path(),
                                    r.stackTid(),
                                    r.stackName());
                }
                long overlap = Math.min(row.end(), r.end()) - Math.max(row.start(), r.start());
                long rss = share(row, overlap);
                covered += rss;
                a.add(r, row, rss);
            }
            a.unannotated.merge(row.region(), row.rssBytes() - covered, Long::sum);
        }
        return a;
    }

    private static long share(AgentRows.Row row, long overlapBytes) {
        return overlapBytes >= row.bytes()
                ? row.rssBytes()
                : (long) ((double) row.rssBytes() * overlapBytes / row.bytes());
    }

    private void add(NmtOracle.Range r, AgentRows.Row row, long rss) {
        String wrssRegion = row.region();
        if (rss == 0) {
            return;
        }
        String oracleRegion = r.regions().iterator().next();
        // a merged VMA tagged "CODE,GC" is right in either region: wrss gives a mapping one region
        boolean same = r.regions().contains(wrssRegion);
        long[] acc = byRegion.computeIfAbsent(same ? wrssRegion : oracleRegion, k -> new long[2]);
        acc[0] += rss;
        annotatedRssBytes += rss;
        if (same) {
            acc[1] += rss;
            agreedRssBytes += rss;
        } else {
            misses.merge(
                    r.tags().replaceAll("STACK-.*", "STACK") + "->" + wrssRegion, rss, Long::sum);
            missRows.add(
                    new Miss(
                            rss,
                            String.format(
                                    Locale.ROOT,
                                    "%x-%x %s %s oracle %x-%x %s->%s",
                                    row.start(),
                                    row.end(),
                                    row.perms(),
                                    row.path() == null ? "" : row.path(),
                                    r.start(),
                                    r.end(),
                                    r.tags(),
                                    wrssRegion)));
        }
    }

    double percent() {
        return annotatedRssBytes == 0 ? 100.0 : 100.0 * agreedRssBytes / annotatedRssBytes;
    }

    double otherPercentOfPss() {
        return totalPssBytes == 0 ? 0 : 100.0 * otherPssBytes / totalPssBytes;
    }

    /** The table the test prints: one line per oracle region, then the misses and the unannotated rest. */
    String table(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%n== %s: agreement %.3f%% of %s annotated RSS (System.map itself: %s);"
                                + " other %.3f%% of Pss%n",
                        title,
                        percent(),
                        mib(annotatedRssBytes),
                        oracleSaysRssBytes == 0 ? "n/a" : mib(oracleSaysRssBytes),
                        otherPercentOfPss()));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "   %-14s %12s %12s %9s%n",
                        "region",
                        "oracle RSS",
                        "same in wrss",
                        "agree"));
        for (Map.Entry<String, long[]> e : byRegion.entrySet()) {
            long[] v = e.getValue();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "   %-14s %12s %12s %8.2f%%%n",
                            e.getKey(),
                            mib(v[0]),
                            mib(v[1]),
                            v[0] == 0 ? 100.0 : 100.0 * v[1] / v[0]));
        }
        misses.forEach(
                (k, v) -> sb.append(String.format(Locale.ROOT, "   miss %-34s %12s%n", k, mib(v))));
        missRows.stream()
                .sorted(Comparator.comparingLong(Miss::rssBytes).reversed())
                .limit(8)
                .forEach(
                        m ->
                                sb.append(
                                        String.format(
                                                Locale.ROOT,
                                                "     %8dK %s%n",
                                                m.rssBytes() >> 10,
                                                m.text())));
        StringBuilder rest = new StringBuilder("   not annotated by NMT:");
        unannotated.forEach((k, v) -> rest.append(' ').append(k).append('=').append(mib(v)));
        return sb.append(rest).append('\n').toString();
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2fM", bytes / 1048576.0);
    }
}
