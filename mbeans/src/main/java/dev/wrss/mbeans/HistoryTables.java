package dev.wrss.mbeans;

import java.util.List;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * The open types of {@code wrss:type=History}'s tables and the conversion into them. Index and item names are
 * read by the command line (history, report --diff) and by scrapers: do not rename.
 */
final class HistoryTables {

    /** The row name for the whole process in growth, samples and diff tables. */
    static final String TOTAL = "total";

    /**
     * Item names in declared order, per table ({@link CompositeType#keySet()} is sorted); declared before the
     * tables, which fill it.
     */
    private static final java.util.Map<TabularType, String[]> ITEMS = new java.util.HashMap<>();

    private static final OpenType<?> L = SimpleType.LONG;
    private static final OpenType<?> D = SimpleType.DOUBLE;
    private static final OpenType<?> S = SimpleType.STRING;

    static final TabularType GROWTH =
            table(
                    "wrss.Growth",
                    "PSS growth per region, bytes per hour",
                    new String[] {"region"},
                    new String[] {"region", "last10m", "last1h", "sinceStart"},
                    new OpenType<?>[] {S, D, D, D},
                    new String[] {
                        "Region id, or total",
                        "Over the last 10 minutes; NaN below two samples",
                        "Over the last hour; NaN below two samples",
                        "Over every sample kept; NaN below two samples"
                    });

    static final TabularType SAMPLES =
            table(
                    "wrss.Samples",
                    "History samples, one row per sample and region",
                    new String[] {"time", "region"},
                    new String[] {
                        "time",
                        "region",
                        "rss",
                        "pss",
                        "uss",
                        "swap",
                        "threads",
                        "cgroupUsage",
                        "cgroupLimit"
                    },
                    new OpenType<?>[] {L, S, L, L, L, L, L, L, L},
                    new String[] {
                        "Sample time, epoch milliseconds",
                        "Region id, or total",
                        "Resident bytes",
                        "Weighted resident bytes (Pss)",
                        "Bytes no other process maps",
                        "Swapped-out bytes",
                        "Threads of the process at that time; -1 where unknown",
                        "Memory the cgroup was charged for; -1 where unknown",
                        "The cgroup's limit; -1 where unlimited"
                    });

    static final TabularType DIFF =
            table(
                    "wrss.Diff",
                    "PSS now against the baseline, per region",
                    new String[] {"region"},
                    new String[] {"region", "baseline", "now", "delta", "deltaPercent"},
                    new OpenType<?>[] {S, L, L, L, D},
                    new String[] {
                        "Region id, or total",
                        "PSS bytes at the baseline",
                        "PSS bytes in the latest scan",
                        "now - baseline, bytes",
                        "delta in percent of baseline; NaN where the baseline was 0"
                    });

    static final TabularType DIFF_TOP =
            table(
                    "wrss.DiffTop",
                    "What grew most since the baseline",
                    new String[] {"kind", "name"},
                    new String[] {"kind", "name", "baseline", "now", "delta"},
                    new OpenType<?>[] {S, S, L, L, L},
                    new String[] {
                        "thread, file or mapping",
                        "Thread name and tid, file path, or mapping range and path",
                        "Bytes at the baseline (RSS for threads, PSS otherwise)",
                        "Bytes now",
                        "now - baseline"
                    });

    private HistoryTables() {}

    private static TabularType table(
            String name,
            String description,
            String[] index,
            String[] items,
            OpenType<?>[] types,
            String[] itemDescriptions) {
        try {
            TabularType t =
                    new TabularType(
                            name,
                            description,
                            new CompositeType(
                                    name + ".Row",
                                    description + ": one row",
                                    items,
                                    itemDescriptions,
                                    types),
                            index);
            ITEMS.put(t, items);
            return t;
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static TabularData growth(List<HistoryControl.Growth> rows) {
        TabularDataSupport t = new TabularDataSupport(GROWTH);
        for (HistoryControl.Growth g : rows) {
            put(t, g.region(), g.last10m(), g.last1h(), g.sinceStart());
        }
        return t;
    }

    static TabularData samples(List<HistoryControl.Sample> samples) {
        TabularDataSupport t = new TabularDataSupport(SAMPLES);
        for (HistoryControl.Sample s : samples) {
            long rss = 0, pss = 0, uss = 0, swap = 0;
            for (int i = 0; i < Region.count(); i++) {
                put(
                        t,
                        s.epochMillis(),
                        Region.ofOrdinal(i).id(),
                        s.rss()[i],
                        s.pss()[i],
                        s.uss()[i],
                        s.swap()[i],
                        s.threads(),
                        s.cgroupUsage(),
                        s.cgroupLimit());
                rss += s.rss()[i];
                pss += s.pss()[i];
                uss += s.uss()[i];
                swap += s.swap()[i];
            }
            put(
                    t,
                    s.epochMillis(),
                    TOTAL,
                    rss,
                    pss,
                    uss,
                    swap,
                    s.threads(),
                    s.cgroupUsage(),
                    s.cgroupLimit());
        }
        return t;
    }

    static TabularData diff(FootprintSnapshot baseline, FootprintSnapshot now) {
        TabularDataSupport t = new TabularDataSupport(DIFF);
        for (int i = 0; i < Region.count(); i++) {
            Region r = Region.ofOrdinal(i);
            diffRow(t, r.id(), baseline.region(r).pssBytes(), now.region(r).pssBytes());
        }
        diffRow(t, TOTAL, baseline.total().pssBytes(), now.total().pssBytes());
        return t;
    }

    private static void diffRow(TabularDataSupport t, String region, long before, long after) {
        put(
                t,
                region,
                before,
                after,
                after - before,
                before == 0 ? Double.NaN : 100.0 * (after - before) / before);
    }

    static TabularData diffTop(List<HistoryControl.DiffTopRow> rows) {
        TabularDataSupport t = new TabularDataSupport(DIFF_TOP);
        for (HistoryControl.DiffTopRow r : rows) {
            if (!t.containsKey(new Object[] {r.kind(), r.name()})) {
                put(t, r.kind(), r.name(), r.baselineBytes(), r.nowBytes(), r.deltaBytes());
            }
        }
        return t;
    }

    private static void put(TabularDataSupport t, Object... values) {
        try {
            t.put(
                    new CompositeDataSupport(
                            t.getTabularType().getRowType(),
                            ITEMS.get(t.getTabularType()),
                            values));
        } catch (OpenDataException e) {
            throw new IllegalStateException(
                    "row does not match " + t.getTabularType().getTypeName(), e);
        }
    }
}
