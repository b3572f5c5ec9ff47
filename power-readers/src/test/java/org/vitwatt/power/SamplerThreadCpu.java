package org.vitwatt.power;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * {@code @AuxCounters}, whose event counters JMH sums over iterations; {@link SamplerCostBenchmark#main} adds it.
 */
public final class SamplerThreadCpu implements InternalProfiler {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private long cpu0;
    private long wall0;
    private long samples0;
    private SamplerCostBenchmark.Running running;

    @Override
    public String getDescription() {
        return "CPU time of the sampling thread";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        running = SamplerCostBenchmark.Running.current;
        if (running != null) {
            cpu0 = MX.getThreadCpuTime(running.measured.getId());
            samples0 = running.samples();
            wall0 = System.nanoTime();
        }
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        if (running == null || running != SamplerCostBenchmark.Running.current) {
            return List.of();
        }
        long cpu = MX.getThreadCpuTime(running.measured.getId()) - cpu0;
        long wall = System.nanoTime() - wall0;
        long samples = running.samples() - samples0;
        return List.of(new ScalarResult("cpuPercentOfCore", 100.0 * cpu / wall, "%", AggregationPolicy.AVG),
                new ScalarResult("cpuMicrosPerSample", samples == 0 ? Double.NaN : cpu / 1e3 / samples, "us",
                        AggregationPolicy.AVG),
                new ScalarResult("achievedHz", samples * 1e9 / wall, "Hz", AggregationPolicy.AVG));
    }
}
