package dev.wrss.bench;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Turns {@link ScanRatio}'s CPU times into JMH secondary results, one value each per iteration, averaged over the
 * iterations (an aux counter would be summed): {@code scanPerRaw}, the scan over a raw read asking 64 KiB a read;
 * {@code scanPerSameRaw}, the scan over a raw read made as the scan makes it (its own open file, widened by
 * as the scan once did; now the page-sized read it asks), so the Java side alone; {@code sameRawPerRaw}, what
 * reading that way saves the kernel; {@code pageRawPerRaw}, what asking a little less than a page of a plain
 * open file saves it (the page-sized read the scan makes). Runs in the benchmark's own fork.
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
        ScanRatio.sameRawNanos = 0;
        ScanRatio.scanNanos = 0;
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams,
            IterationParams iterationParams,
            IterationResult result) {
        long raw = ScanRatio.rawNanos;
        if (raw == 0) {
            return List.of(); // not a ScanRatio benchmark
        }
        long pageRaw = ScanRatio.pageRawNanos;
        long sameRaw = ScanRatio.sameRawNanos;
        return List.of(
                new ScalarResult(
                        "scanPerRaw",
                        (double) ScanRatio.scanNanos / raw,
                        "ratio",
                        AggregationPolicy.AVG),
                new ScalarResult(
                        "scanPerSameRaw",
                        (double) ScanRatio.scanNanos / sameRaw,
                        "ratio",
                        AggregationPolicy.AVG),
                new ScalarResult(
                        "sameRawPerRaw", (double) sameRaw / raw, "ratio", AggregationPolicy.AVG),
                new ScalarResult(
                        "pageRawPerRaw", (double) pageRaw / raw, "ratio", AggregationPolicy.AVG));
    }
}
