package dev.wrss.mbeans;

import java.util.ArrayList;
import java.util.List;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=ThreadStacks}: the thread stacks with the most resident memory, and the totals of the
 * thread_stacks region. Contract in {@link ThreadStacksMXBean}.
 */
final class ThreadStacksBean extends SnapshotMBean {

    ThreadStacksBean(FootprintControl control) {
        super(
                control,
                ThreadStacksMXBean.class,
                "Native stacks of the threads of this JVM, largest first, and their totals",
                attributes(),
                List.of());
    }

    private static List<SnapshotAttribute> attributes() {
        List<SnapshotAttribute> a = new ArrayList<>();
        a.add(
                SnapshotAttribute.of(
                        "Threads",
                        FootprintTables.THREADS.type(),
                        null,
                        "The thread stacks with the most resident memory, at most as many as configured",
                        s -> FootprintTables.threads(s.threads())));
        a.add(
                SnapshotAttribute.of(
                        "Count",
                        SimpleType.INTEGER,
                        null,
                        "Number of thread stacks the last scan saw, including those not listed in Threads",
                        FootprintSnapshot::threadCount));
        a.addAll(
                SnapshotAttribute.usage(
                        "all thread stacks",
                        s -> s.region(Region.THREAD_STACKS),
                        "Rss",
                        "Pss",
                        "Virtual"));
        a.add(SnapshotAttribute.snapshotId());
        return a;
    }
}
