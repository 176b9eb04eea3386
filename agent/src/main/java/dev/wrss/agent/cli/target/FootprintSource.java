package dev.wrss.agent.cli.target;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.MappingRow;
import java.util.List;

/** Where a report's numbers come from: the agent in the target, or a scan run by this command. */
public interface FootprintSource {

    /** A fresh scan of the target. */
    FootprintSnapshot scan();

    /** Every mapping of the target with its region, from a fresh pass. */
    List<MappingRow> mappings();

    /** {@code agent} or {@code cli}: the JSON {@code source} value; do not rename. */
    String kind();

    /** Who measured, for the report's first line. */
    String describe();

    /** The native heap's split and findings as text, or null where no agent publishes them. */
    default String nativeHeapReport() {
        return null;
    }

    /** What the agent in the target costs it, by region; empty without an agent (or from an older one). */
    default List<dev.wrss.mbeans.SelfCostRow> selfCost() {
        return List.of();
    }
}
