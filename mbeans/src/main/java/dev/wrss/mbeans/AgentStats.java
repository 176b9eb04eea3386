package dev.wrss.mbeans;

/**
 * What the agent costs and how it schedules itself: not scan data, so read live rather than from a snapshot.
 *
 * @param version                 the agent jar's Implementation-Version
 * @param effectiveIntervalMillis the interval full scans run at, at the fastest: the configured one,
 *                                stretched by the CPU budget when scans are expensive
 * @param effectiveMaxAgeMillis   the age at which unchanged data is scanned again: the configured maxAge,
 *                                stretched when scans are expensive so that an idle JVM pays almost nothing
 * @param skippedIntervals        intervals that ended without a full scan because the cheap resident-size
 *                                counter had not moved by the threshold
 * @param failedScans             scans that threw; the last good numbers stayed published
 * @param selfCpuNanos            CPU time of the wrss-scanner thread since start
 * @param selfClassesLoaded       classes of the agent's own packages loaded in this JVM, -1 unknown
 * @param selfRetainedBytes       an estimate of the heap the agent keeps between scans (its buffers and tables)
 */
public record AgentStats(
        String version,
        long effectiveIntervalMillis,
        long effectiveMaxAgeMillis,
        long skippedIntervals,
        long failedScans,
        long selfCpuNanos,
        int selfClassesLoaded,
        long selfRetainedBytes) {

    public static final AgentStats UNKNOWN = new AgentStats("unknown", -1, -1, 0, 0, -1, -1, -1);
}
