package dev.wrss.mbeans;

import javax.management.openmbean.TabularData;

/** The published contract of {@value #OBJECT_NAME}: the largest mapped data files and their region totals. */
public interface MappedFilesMXBean {

    /** Referenced by examples; do not rename. */
    String OBJECT_NAME = "wrss:type=MappedFiles";

    /**
     * Indexed by {@code path}; items {@code path} (String), {@code inode}, {@code rss}, {@code pss},
     * {@code uss}, {@code virtual} (long), {@code deleted} (boolean), {@code mappings} (int).
     */
    TabularData getFiles();

    /** Number of distinct mapped files in all, listed or not. */
    int getCount();

    long getRss();

    long getPss();

    long getSnapshotId();
}
