package dev.wrss.agent.history;

import dev.wrss.agent.OptionValues;
import dev.wrss.agent.run.SnapshotSink;
import dev.wrss.mbeans.FootprintSnapshot;
import dev.wrss.mbeans.Region;
import dev.wrss.mbeans.ThresholdControl;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * PSS thresholds per region and for the whole process, checked against every published scan. A crossing is
 * the PSS at or above the threshold after a scan that found it below (or right after the threshold was set);
 * the next crossing needs the PSS to fall below the threshold less {@link #HYSTERESIS} first, so a value
 * hovering at the line is one crossing, not one per scan. The total's threshold may be a share of the
 * container's limit ({@code threshold.total=80%}), resolved against each scan's limit.
 *
 * <p>Ownership: {@link #published} runs on the scanner thread and alone changes the crossing state; JMX
 * threads set thresholds (which re-arms that threshold) and read the state; every field is an atomic array
 * or volatile. Subscribers are called on the scanner thread and must hand over without blocking.
 */
public final class Thresholds implements ThresholdControl, SnapshotSink {

    /** How far below the threshold PSS must fall before the next crossing counts. */
    static final double HYSTERESIS = 0.05;

    private static final int TOTAL_INDEX = Region.count();

    private final AtomicLongArray bytes = new AtomicLongArray(Region.count() + 1);

    /** The total's threshold as a share of the cgroup limit, 0 when given in bytes. */
    private volatile double totalShareOfLimit;

    /** That share of the last scan's limit in bytes; 0 before a scan that saw a limit. */
    private volatile long totalFromShare;

    private final AtomicLongArray exceeded = new AtomicLongArray(Region.count() + 1);
    private final AtomicLongArray counts = new AtomicLongArray(Region.count() + 1);
    private final List<Consumer<Crossing>> subscribers = new CopyOnWriteArrayList<>();

    /**
     * The thresholds of the agent argument's {@code threshold.<region>=<bytes>} and {@code threshold.total=<n>%}
     * options; malformed ones are left off ({@link dev.wrss.agent.AgentOptions} reports them).
     */
    public static Thresholds fromArgs(String args) {
        Thresholds t = new Thresholds();
        if (args == null) {
            return t;
        }
        for (String item : args.split(",")) {
            String opt = item.trim();
            int eq = opt.indexOf('=');
            if (eq > 0 && opt.startsWith("threshold.")) {
                try {
                    t.set(
                            opt.substring("threshold.".length(), eq).trim(),
                            opt.substring(eq + 1).trim());
                } catch (RuntimeException e) {
                    // reported by AgentOptions
                }
            }
        }
        return t;
    }

    /** Sets a threshold from option text: {@code 512m}, {@code 2g}, bytes, or for total {@code 80%}. */
    public void set(String region, String value) {
        int i = index(region);
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("%")) {
            double share = Double.parseDouble(v.substring(0, v.length() - 1)) / 100;
            if (i != TOTAL_INDEX || !(share > 0 && share <= 1)) {
                throw new IllegalArgumentException(
                        "a share of the limit (0% < n <= 100%) is for threshold.total only");
            }
            totalShareOfLimit = share;
            bytes.set(i, 0);
            exceeded.set(i, 0);
            return;
        }
        setPssThreshold(region, OptionValues.parseBytes(v, 1L << 50));
    }

    /** Throws IllegalArgumentException for a value that is not valid option text; for AgentOptions. */
    public static void check(String region, String value) {
        new Thresholds().set(region, value);
    }

    private static int index(String region) {
        if (TOTAL.equals(region)) {
            return TOTAL_INDEX;
        }
        Region r = Region.ofId(region);
        if (r == null) {
            throw new IllegalArgumentException("no region " + region + " (a region id, or total)");
        }
        return r.ordinal();
    }

    @Override
    public long pssThreshold(String region) {
        int i = index(region);
        return i == TOTAL_INDEX && totalShareOfLimit > 0 ? totalFromShare : bytes.get(i);
    }

    @Override
    public void setPssThreshold(String region, long thresholdBytes) {
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException(
                    "a threshold is 0 (off) or a positive number of bytes");
        }
        int i = index(region);
        if (i == TOTAL_INDEX) {
            totalShareOfLimit = 0;
        }
        bytes.set(i, thresholdBytes);
        exceeded.set(i, 0); // re-armed: the next scan at or above it is a crossing
    }

    @Override
    public boolean exceeded(String region) {
        return exceeded.get(index(region)) != 0;
    }

    @Override
    public long count(String region) {
        return counts.get(index(region));
    }

    @Override
    public void subscribe(Consumer<Crossing> onCrossing) {
        subscribers.add(onCrossing);
    }

    @Override
    public void published(FootprintSnapshot s) {
        try {
            for (int i = 0; i < Region.count(); i++) {
                check(i, s.region(Region.ofOrdinal(i)).pssBytes(), bytes.get(i));
            }
            long limit = s.system().limitBytes();
            double share = totalShareOfLimit;
            if (share > 0) {
                totalFromShare =
                        limit > 0 ? (long) (share * limit) : 0; // no limit, no share of it: off
            }
            long total = share > 0 ? totalFromShare : bytes.get(TOTAL_INDEX);
            check(TOTAL_INDEX, s.total().pssBytes(), total);
        } catch (RuntimeException e) {
            // thresholds must never cost the scan
        }
    }

    @Override
    public void unchanged(long epochMillis) {
        // the tripwire says nothing moved: no threshold can have been crossed
    }

    private void check(int i, long pss, long threshold) {
        if (threshold <= 0) {
            return;
        }
        if (exceeded.get(i) == 0) {
            if (pss >= threshold) {
                exceeded.set(i, 1);
                long n = counts.incrementAndGet(i);
                Crossing c =
                        new Crossing(
                                i == TOTAL_INDEX ? TOTAL : Region.ofOrdinal(i).id(),
                                pss,
                                threshold,
                                n);
                for (Consumer<Crossing> sub : subscribers) {
                    try {
                        sub.accept(c);
                    } catch (RuntimeException e) {
                        // one subscriber's failure is not the others'
                    }
                }
            }
        } else if (pss < threshold - (long) (threshold * HYSTERESIS)) {
            exceeded.set(i, 0);
        }
    }
}
