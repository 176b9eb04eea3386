package dev.wrss.agent.cli.target;

import dev.wrss.mbeans.FootprintMXBean;
import dev.wrss.mbeans.HistoryMXBean;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * A JMX client of {@code wrss:type=History} in another JVM: opens the session, checks that the target runs the
 * agent with its history on, and reads the growth, the diff and the samples back as plain rows.
 */
public final class HistoryClient {

    /** One sample row: a region (or {@code total}) at one time. */
    public record SampleRow(
            long time,
            String region,
            long rss,
            long pss,
            long uss,
            long swap,
            long threads,
            long cgroupUsage,
            long cgroupLimit) {}

    /** One region's PSS then and now; {@code growthPerHour} NaN where unknown. */
    public record DiffRow(String region, long before, long now, double growthPerHour) {
        public long delta() {
            return now - before;
        }
    }

    private final MBeanServerConnection jmx;
    private final ObjectName history;

    private HistoryClient(MBeanServerConnection jmx) {
        this.jmx = jmx;
        this.history = AgentClient.name(HistoryMXBean.OBJECT_NAME);
    }

    /** The history of the target in {@code session}; fails clearly where there is no agent or no history. */
    public static HistoryClient of(TargetProcess target, AttachSession session) {
        long pid = target.pid();
        if (target.otherUserAsRoot()) {
            throw new CommandFailure(
                    ExitCode.PERMISSION_DENIED,
                    "pid "
                            + pid
                            + " belongs to "
                            + ProcessOwner.describe(target.ownerUid())
                            + ": its history is read from its agent over JMX, "
                            + "which wrss does not do as root on another user's JVM; run it as that user");
        }
        if (!target.hasWrssAgent()) {
            throw new CommandFailure(
                    ExitCode.FAILURE,
                    "pid "
                            + pid
                            + " runs no wrss agent, and history needs the "
                            + "agent: it keeps the samples inside the JVM. Start the JVM with -javaagent:wrss-agent.jar or "
                            + "load it with 'wrss attach "
                            + pid
                            + "'; history starts then");
        }
        HistoryClient c = new HistoryClient(session.jmx());
        try {
            if (!c.jmx.isRegistered(c.history)) {
                throw new CommandFailure(
                        ExitCode.FAILURE,
                        "the wrss agent in pid "
                                + pid
                                + " keeps no history "
                                + "(started with history=off, or a version without it)");
            }
        } catch (IOException e) {
            throw AttachSession.failure("reading the wrss MBeans of pid " + pid, e);
        }
        return c;
    }

    /** PSS growth per hour over the last 10 minutes, by region id. */
    Map<String, Double> growthLast10m() throws IOException, JMException {
        Map<String, Double> out = new HashMap<>();
        for (Object row : ((TabularData) jmx.getAttribute(history, "Growth")).values()) {
            CompositeData r = (CompositeData) row;
            out.put((String) r.get("region"), (Double) r.get("last10m"));
        }
        return out;
    }

    /** Takes a new baseline in the target; returns its time. */
    public long takeBaseline() throws IOException, JMException {
        jmx.invoke(history, "baseline", new Object[0], new String[0]);
        return baselineEpochMillis();
    }

    public long baselineEpochMillis() throws IOException, JMException {
        return ((Number) jmx.getAttribute(history, "BaselineEpochMillis")).longValue();
    }

    /** A fresh scan in the target, then its diff against the baseline, largest delta first. */
    public List<DiffRow> diff() throws IOException, JMException {
        jmx.invoke(
                AgentClient.name(FootprintMXBean.OBJECT_NAME),
                "scan",
                new Object[0],
                new String[0]);
        Map<String, Double> growth = growthLast10m();
        List<DiffRow> rows = new ArrayList<>();
        for (Object row :
                ((TabularData) jmx.invoke(history, "diff", new Object[0], new String[0]))
                        .values()) {
            CompositeData r = (CompositeData) row;
            String region = (String) r.get("region");
            rows.add(
                    new DiffRow(
                            region,
                            l(r, "baseline"),
                            l(r, "now"),
                            growth.getOrDefault(region, Double.NaN)));
        }
        return sorted(rows);
    }

    /** The oldest sample since {@code fromMillis} against a fresh scan, largest delta first; empty without one. */
    public List<DiffRow> since(long fromMillis) throws IOException, JMException {
        jmx.invoke(
                AgentClient.name(FootprintMXBean.OBJECT_NAME),
                "scan",
                new Object[0],
                new String[0]);
        List<SampleRow> samples = samples(fromMillis, Long.MAX_VALUE);
        if (samples.isEmpty()) {
            return List.of();
        }
        long first = samples.get(0).time();
        long last = samples.get(samples.size() - 1).time();
        Map<String, Long> then = new HashMap<>();
        Map<String, Long> now = new HashMap<>();
        for (SampleRow s : samples) {
            if (s.time() == first) {
                then.put(s.region(), s.pss());
            }
            if (s.time() == last) {
                now.put(s.region(), s.pss());
            }
        }
        Map<String, Double> growth = growthLast10m();
        List<DiffRow> rows = new ArrayList<>();
        then.forEach(
                (region, pss) ->
                        rows.add(
                                new DiffRow(
                                        region,
                                        pss,
                                        now.getOrDefault(region, pss),
                                        growth.getOrDefault(region, Double.NaN))));
        return sorted(rows);
    }

    /** Sample rows with times in [from, to], oldest first, regions in the agent's order within a time. */
    public List<SampleRow> samples(long fromMillis, long toMillis) throws IOException, JMException {
        TabularData t =
                (TabularData)
                        jmx.invoke(
                                history,
                                "samples",
                                new Object[] {fromMillis, toMillis},
                                new String[] {long.class.getName(), long.class.getName()});
        List<SampleRow> rows = new ArrayList<>(t.size());
        for (Object row : t.values()) {
            CompositeData r = (CompositeData) row;
            rows.add(
                    new SampleRow(
                            l(r, "time"),
                            (String) r.get("region"),
                            l(r, "rss"),
                            l(r, "pss"),
                            l(r, "uss"),
                            l(r, "swap"),
                            l(r, "threads"),
                            l(r, "cgroupUsage"),
                            l(r, "cgroupLimit")));
        }
        rows.sort(
                Comparator.comparingLong(SampleRow::time)
                        .thenComparingInt(r -> regionOrder(r.region())));
        return rows;
    }

    /** Regions by delta, largest first; the total last. */
    private static List<DiffRow> sorted(List<DiffRow> rows) {
        rows.sort(
                Comparator.comparing((DiffRow r) -> r.region().equals("total"))
                        .thenComparing(Comparator.comparingLong(DiffRow::delta).reversed()));
        return rows;
    }

    static int regionOrder(String region) {
        dev.wrss.mbeans.Region r = dev.wrss.mbeans.Region.ofId(region);
        return r == null ? Integer.MAX_VALUE : r.ordinal();
    }

    private static long l(CompositeData r, String item) {
        return ((Number) r.get(item)).longValue();
    }
}
