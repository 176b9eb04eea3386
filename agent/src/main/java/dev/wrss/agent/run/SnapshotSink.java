package dev.wrss.agent.run;

import dev.wrss.mbeans.FootprintSnapshot;

/**
 * Where the {@link Sampler} hands each interval's outcome, on the scanner thread: the history records it,
 * thresholds check it. Implementations return quickly and never throw.
 */
public interface SnapshotSink {

    SnapshotSink NONE =
            new SnapshotSink() {
                @Override
                public void published(FootprintSnapshot s) {}

                @Override
                public void unchanged(long epochMillis) {}
            };

    /** A scan published {@code s}. */
    void published(FootprintSnapshot s);

    /** An interval ended without a scan: the resident-size tripwire says the last snapshot still holds. */
    void unchanged(long epochMillis);

    /** Both sinks, {@code first} first; either may be {@link #NONE}. */
    static SnapshotSink both(SnapshotSink first, SnapshotSink second) {
        return new SnapshotSink() {
            @Override
            public void published(FootprintSnapshot s) {
                first.published(s);
                second.published(s);
            }

            @Override
            public void unchanged(long epochMillis) {
                first.unchanged(epochMillis);
                second.unchanged(epochMillis);
            }
        };
    }
}
