package dev.wrss.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** One JVM memory region as one smaps scan saw it. */
@Name("wrss.RegionUsage")
@Label("wrss Region Usage")
@Category({"wrss", "Memory"})
@Description(
        "Resident, weighted (Pss) and private bytes of one JVM memory region, one event per region per scan")
@Period("1 s")
@StackTrace(false)
final class RegionUsageEvent extends Event {

    @Label("Region")
    @Description(
            "Region id: java_heap, metaspace, class_space, code_cache, thread_stacks, malloc, ...")
    String region;

    @Label("RSS")
    @DataAmount
    @Description("Resident bytes, shared pages counted in full (smaps Rss)")
    long rss;

    @Label("PSS")
    @DataAmount
    @Description(
            "Weighted resident bytes: each page divided by the processes mapping it (smaps Pss)")
    long pss;

    @Label("USS")
    @DataAmount
    @Description("Resident bytes no other process maps")
    long uss;

    @Label("Swap")
    @DataAmount
    long swap;

    @Label("Committed")
    @DataAmount
    @Description("What the JVM says it committed; -1 where it does not say")
    long committed;

    @Label("Max")
    @DataAmount
    @Description("The region's configured bound; -1 when unbounded")
    long max;

    @Label("Scan Id")
    @Description(
            "The scan the numbers come from; equal across the regions and the wrss.Footprint of one scan")
    long scanId;
}
