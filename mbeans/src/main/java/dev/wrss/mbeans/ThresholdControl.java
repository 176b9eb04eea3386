package dev.wrss.mbeans;

import java.util.function.Consumer;

/**
 * PSS thresholds per region and for the process ({@code total}), modelled on
 * {@link java.lang.management.MemoryPoolMXBean}'s usage threshold: a crossing is counted, and announced, when
 * a scan finds the PSS at or above the threshold after one that found it below the threshold less a
 * hysteresis. The agent implements it; the MBeans read and set it and forward crossings as notifications.
 */
public interface ThresholdControl {

    /** The id of the whole process's threshold, beside the {@link Region#id()}s. */
    String TOTAL = "total";

    /** No thresholds here: all off, and setting one fails. */
    ThresholdControl NONE =
            new ThresholdControl() {
                @Override
                public long pssThreshold(String region) {
                    return 0;
                }

                @Override
                public void setPssThreshold(String region, long bytes) {
                    throw new UnsupportedOperationException(
                            "thresholds are not available in this agent");
                }

                @Override
                public boolean exceeded(String region) {
                    return false;
                }

                @Override
                public long count(String region) {
                    return 0;
                }

                @Override
                public void subscribe(Consumer<Crossing> onCrossing) {}
            };

    /** The threshold in bytes, 0 when off. */
    long pssThreshold(String region);

    /** Sets the threshold (0 turns it off); IllegalArgumentException for a negative value or unknown region. */
    void setPssThreshold(String region, long bytes);

    /** Whether the last scan found the PSS at or above the threshold (and it has not fallen back since). */
    boolean exceeded(String region);

    /** How many times the PSS crossed the threshold since it was set. */
    long count(String region);

    /** Calls {@code onCrossing} on the scanner thread for each crossing: it must hand over, never block. */
    void subscribe(Consumer<Crossing> onCrossing);

    /** One crossing: the region id (or {@code total}), its PSS, the threshold and the crossings so far. */
    record Crossing(String region, long pssBytes, long thresholdBytes, long count) {}
}
