package dev.wrss.mbeans;

import javax.management.openmbean.TabularData;

/**
 * The published contract of {@value #OBJECT_NAME}: supermincore, the per-page query of this process's own
 * memory: for each page its physical frame, its offset in the backing file, how many processes map it and
 * its protection, from /proc/self/pagemap, /proc/kpagecount and /proc/kpageflags.
 */
public interface PagesMXBean {

    String OBJECT_NAME = "wrss:type=Pages";

    /** Whether frames and map counts are visible (CAP_SYS_ADMIN); without it pfn is 0 and count 1 or 0. */
    boolean getPrivileged();

    /** One row per page of [start, end), at most 16 MiB; pages not mapped at all are left out. */
    TabularData supermincore(long start, long end);

    /** One row per mapping of [start, end), at most 1 GiB: pages present, swapped, shared, weighted bytes. */
    TabularData summary(long start, long end);
}
