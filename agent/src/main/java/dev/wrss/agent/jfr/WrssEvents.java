package dev.wrss.agent.jfr;

import dev.wrss.mbeans.FootprintControl;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.RegionLimits;
import dev.wrss.mbeans.RegionUsage;
import java.util.function.BooleanSupplier;
import jdk.jfr.FlightRecorder;

/**
 * Registers {@code wrss.RegionUsage} and {@code wrss.Footprint} as periodic events. JFR calls the hook only
 * while a recording enables the event; it emits the latest scan once, when a scan newer than the last one
 * emitted exists, so the events follow the scans and never cause one. Registration waits for the recorder to
 * be initialized (at once with -XX:StartFlightRecording, else when the first recording starts), which
 * {@link #getAsBoolean} reads from one static field: a JVM that never records loads no JFR machinery because
 * of wrss.
 */
public final class WrssEvents implements BooleanSupplier {

    private final FootprintControl control;
    private boolean registered; // scanner thread only
    private volatile long lastRegions = -1;
    private volatile long lastFootprint = -1;

    public WrssEvents(FootprintControl control) {
        this.control = control;
    }

    /**
     * Registers the events once the recorder is initialized. Called on the scanner thread, at the start gate's
     * checks and at every interval, so the events of a recording started later come at most an interval late.
     *
     * @return whether the events are registered
     */
    @Override
    public boolean getAsBoolean() {
        if (!registered && FlightRecorder.isInitialized()) {
            registered = true;
            FlightRecorder.addPeriodicEvent(RegionUsageEvent.class, this::emitRegions);
            FlightRecorder.addPeriodicEvent(FootprintEvent.class, this::emitFootprint);
        }
        return registered;
    }

    /** The latest scan if the hook has not emitted it yet, else null. */
    private FootprintSnapshot newScan(long last) {
        FootprintSnapshot s = control.latest();
        return s == null || s.epochMillis() <= 0 || s.id() == last ? null : s;
    }

    /** Runs on JFR's periodic task thread, as {@link #emitFootprint}; nothing may escape either. */
    private void emitRegions() {
        try {
            FootprintSnapshot s = newScan(lastRegions);
            if (s == null) {
                return;
            }
            lastRegions = s.id();
            RegionLimits limits = control.regionLimits();
            for (int i = 0; i < Region.count(); i++) {
                Region region = Region.ofOrdinal(i);
                RegionUsage u = s.region(region);
                RegionUsageEvent e = new RegionUsageEvent();
                e.region = region.id();
                e.rss = u.rssBytes();
                e.pss = u.pssBytes();
                e.uss = u.ussBytes();
                e.swap = u.swapBytes();
                e.committed = s.committedBytes(region);
                e.max = limits.max(region, s);
                e.scanId = s.id();
                e.commit();
            }
        } catch (Throwable ignored) {
            // a missing event costs a recording one sample; an exception here would reach JFR's
            // thread
        }
    }

    private void emitFootprint() {
        try {
            FootprintSnapshot s = newScan(lastFootprint);
            if (s == null) {
                return;
            }
            lastFootprint = s.id();
            FootprintEvent f = new FootprintEvent();
            RegionUsage t = s.total();
            f.rss = t.rssBytes();
            f.pss = t.pssBytes();
            f.uss = t.ussBytes();
            f.swap = t.swapBytes();
            f.scanEpochMillis = s.epochMillis();
            f.dataAgeMillis = Math.max(0, System.currentTimeMillis() - s.epochMillis());
            f.scanDurationNanos = s.durationNanos();
            f.status = s.status();
            f.scanId = s.id();
            f.commit();
        } catch (Throwable ignored) {
            // a missing event costs a recording one sample; an exception here would reach JFR's
            // thread
        }
    }
}
