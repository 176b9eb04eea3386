package dev.wrss.mbeans;

import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.SimpleType;

/**
 * {@code wrss:type=ThreadStacks}: the thread stacks with the most resident memory, and the totals of the
 * thread_stacks region. Contract in {@link ThreadStacksMXBean}.
 */
final class ThreadStacksBean extends SnapshotMBean<FootprintSnapshot> {

    private final FootprintControl control;

    ThreadStacksBean(FootprintControl control) {
        super(
                "Native stacks of the threads of this JVM, largest first, and their totals",
                mxbean("ThreadStacksMXBean"),
                attributes(),
                NO_OPERATIONS,
                NO_NOTIFICATIONS);
        this.control = control;
    }

    @Override
    FootprintSnapshot source() {
        return latest(control);
    }

    @Override
    Object value(String name, FootprintSnapshot s) {
        return switch (name) {
            case "Threads" -> FootprintRows.threads(s.threads());
            case "Count" -> s.threadCount();
            case "SnapshotId" -> s.id();
            default -> AttributeTable.usage(name, s.region(Region.THREAD_STACKS));
        };
    }

    private static OpenMBeanAttributeInfoSupport[] attributes() {
        return new AttributeTable()
                .add(
                        "Threads",
                        FootprintTables.THREADS.type(),
                        AttributeTable.NONE,
                        "The thread stacks with the most resident memory, at most as many as configured")
                .add(
                        "Count",
                        SimpleType.INTEGER,
                        AttributeTable.NONE,
                        "Number of thread stacks the last scan saw, including those not listed in Threads")
                .usage("all thread stacks", "Rss", "Pss", "Virtual")
                .snapshotId()
                .toArray();
    }
}
