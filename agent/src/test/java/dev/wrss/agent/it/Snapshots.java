package dev.wrss.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wrss.agent.it.Footprints.Reading;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.management.MBeanServerConnection;

/** Invariants and waits over the Footprint MBean of a child, shared by the reliability tests. */
public final class Snapshots {

    private Snapshots() {}

    /** The regions of one reading add up to its totals, measure by measure, and so do the mapping counts. */
    public static void assertAddsUp(Reading r) {
        for (String m : Footprints.MEASURES) {
            long sum = r.regions().values().stream().mapToLong(x -> x.get(m)).sum();
            assertEquals(
                    (long) r.totals().get(m),
                    sum,
                    m + " of snapshot " + r.snapshotId() + " (" + r.status() + ")");
        }
        assertEquals(
                r.mappings(),
                r.regions().values().stream().mapToLong(x -> x.get("mappings")).sum(),
                "mappings of snapshot " + r.snapshotId());
    }

    /** Reads until {@code until} holds, checking the invariant on every reading; fails after 60 s. */
    public static Reading awaitReading(
            MBeanServerConnection c, Predicate<Reading> until, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Reading r = Footprints.read(c);
        while (System.nanoTime() < deadline) {
            r = Footprints.read(c);
            assertAddsUp(r);
            if (until.test(r)) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + what + "; last status: " + r.status());
    }

    public static long attribute(MBeanServerConnection c, String name) throws Exception {
        return ((Number) c.getAttribute(Footprints.footprint(), name)).longValue();
    }
}
