package dev.wrss.agent.nativeheap;

import dev.wrss.agent.layout.JvmFacts;

/**
 * Which diagnostic command reads glibc's counters on this JDK, and how often (each runs without a safepoint):
 * JDK 21 and later, {@code System.native_heap_info} (malloc_info) at most once per maxAge, and on request; JDK
 * 17, the {@code VM.info} the layout reads at start where it needs it, and otherwise only on request: VM.info
 * prints the whole VM state and is too dear to run periodically.
 *
 * <p>Threads: {@link #read} runs on the scanning thread under the probe's lock; {@link #request} on any.
 */
final class MallocCounterPolicy {

    private static final String NOT_GLIBC =
            "Outstanding, Retained, RetainedResident and Other are -1: ";

    private final long maxAgeMillis;
    private final int jdkFeature = Runtime.version().feature();
    private MallocCounters counters;
    private String vmInfoLinesSeen;
    private boolean periodicTrim;
    private volatile boolean refreshRequested;

    MallocCounterPolicy(long maxAgeMillis) {
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Makes the next {@link #read} run its command whatever the age of the counters. */
    void request() {
        refreshRequested = true;
    }

    /** The counters, read again if the policy says so; null while no source has printed any. */
    MallocCounters read(JvmFacts facts, String vmInfoMallocLines, long now) {
        boolean asked = refreshRequested;
        refreshRequested = false;
        if (vmInfoMallocLines != null && !vmInfoMallocLines.equals(vmInfoLinesSeen)) {
            vmInfoLinesSeen = vmInfoMallocLines;
            periodicTrim = vmInfoMallocLines.contains("Periodic native trim enabled");
            if (counters == null && jdkFeature < 21) {
                counters = MallocCounters.fromVmInfo(vmInfoMallocLines, "VM.info at start", now);
            }
        }
        if (jdkFeature >= 21) {
            if (counters == null || asked || now - counters.epochMillis() >= maxAgeMillis) {
                MallocCounters c =
                        MallocCounters.fromMallocInfo(
                                facts.command("System.native_heap_info"), now);
                counters = c != null ? c : counters;
            }
        } else if (asked) {
            String text = facts.command("VM.info");
            MallocCounters c = MallocCounters.fromVmInfo(text, "VM.info on request", now);
            counters = c != null ? c : counters;
        }
        return counters;
    }

    /** Whether VM.info said the JVM trims the native heap periodically. */
    boolean periodicTrim() {
        return periodicTrim;
    }

    boolean stale(MallocCounters c, long now) {
        return c != null && now - c.epochMillis() > maxAgeMillis + 1000;
    }

    /** The view's status: "ok", or why the counters are missing or old. */
    String status(Allocator a, MallocCounters c, long now) {
        if (!a.name().equals("glibc")) {
            return NOT_GLIBC + a.name() + " keeps its own books, which glibc's counters do not see";
        }
        if (c == null && jdkFeature < 21 && vmInfoLinesSeen == null) {
            return "Outstanding, Retained, RetainedResident and Other are -1 until refresh(): on JDK "
                    + jdkFeature
                    + " they come from VM.info, which the layout did not need here and which keeps ~4 MiB"
                    + " of libjvm's symbol tables for good once run";
        }
        if (c == null) {
            return "Outstanding, Retained, RetainedResident and Other are -1: this JVM prints no glibc counters "
                    + "(no C-Heap line in VM.info, no System.native_heap_info)";
        }
        if (stale(c, now)) {
            return "stale: Outstanding and Retained are from "
                    + c.source()
                    + ", "
                    + (now - c.epochMillis()) / 1000
                    + " s ago; on JDK "
                    + jdkFeature
                    + " only refresh() reads them again";
        }
        return "ok";
    }
}
