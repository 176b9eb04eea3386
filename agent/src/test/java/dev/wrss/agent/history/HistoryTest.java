package dev.wrss.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.HistoryControl;
import dev.wrss.mbeans.MappingRow;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionUsage;
import dev.wrss.mbeans.SystemView;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {

    static final long T0 = 1_700_000_000_000L;

    /** A process whose malloc grows by {@code perSecond} bytes a second, all else flat. */
    static FootprintSnapshot snapshot(long id, long millis, long mallocPss) {
        RegionUsage[] u = new RegionUsage[Region.count()];
        long[] committed = new long[Region.count()];
        for (int i = 0; i < u.length; i++) {
            u[i] = new RegionUsage(1 << 20, 1 << 20, 1 << 20, 0, 0, 2 << 20, 1);
            committed[i] = -1;
        }
        u[Region.MALLOC.ordinal()] =
                new RegionUsage(mallocPss, mallocPss, mallocPss, 0, 0, mallocPss, 1);
        return new FootprintSnapshot(
                id,
                millis,
                1000,
                "smaps",
                "ok",
                u,
                committed,
                List.of(),
                20,
                List.of(),
                0,
                new SystemView(1, "/", 1L << 30, 512L << 20, 512L << 20, -1, -1, -1, -1, -1),
                new long[0][]);
    }

    static History history(List<Resolution> r, AtomicLong clock) {
        return new History(
                r,
                new FootprintControl() {
                    @Override
                    public FootprintSnapshot latest() {
                        return snapshot(1, clock.get(), 0);
                    }

                    @Override
                    public FootprintSnapshot scanNow() {
                        return latest();
                    }

                    @Override
                    public List<MappingRow> mappings() {
                        return List.of();
                    }

                    @Override
                    public long intervalMillis() {
                        return 1000;
                    }

                    @Override
                    public void setIntervalMillis(long millis) {}
                },
                clock::get);
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @Test
    void defaultsStartSmallGrowToAtMostOneMebibyteAndAllocateNothingPerSampleOnceFull() {
        AtomicLong clock = new AtomicLong(T0);
        List<Resolution> defaults = Resolution.defaults(10_000);
        history(defaults, clock); // warm: classes, lambdas
        allocated();
        long a0 = allocated();
        History h = history(defaults, clock);
        long construction = allocated() - a0;
        assertTrue(construction < 32 << 10, construction + " bytes allocated by a new history");
        FootprintSnapshot[] snaps = new FootprintSnapshot[100];
        for (int i = 0; i < snaps.length; i++) {
            snaps[i] = snapshot(i + 1, T0 + i * 10_000L, (1L << 20) + i % 3);
        }
        for (int round = 0; round < 3; round++) { // warm the record path
            for (FootprintSnapshot s : snaps) {
                h.published(s);
            }
        }
        for (int i = 0; i < 10_000; i++) { // more than a day at 10 s: every ring full
            h.unchanged(T0 + 2_000_000 + i * 10_000L);
        }
        assertTrue(h.retainedBytes() <= 1 << 20, "stated " + h.retainedBytes());
        long r0 = allocated();
        for (int i = 0; i < 10_000; i++) {
            h.unchanged(T0 + 200_000_000 + i * 10_000L);
        }
        long perSample = (allocated() - r0) / 10_000;
        assertEquals(0, perSample, "bytes allocated a sample");
    }

    @Test
    void growthIsTheLeastSquaresSlopeOfPss() {
        AtomicLong clock = new AtomicLong(T0);
        History h = history(Resolution.parseList("2m@1s,10m@10s"), clock);
        long perSecond = 1 << 20;
        for (int i = 0; i < 60; i++) {
            clock.set(T0 + i * 1000L);
            h.published(snapshot(i + 1, clock.get(), (64L << 20) + i * perSecond));
        }
        HistoryControl.Growth malloc =
                h.growth().stream()
                        .filter(g -> g.region().equals("malloc"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(perSecond * 3600.0, malloc.last10m(), 1);
        assertEquals(perSecond * 3600.0, malloc.sinceStart(), 1);
        HistoryControl.Growth heap =
                h.growth().stream()
                        .filter(g -> g.region().equals("java_heap"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(0.0, heap.last1h(), 1e-9);
    }

    @Test
    void growthIsNaNBelowTwoSamples() {
        AtomicLong clock = new AtomicLong(T0);
        History h = history(Resolution.parseList("2m@1s"), clock);
        h.published(snapshot(1, T0, 5));
        assertTrue(Double.isNaN(h.growth().get(0).last10m()));
    }

    @Test
    void idleIntervalsRecordTheLastValuesEvenlySpaced() {
        AtomicLong clock = new AtomicLong(T0);
        History h = history(Resolution.parseList("1m@1s"), clock);
        h.published(snapshot(1, T0, 7 << 20));
        for (int i = 1; i < 200; i++) {
            h.unchanged(T0 + i * 1003L); // a tick a little longer than the step, as a walk's
            // time makes it
        }
        List<HistoryControl.Sample> s = h.samples(Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(60, s.size(), "a minute at 1 s");
        for (int i = 1; i < s.size(); i++) {
            assertEquals(1003, s.get(i).epochMillis() - s.get(i - 1).epochMillis());
            assertEquals(7 << 20, s.get(i).pss()[Region.MALLOC.ordinal()]);
        }
    }

    @Test
    void samplesAcrossTheResolutionBoundaryAreOrderedWithoutOverlap() {
        AtomicLong clock = new AtomicLong(T0);
        History h = history(Resolution.parseList("30s@1s,10m@10s"), clock);
        for (int i = 0; i < 300; i++) {
            h.published(snapshot(i + 1, T0 + i * 1000L, i));
        }
        List<HistoryControl.Sample> s = h.samples(Long.MIN_VALUE, Long.MAX_VALUE);
        long fineStart = T0 + 270_000;
        int fine = 0;
        for (int i = 0; i < s.size(); i++) {
            long t = s.get(i).epochMillis();
            if (i > 0) {
                assertTrue(t > s.get(i - 1).epochMillis(), "ordered");
            }
            if (t >= fineStart) {
                fine++;
            } else if (i > 1) {
                assertEquals(
                        10_000,
                        t - s.get(i - 1).epochMillis(),
                        "older than the fine ring: 10 s steps");
            }
            // each sample carries the values recorded at its time
            assertEquals((t - T0) / 1000, s.get(i).pss()[Region.MALLOC.ordinal()]);
        }
        assertEquals(30, fine);
        assertTrue(s.size() >= 26 + 30 && s.size() <= 28 + 30, s.size() + " samples");
    }

    @Test
    void historySpecParsesAndPrints() {
        assertEquals(
                "1h@10s,24h@1m",
                String.join(
                        ",", Resolution.defaults(1000).stream().map(Object::toString).toList()));
        assertEquals(
                List.of(new Resolution(120_000, 1000)),
                HistoryOptions.resolutions("interval=1s,history=2m@1s", 1000));
        assertEquals(2, HistoryOptions.resolutions("history=1h@10s,24h@1m,log=off", 1000).size());
        assertEquals(List.of(), HistoryOptions.resolutions("history=off", 1000));
    }
}
