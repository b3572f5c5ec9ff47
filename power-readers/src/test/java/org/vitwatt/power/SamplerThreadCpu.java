package org.vitwatt.power;

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
 * Reports the measured thread's CPU time over each iteration as secondary metrics: {@code cpuPercentOfCore} (its
 * CPU time / wall time, %), {@code cpuMicrosPerSample} and {@code achievedHz}. A JMH profiler rather than
 * {@code @AuxCounters}, whose event counters JMH sums over iterations; {@link SamplerCostBenchmark#main} adds it. The
 * figures are taken by the benchmark's own per-iteration setup and teardown, so every iteration has them, the last
 * one included.
 */
public final class SamplerThreadCpu implements InternalProfiler {
    @Override
    public String getDescription() {
        return "CPU time of the sampling thread";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        SamplerCostBenchmark.Running.last = null;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        SamplerCostBenchmark.IterationCost c = SamplerCostBenchmark.Running.last;
        if (c == null) {
            return List.of(); // a benchmark without a sampling thread (tick)
        }
        return List.of(new ScalarResult("cpuPercentOfCore", 100.0 * c.cpuNanos() / c.wallNanos(), "%",
                AggregationPolicy.AVG),
                new ScalarResult("cpuMicrosPerSample", c.samples() == 0 ? Double.NaN : c.cpuNanos() / 1e3 / c.samples(),
                        "us", AggregationPolicy.AVG),
                new ScalarResult("achievedHz", c.samples() * 1e9 / c.wallNanos(), "Hz", AggregationPolicy.AVG));
    }
}
