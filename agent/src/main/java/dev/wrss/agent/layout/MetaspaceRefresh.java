package dev.wrss.agent.layout;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The metaspace nodes a layout knows, and when to list them again. VM.metaspace vslist, whose safepoint walks
 * every class loader, runs at start and then only when non-class metaspace committed has grown past what the
 * known nodes reserve, or to within a root chunk of it and VM.metaspace basic (counters only, no pause; within
 * a {@link CostBudget}) counts another node. Not thread-safe: one {@link LayoutProbe} owns it.
 */
final class MetaspaceRefresh {

    private static final long RATE_LIMIT_NANOS = 30_000_000_000L;

    /** Metaspace grows by root chunks; a new node appears once the old ones cannot hold another. */
    private static final long ROOT_CHUNK_BYTES = 4L << 20;

    private static final long CERTAIN_MIN_SPACING_NANOS = 1_000_000_000L;

    private final JvmFacts endpoint;
    private final CommittedSizes committedSizes;
    private final LongSupplier nanoClock;
    private final CostBudget vslistBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);
    private final CostBudget nodeCountBudget = new CostBudget(1_000_000_000L, RATE_LIMIT_NANOS);

    private MetaspaceNodes meta = MetaspaceNodes.parse(null);
    private long lastMetaCommitted = -1;
    private long lastVslistNanos = Long.MIN_VALUE / 2;

    MetaspaceRefresh(JvmFacts endpoint, CommittedSizes committedSizes, LongSupplier nanoClock) {
        this.endpoint = endpoint;
        this.committedSizes = committedSizes;
        this.nanoClock = nanoClock;
    }

    /** The nodes last listed; none before {@link #load()}. */
    MetaspaceNodes nodes() {
        return meta;
    }

    /** The first listing, with the committed size it holds. */
    void load() {
        meta = MetaspaceNodes.parse(endpoint.command("VM.metaspace", "vslist"));
        lastMetaCommitted = committedSizes.metaspaceBytes();
    }

    /** Lists the nodes again if a new one may exist; true if the known nodes changed. */
    boolean refresh(long now) {
        long committed = committedSizes.metaspaceBytes();
        long klass = Math.max(0, committedSizes.classSpaceBytes());
        if (committed < 0 || committed == lastMetaCommitted) {
            return false;
        }
        long nonClass = committed - klass;
        long known = meta.nonClassReservedBytes();
        if (nonClass + ROOT_CHUNK_BYTES <= known) {
            lastMetaCommitted = committed;
            return false; // the known nodes hold it all
        }
        // More committed than the known nodes can hold: a node we do not know exists, whatever the
        // cost budgets say (bounded: a node is 64 MiB of growth; at most one listing a second).
        // Merely close to full: a node may have been added, which VM.metaspace basic tells without
        // a pause; the listing, whose safepoint walks every class loader (28 ms with 20,000), runs
        // only once it says so
        boolean added = nonClass > known;
        if (!added) {
            if (!nodeCountBudget.allows(now)) {
                return false;
            }
            int nodes = MetaspaceNodes.nonClassNodeCount(endpoint.command("VM.metaspace", "basic"));
            nodeCountBudget.spent(now, nanoClock.getAsLong());
            if (nodes == meta.nonClassNodes()) {
                lastMetaCommitted = committed;
                return false;
            }
            added = nodes >= 0;
            // no count (an unknown report format): list on the chance, within the budget
            if (!added && !vslistBudget.allows(now)) {
                return false;
            }
        }
        if (added && now - lastVslistNanos < CERTAIN_MIN_SPACING_NANOS) {
            return false;
        }
        lastMetaCommitted = committed;
        lastVslistNanos = now;
        MetaspaceNodes next = MetaspaceNodes.parse(endpoint.command("VM.metaspace", "vslist"));
        vslistBudget.spent(now, nanoClock.getAsLong());
        if (next.nonClass().length == 0 || Arrays.equals(next.nonClass(), meta.nonClass())) {
            return false;
        }
        meta = next;
        return true;
    }
}
