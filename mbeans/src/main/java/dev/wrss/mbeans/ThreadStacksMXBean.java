package dev.wrss.mbeans;

import javax.management.openmbean.TabularData;

/** The published contract of {@value #OBJECT_NAME}: the largest thread stacks and their region totals. */
public interface ThreadStacksMXBean {

    /** Referenced by examples; do not rename. */
    String OBJECT_NAME = "wrss:type=ThreadStacks";

    /**
     * Indexed by {@code tid}; items {@code tid}, {@code rss}, {@code pss}, {@code virtual} (long) and
     * {@code name} (String); at most as many rows as configured, largest first.
     */
    TabularData getThreads();

    /** Number of thread stacks in all, listed or not. */
    int getCount();

    long getRss();

    long getPss();

    long getVirtual();

    long getSnapshotId();
}
