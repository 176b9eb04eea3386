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
 * Turns {@link ScanRatio}'s CPU times into a JMH secondary result, {@code scanPerRaw}: one value per iteration,
 * averaged over the iterations (an aux counter would be summed). Runs in the benchmark's own fork.
 */
public final class CpuRatioProfiler implements InternalProfiler {

    @Override
    public String getDescription() {
        return "scan CPU time over raw-read CPU time, per iteration of a ScanRatio benchmark";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        ScanRatio.rawNanos = 0;
        ScanRatio.scanNanos = 0;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long raw = ScanRatio.rawNanos;
        if (raw == 0) {
            return List.of(); // not a ScanRatio benchmark
        }
        return List.of(new ScalarResult("scanPerRaw", (double) ScanRatio.scanNanos / raw, "ratio",
                AggregationPolicy.AVG));
    }
}
