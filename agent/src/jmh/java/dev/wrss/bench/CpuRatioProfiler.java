package dev.wrss.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.Collection;
import java.util.List;

/**
 * Turns {@link ScanRatio}'s CPU times into JMH secondary results, one value each per iteration, averaged over the
 * iterations (an aux counter would be summed): {@code scanPerRaw}, the scan over a raw read asking 64 KiB a read;
 * {@code scanPerPageRaw}, the scan over a raw read asking what the scan asks (a little less than a page), so
 * the Java side alone; {@code pageRawPerRaw}, what that read size saves the kernel. Runs in the benchmark's
 * own fork.
 */
public final class CpuRatioProfiler implements InternalProfiler {

    @Override
    public String getDescription() {
        return "scan CPU time over raw-read CPU time, per iteration of a ScanRatio benchmark";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        ScanRatio.rawNanos = 0;
        ScanRatio.pageRawNanos = 0;
        ScanRatio.scanNanos = 0;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long raw = ScanRatio.rawNanos;
        if (raw == 0) {
            return List.of(); // not a ScanRatio benchmark
        }
        long pageRaw = ScanRatio.pageRawNanos;
        return List.of(new ScalarResult("scanPerRaw", (double) ScanRatio.scanNanos / raw, "ratio",
                        AggregationPolicy.AVG),
                new ScalarResult("scanPerPageRaw", (double) ScanRatio.scanNanos / pageRaw, "ratio",
                        AggregationPolicy.AVG),
                new ScalarResult("pageRawPerRaw", (double) pageRaw / raw, "ratio", AggregationPolicy.AVG));
    }
}
