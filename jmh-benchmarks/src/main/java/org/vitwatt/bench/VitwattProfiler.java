package org.vitwatt.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.vitwatt.core.sys.ProcessMemory;

/**
 * Adds vitwatt's per-trial figures ({@link TrialFacts}: model params, MACs, file size, session build time,
 * accuracy) and the process's peak resident memory to every iteration's results, so they land in JMH's
 * table and {@code -rf json} beside the latency. vitwatt's {@link Main} enables it on every run
 * ({@code -prof vitwatt}).
 */
public final class VitwattProfiler implements InternalProfiler {
    @Override
    public String getDescription() {
        return "vitwatt per-trial figures (model size, accuracy, memory) as secondary metrics";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, TrialFacts.Fact> e : TrialFacts.snapshot().entrySet()) {
            out.add(new ScalarResult(e.getKey(), e.getValue().value(), e.getValue().unit(), AggregationPolicy.AVG));
        }
        OptionalLong peak = ProcessMemory.peakResidentBytes();
        if (peak.isPresent()) {
            out.add(new ScalarResult("memory.peakRss", peak.getAsLong() / 1048576.0, "MiB", AggregationPolicy.MAX));
        }
        out.addAll(DeviceMetrics.afterIteration(benchmarkParams)); // GPU memory, clocks (NVML); Jetson GPU clock
        return out;
    }
}
