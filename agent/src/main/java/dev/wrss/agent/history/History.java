package dev.wrss.agent.history;

import dev.wrss.agent.run.SnapshotSink;
import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.HistoryControl;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The agent's memory of how the process moved: every published snapshot (and every idle interval, at the
 * last snapshot's values) goes into each {@link HistoryRing}, finest first, which keeps it if its step is due.
 * The process totals are not stored: the regions add up to them exactly.
 *
 * <p>Ownership: {@link #published} and {@link #unchanged} run on the scanner thread only, which alone owns
 * {@link #scratch}; the rings guard their own arrays (see {@link HistoryRing}); every other method runs on
 * JMX threads and only copies out of the rings or reads the volatile baseline.
 */
public final class History implements SnapshotSink, HistoryControl {

    static final long TEN_MINUTES = 600_000;
    static final long ONE_HOUR = 3_600_000;

    private final HistoryRing[] rings;
    private final FootprintControl control;
    private final LongSupplier clock;
    private final long[] scratch = new long[HistoryRing.WIDTH];
    private boolean haveSample;
    private volatile FootprintSnapshot baseline;
    private volatile List<MappingRow> baselineMappings = List.of();
    private volatile java.util.function.Supplier<String> reportStatus = () -> "off: no reportDir";

    public History(List<Resolution> resolutions, FootprintControl control) {
        this(resolutions, control, System::currentTimeMillis);
    }

    History(List<Resolution> resolutions, FootprintControl control, LongSupplier clock) {
        this.rings = resolutions.stream().map(HistoryRing::new).toArray(HistoryRing[]::new);
        this.control = control;
        this.clock = clock;
    }

    @Override
    public void published(FootprintSnapshot s) {
        try {
            if (s.id() <= 0) {
                return;
            }
            if (baseline == null) {
                baseline = s; // without an explicit baseline, the first scan after start is the one
            }
            for (int r = 0; r < Region.count(); r++) {
                RegionUsage u = s.region(Region.ofOrdinal(r));
                int at = r * HistoryRing.FIELDS;
                scratch[at] = u.rssBytes();
                scratch[at + 1] = u.pssBytes();
                scratch[at + 2] = u.ussBytes();
                scratch[at + 3] = u.swapBytes();
            }
            scratch[HistoryRing.THREADS] = s.threadCount();
            scratch[HistoryRing.CGROUP_USAGE] = s.system().usageBytes();
            scratch[HistoryRing.CGROUP_LIMIT] = s.system().limitBytes();
            haveSample = true;
            record(s.epochMillis());
        } catch (RuntimeException e) {
            // a history that cannot record must not cost the scan; the gap shows in the samples
        }
    }

    @Override
    public void unchanged(long epochMillis) {
        if (haveSample) {
            record(epochMillis);
        }
    }

    private void record(long epochMillis) {
        for (HistoryRing ring : rings) {
            ring.record(epochMillis, scratch);
        }
    }

    @Override
    public String retention() {
        return rings.length == 0
                ? "off"
                : java.util.Arrays.stream(rings)
                        .map(r -> r.resolution().toString())
                        .collect(Collectors.joining(","));
    }

    @Override
    public long samples() {
        long n = 0;
        for (HistoryRing r : rings) {
            n += r.size();
        }
        return n;
    }

    @Override
    public long oldestEpochMillis() {
        long oldest = -1;
        for (HistoryRing r : rings) {
            HistoryRing.Copy c = r.copy(Long.MIN_VALUE, Long.MAX_VALUE);
            if (c.count() > 0 && (oldest < 0 || c.times()[0] < oldest)) {
                oldest = c.times()[0];
            }
        }
        return oldest;
    }

    @Override
    public long retainedBytes() {
        long b = 16 + 8L * scratch.length + 64;
        for (HistoryRing r : rings) {
            b += r.retainedBytes();
        }
        return b;
    }

    /** The growth rate of every region and the total, for the last 10 minutes, the last hour and since start. */
    @Override
    public List<Growth> growth() {
        long now = clock.getAsLong();
        HistoryRing.Copy tenMinutes = covering(now - TEN_MINUTES);
        HistoryRing.Copy hour = covering(now - ONE_HOUR);
        HistoryRing.Copy all = covering(Long.MIN_VALUE);
        List<Growth> out = new ArrayList<>(Region.count() + 1);
        for (int r = -1; r < Region.count(); r++) {
            out.add(
                    new Growth(
                            r < 0 ? "total" : Region.ofOrdinal(r).id(),
                            rate(tenMinutes, now - TEN_MINUTES, r),
                            rate(hour, now - ONE_HOUR, r),
                            rate(all, Long.MIN_VALUE, r)));
        }
        return out;
    }

    private static double rate(HistoryRing.Copy c, long fromMillis, int region) {
        int first = 0;
        while (first < c.count() && c.times()[first] < fromMillis) {
            first++;
        }
        return LeastSquares.pssPerHour(c, first, region);
    }

    /** The finest resolution that reaches back to {@code fromMillis}, or has kept everything since start. */
    private HistoryRing.Copy covering(long fromMillis) {
        HistoryRing.Copy c = new HistoryRing.Copy(new long[0], new long[0], false);
        for (HistoryRing ring : rings) {
            c = ring.copy(Long.MIN_VALUE, Long.MAX_VALUE);
            if (!c.wrapped() || (c.count() > 0 && c.times()[0] <= fromMillis)) {
                return c;
            }
        }
        return c; // none reaches back that far: the coarsest holds the most
    }

    /** The finest resolution for each time: a coarser ring answers only for times older than the finer ones hold. */
    @Override
    public List<Sample> samples(long fromMillis, long toMillis) {
        List<Sample> older = new ArrayList<>();
        List<Sample> out = new ArrayList<>();
        long before = Long.MAX_VALUE;
        for (HistoryRing ring : rings) {
            HistoryRing.Copy c =
                    ring.copy(
                            fromMillis,
                            before == Long.MAX_VALUE ? toMillis : Math.min(toMillis, before - 1));
            older.clear();
            for (int k = 0; k < c.count(); k++) {
                older.add(sample(c, k));
            }
            out.addAll(0, older);
            HistoryRing.Copy held = ring.copy(Long.MIN_VALUE, Long.MAX_VALUE);
            if (!held.wrapped()) {
                break; // this ring holds everything since start
            }
            if (held.count() > 0) {
                before = Math.min(before, held.times()[0]);
            }
        }
        return out;
    }

    private static Sample sample(HistoryRing.Copy c, int k) {
        int n = Region.count();
        long[] rss = new long[n];
        long[] pss = new long[n];
        long[] uss = new long[n];
        long[] swap = new long[n];
        for (int r = 0; r < n; r++) {
            rss[r] = c.value(k, r, 0);
            pss[r] = c.value(k, r, 1);
            uss[r] = c.value(k, r, 2);
            swap[r] = c.value(k, r, 3);
        }
        return new Sample(
                c.times()[k],
                rss,
                pss,
                uss,
                swap,
                c.extra(k, HistoryRing.THREADS),
                c.extra(k, HistoryRing.CGROUP_USAGE),
                c.extra(k, HistoryRing.CGROUP_LIMIT));
    }

    @Override
    public FootprintSnapshot takeBaseline() {
        FootprintSnapshot s = control.scanNow();
        List<MappingRow> rows = control.mappings();
        baselineMappings = List.copyOf(rows);
        baseline = s;
        return s;
    }

    @Override
    public FootprintSnapshot baseline() {
        FootprintSnapshot b = baseline;
        return b != null ? b : FootprintSnapshot.unavailable("none", "no scan yet");
    }

    @Override
    public List<DiffTopRow> diffTop() {
        FootprintSnapshot now = control.scanNow();
        List<MappingRow> baseRows = baselineMappings;
        return DiffTop.of(
                baseline(), baseRows, now, baseRows.isEmpty() ? List.of() : control.mappings());
    }

    /** Where {@link #reportStatus()} comes from: the evidence writer, when reportDir is set. */
    public void reportStatus(java.util.function.Supplier<String> status) {
        reportStatus = status;
    }

    @Override
    public String reportStatus() {
        return reportStatus.get();
    }
}
