package org.vitwatt.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.vitwatt.core.sys.ProcessMemory;
import org.vitwatt.results.Metrics;
import org.vitwatt.results.Params;

/**
 * Adds vitwatt's per-trial figures ({@link TrialFacts}: model params, MACs, file size, session build time, accuracy),
 * the process's peak resident memory and the device figures at the iteration's end to every iteration's results, so
 * they land in JMH's table and {@code -rf json} beside the latency. vitwatt's {@link Main} enables it on every run
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
        List<Result> out = new ArrayList<>(JmhResults.of(TrialFacts.current()));
        OptionalLong peak = ProcessMemory.peakResidentBytes();
        if (peak.isPresent()) {
            out.add(JmhResults.of(Metrics.MEMORY_PEAK_RSS, peak.getAsLong() / 1048576.0));
        }
        out.addAll(JmhResults.of(Edge.deviceMetrics().read(provider(benchmarkParams))));
        return out;
    }

    private static String provider(BenchmarkParams params) {
        try {
            return params.getParam(Params.PROVIDER);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
