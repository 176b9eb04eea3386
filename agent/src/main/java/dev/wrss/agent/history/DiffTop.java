package dev.wrss.agent.history;

import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.HistoryControl.DiffTopRow;
import dev.wrss.mbeans.MappingRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What grew most between a baseline and now, per kind, as NMT's {@code summary.diff} does for its categories:
 * thread stacks matched by tid, mapped files by path, mappings by start address and path. Each snapshot holds
 * only its top threads and files, so one that was not among the baseline's top counts from 0.
 */
final class DiffTop {

    /** Rows kept per kind. */
    static final int LIMIT = 10;

    private DiffTop() {}

    static List<DiffTopRow> of(
            FootprintSnapshot baseline,
            List<MappingRow> baseMappings,
            FootprintSnapshot now,
            List<MappingRow> nowMappings) {
        List<DiffTopRow> out = new ArrayList<>();
        Map<String, Long> before = new HashMap<>();
        for (FootprintSnapshot.ThreadStack t : baseline.threads()) {
            before.put(threadName(t), t.pssBytes());
        }
        List<DiffTopRow> rows = new ArrayList<>();
        for (FootprintSnapshot.ThreadStack t : now.threads()) {
            rows.add(
                    new DiffTopRow(
                            "thread",
                            threadName(t),
                            before.getOrDefault(threadName(t), 0L),
                            t.pssBytes()));
        }
        top(rows, out);
        before.clear();
        for (FootprintSnapshot.MappedFile f : baseline.files()) {
            before.merge(f.path(), f.pssBytes(), Long::sum);
        }
        rows.clear();
        Map<String, Long> files = new HashMap<>();
        for (FootprintSnapshot.MappedFile f : now.files()) {
            files.merge(f.path(), f.pssBytes(), Long::sum);
        }
        files.forEach(
                (path, pss) ->
                        rows.add(new DiffTopRow("file", path, before.getOrDefault(path, 0L), pss)));
        top(rows, out);
        before.clear();
        for (MappingRow m : baseMappings) {
            before.merge(mappingKey(m), m.pssBytes(), Long::sum);
        }
        rows.clear();
        for (MappingRow m : nowMappings) {
            rows.add(
                    new DiffTopRow(
                            "mapping",
                            mappingName(m),
                            before.getOrDefault(mappingKey(m), 0L),
                            m.pssBytes()));
        }
        top(rows, out);
        return out;
    }

    /** The {@link #LIMIT} rows of one kind that grew most; rows that did not grow are left out. */
    private static void top(List<DiffTopRow> rows, List<DiffTopRow> out) {
        rows.sort(Comparator.comparingLong(DiffTopRow::deltaBytes).reversed());
        for (int i = 0; i < rows.size() && i < LIMIT && rows.get(i).deltaBytes() > 0; i++) {
            out.add(rows.get(i));
        }
    }

    private static String threadName(FootprintSnapshot.ThreadStack t) {
        return t.name() + " (" + t.tid() + ")";
    }

    private static String mappingKey(MappingRow m) {
        return Long.toHexString(m.start()) + " " + m.path();
    }

    private static String mappingName(MappingRow m) {
        return Long.toHexString(m.start())
                + "-"
                + Long.toHexString(m.end())
                + " "
                + m.perms()
                + (m.path() == null || m.path().isEmpty() ? "" : " " + m.path())
                + " ["
                + m.region().id()
                + "]";
    }
}
