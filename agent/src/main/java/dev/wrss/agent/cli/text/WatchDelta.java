package dev.wrss.agent.cli.text;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.Region;

/**
 * {@code report --watch}: one more column on the region table, the PSS delta since the watch started, so that a
 * region that creeps shows it at a glance while the others stand still.
 */
public final class WatchDelta {

    static final String HEADER = "PSS SINCE START";

    private WatchDelta() {}

    /** {@code report} with the column appended to the table's header, region and TOTAL lines. */
    public static String withDelta(String report, FootprintSnapshot start, FootprintSnapshot now) {
        StringBuilder out = new StringBuilder(report.length() + 512);
        boolean inTable = false;
        for (String line : report.split("\n", -1)) {
            String first = line.split(" ", 2)[0];
            out.append(line);
            if (first.equals("REGION")) {
                inTable = true;
                out.append(String.format("  %15s", HEADER));
            } else if (inTable && first.equals("TOTAL")) {
                out.append(
                        String.format(
                                "  %15s",
                                DiffView.signed(
                                        now.total().pssBytes() - start.total().pssBytes())));
                inTable = false;
            } else if (inTable && Region.ofId(first) != null) {
                Region r = Region.ofId(first);
                out.append(
                        String.format(
                                "  %15s",
                                DiffView.signed(
                                        now.region(r).pssBytes() - start.region(r).pssBytes())));
            }
            out.append('\n');
        }
        out.setLength(
                out.length()
                        - 1); // split kept the text's own last line ending as an empty last element
        return out.toString();
    }
}
