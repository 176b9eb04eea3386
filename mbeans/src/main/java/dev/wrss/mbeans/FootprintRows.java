package dev.wrss.mbeans;

import java.util.List;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;

/** Snapshot rows converted into the tables of {@link FootprintTables}, each row's values in its declared item order. */
final class FootprintRows {

    private FootprintRows() {}

    static TabularData regions(FootprintSnapshot s) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.REGIONS.type());
        String[] items = FootprintTables.REGIONS.items();
        for (int i = 0; i < Region.count(); i++) {
            Region r = Region.ofOrdinal(i);
            RegionUsage u = s.region(r);
            put(
                    t,
                    items,
                    r.id(),
                    u.rssBytes(),
                    u.pssBytes(),
                    u.ussBytes(),
                    u.swapBytes(),
                    u.swapPssBytes(),
                    u.virtualBytes(),
                    u.mappings());
        }
        return t;
    }

    static TabularData selfCost(List<SelfCostRow> rows) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.SELF_COST.type());
        String[] items = FootprintTables.SELF_COST.items();
        for (SelfCostRow r : rows) {
            put(t, items, text(r.region()), r.bytes(), text(r.estimate()));
        }
        return t;
    }

    static TabularData threads(List<FootprintSnapshot.ThreadStack> threads) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.THREADS.type());
        String[] items = FootprintTables.THREADS.items();
        for (FootprintSnapshot.ThreadStack th : threads) {
            put(
                    t,
                    items,
                    th.tid(),
                    text(th.name()),
                    th.rssBytes(),
                    th.pssBytes(),
                    th.virtualBytes());
        }
        return t;
    }

    static TabularData files(List<FootprintSnapshot.MappedFile> files) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.FILES.type());
        String[] items = FootprintTables.FILES.items();
        for (FootprintSnapshot.MappedFile f : files) {
            put(
                    t,
                    items,
                    text(f.path()),
                    f.inode(),
                    f.deleted(),
                    f.rssBytes(),
                    f.pssBytes(),
                    f.ussBytes(),
                    f.virtualBytes(),
                    f.mappings());
        }
        return t;
    }

    static TabularData mappings(List<MappingRow> rows) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.MAPPINGS.type());
        String[] items = FootprintTables.MAPPINGS.items();
        for (MappingRow m : rows) {
            put(
                    t,
                    items,
                    m.start(),
                    m.end(),
                    text(m.perms()),
                    text(m.path()),
                    m.offset(),
                    m.region() == null ? Region.OTHER.id() : m.region().id(),
                    m.rssBytes(),
                    m.pssBytes(),
                    m.ussBytes(),
                    m.swapBytes());
        }
        return t;
    }

    static TabularData nodes(long[] bytesByNode) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.NODES.type());
        for (int node = 0; node < bytesByNode.length; node++) {
            put(t, FootprintTables.NODES.items(), node, bytesByNode[node]);
        }
        return t;
    }

    static TabularData pages(List<PageRow> rows) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.PAGES.type());
        for (PageRow p : rows) {
            put(
                    t,
                    FootprintTables.PAGES.items(),
                    p.address(),
                    p.pfn(),
                    p.index(),
                    p.count(),
                    text(p.perms()),
                    p.present(),
                    p.swapped(),
                    p.exclusive(),
                    p.fileOrSharedAnon(),
                    p.softDirty(),
                    p.thp(),
                    p.node());
        }
        return t;
    }

    static TabularData pageSummary(List<PageSummaryRow> rows) {
        TabularDataSupport t = new TabularDataSupport(FootprintTables.PAGE_SUMMARY.type());
        for (PageSummaryRow m : rows) {
            put(
                    t,
                    FootprintTables.PAGE_SUMMARY.items(),
                    m.start(),
                    m.end(),
                    text(m.perms()),
                    text(m.path()),
                    m.pages(),
                    m.present(),
                    m.swapped(),
                    m.exclusive(),
                    m.shared(),
                    m.unknownCount(),
                    m.weightedBytes());
        }
        return t;
    }

    private static void put(TabularDataSupport t, String[] items, Object... values) {
        if (t.containsKey(new Object[] {values[0]})) {
            // rows arrive largest first, so a repeated key (two deleted files of one path) keeps
            // the larger
            return;
        }
        try {
            t.put(new CompositeDataSupport(t.getTabularType().getRowType(), items, values));
        } catch (OpenDataException e) {
            throw new IllegalStateException(
                    "row does not match " + t.getTabularType().getTypeName(), e);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
