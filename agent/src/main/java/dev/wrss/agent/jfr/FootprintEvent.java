package dev.wrss.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;

/** The process totals of one smaps scan, and how old they were when emitted. */
@Name("wrss.Footprint")
@Label("wrss Footprint")
@Category({"wrss", "Memory"})
@Description("Weighted RSS of the whole JVM process, from the wrss agent's latest smaps scan")
@Period("1 s")
@StackTrace(false)
final class FootprintEvent extends Event {

    @Label("RSS")
    @DataAmount
    long rss;

    @Label("PSS")
    @DataAmount
    long pss;

    @Label("USS")
    @DataAmount
    long uss;

    @Label("Swap")
    @DataAmount
    long swap;

    @Label("Scan Time")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long scanEpochMillis;

    @Label("Data Age")
    @Timespan(Timespan.MILLISECONDS)
    @Description("How old the scan was when the event was written")
    long dataAgeMillis;

    @Label("Scan Duration")
    @Timespan(Timespan.NANOSECONDS)
    long scanDurationNanos;

    @Label("Status")
    @Description("ok, or why scanning is degraded")
    String status;

    @Label("Scan Id")
    long scanId;
}
