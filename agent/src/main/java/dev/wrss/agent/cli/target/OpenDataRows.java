package dev.wrss.agent.cli.target;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import dev.wrss.mbeans.SelfCostRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Turns the open-data tables a wrss agent publishes back into the records they were made from, in the order
 * the command prints them. Item names are the MBeans' published contract.
 */
final class OpenDataRows {

    private OpenDataRows() {}

    /** One usage per region, {@link RegionUsage#EMPTY} for a region the table lacks. */
    static RegionUsage[] regions(TabularData table) {
        RegionUsage[] regions = new RegionUsage[Region.count()];
        Arrays.fill(regions, RegionUsage.EMPTY);
        for (Object row : table.values()) {
            CompositeData r = (CompositeData) row;
            Region region = Region.ofId((String) r.get("region"));
            if (region != null) {
                regions[region.ordinal()] =
                        new RegionUsage(
                                l(r, "rss"),
                                l(r, "pss"),
                                l(r, "uss"),
                                l(r, "swap"),
                                l(r, "swapPss"),
                                l(r, "virtual"),
                                (int) l(r, "mappings"));
            }
        }
        return regions;
    }

    /** Largest RSS first. */
    static List<FootprintSnapshot.ThreadStack> threads(TabularData table) {
        List<FootprintSnapshot.ThreadStack> threads = new ArrayList<>();
        for (Object row : table.values()) {
            CompositeData r = (CompositeData) row;
            threads.add(
                    new FootprintSnapshot.ThreadStack(
                            l(r, "tid"),
                            (String) r.get("name"),
                            l(r, "rss"),
                            l(r, "pss"),
                            l(r, "virtual")));
        }
        threads.sort(Comparator.comparingLong(FootprintSnapshot.ThreadStack::rssBytes).reversed());
        return threads;
    }

    /** Largest PSS first. */
    static List<FootprintSnapshot.MappedFile> files(TabularData table) {
        List<FootprintSnapshot.MappedFile> files = new ArrayList<>();
        for (Object row : table.values()) {
            CompositeData r = (CompositeData) row;
            files.add(
                    new FootprintSnapshot.MappedFile(
                            (String) r.get("path"),
                            l(r, "inode"),
                            (Boolean) r.get("deleted"),
                            l(r, "rss"),
                            l(r, "pss"),
                            l(r, "uss"),
                            l(r, "virtual"),
                            (int) l(r, "mappings")));
        }
        files.sort(Comparator.comparingLong(FootprintSnapshot.MappedFile::pssBytes).reversed());
        return files;
    }

    /** In address order; a region this command does not know counts as other. */
    static List<MappingRow> mappings(TabularData table) {
        List<MappingRow> rows = new ArrayList<>(table.size());
        for (Object row : table.values()) {
            CompositeData r = (CompositeData) row;
            Region region = Region.ofId((String) r.get("region"));
            rows.add(
                    new MappingRow(
                            l(r, "start"),
                            l(r, "end"),
                            (String) r.get("perms"),
                            l(r, "offset"),
                            (String) r.get("path"),
                            region == null ? Region.OTHER : region,
                            l(r, "rss"),
                            l(r, "pss"),
                            l(r, "uss"),
                            l(r, "swap")));
        }
        rows.sort(Comparator.comparingLong(MappingRow::start));
        return rows;
    }

    /** In region order; a region this command does not know goes last. */
    static List<SelfCostRow> selfCost(TabularData table) {
        List<SelfCostRow> rows = new ArrayList<>();
        for (Object row : table.values()) {
            CompositeData c = (CompositeData) row;
            rows.add(
                    new SelfCostRow(
                            (String) c.get("region"),
                            ((Number) c.get("bytes")).longValue(),
                            (String) c.get("estimate")));
        }
        rows.sort(Comparator.comparingInt(r -> regionOrder(r.region())));
        return rows;
    }

    private static int regionOrder(String id) {
        try {
            return Region.ofId(id).ordinal();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static long l(CompositeData r, String item) {
        return ((Number) r.get(item)).longValue();
    }
}
