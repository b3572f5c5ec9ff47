package org.vitwatt.bench;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vitwatt.bench.energy.IterationSpan;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.trial.Trial;
import org.vitwatt.results.Params;

/**
 * Latency of one ONNX Runtime inference of a ViT: {@code model} at {@code precision} on {@code provider}, {@code batch}
 * images from {@code dataset} per operation. The trial (session, input batches, accuracy, agreement) is prepared once
 * by core's {@link Trial}; the measured method only runs the next prepared batch. Per-trial figures reach the results
 * through {@link TrialFacts} and {@link VitwattProfiler}. Parameters and defaults: {@link Params}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceBenchmark {
    @Param(Params.DEFAULT_MODEL)
    public String model;
    @Param(Params.DEFAULT_DATASET)
    public String dataset;
    @Param(Params.DEFAULT_PRECISION)
    public String precision;
    @Param(Params.DEFAULT_PROVIDER)
    public String provider;
    @Param(Params.DEFAULT_POWER_MODE)
    public String powerMode;
    @Param(Params.DEFAULT_CALIBRATION)
    public String calibration;
    @Param(Params.DEFAULT_INT8_WEIGHTS)
    public String int8Weights;
    @Param(Params.DEFAULT_BATCH)
    public String batch;
    @Param(Params.DEFAULT_THREADS)
    public String threads;
    @Param(Params.DEFAULT_ACCURACY_LIMIT)
    public String accuracyLimit;
    @Param(Params.DEFAULT_CLOCK)
    public String gpuClock;
    @Param(Params.DEFAULT_CLOCK)
    public String cpuClock;

    private Trial trial;

    @Setup(Level.Trial)
    public void setUp() {
        BenchmarkSpec spec = BenchmarkSpec.parse(Map.ofEntries(Map.entry(Params.MODEL, model),
                Map.entry(Params.DATASET, dataset), Map.entry(Params.PRECISION, precision),
                Map.entry(Params.PROVIDER, provider), Map.entry(Params.POWER_MODE, powerMode),
                Map.entry(Params.CALIBRATION, calibration), Map.entry(Params.INT8_WEIGHTS, int8Weights),
                Map.entry(Params.BATCH, batch), Map.entry(Params.THREADS, threads),
                Map.entry(Params.ACCURACY_LIMIT, accuracyLimit), Map.entry(Params.GPU_CLOCK, gpuClock),
                Map.entry(Params.CPU_CLOCK, cpuClock)));
        trial = Trial.prepare(spec, Edge.environment());
        TrialFacts.publish(trial.facts());
    }

    /** The measured loop starts next: the energy profiler's window opens ({@link IterationSpan}). */
    @Setup(Level.Iteration)
    public void measuredSpanStarts() {
        IterationSpan.starts();
    }

    /** One inference of one batch. */
    @Benchmark
    public void infer(Blackhole bh) throws OrtException {
        try (OrtSession.Result r = trial.run()) {
            bh.consume(r);
        }
    }

    /** The measured loop has ended: the energy profiler's window closes. */
    @TearDown(Level.Iteration)
    public void measuredSpanEnds() {
        IterationSpan.ends();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (trial != null) {
            trial.close(); // its facts stay published: JMH reports the last iteration after trial teardown
        }
    }
}
