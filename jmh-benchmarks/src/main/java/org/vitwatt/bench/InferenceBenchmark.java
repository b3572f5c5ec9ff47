package org.vitwatt.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.run.InferenceSession;
import org.vitwatt.core.run.SessionFactory;
import org.vitwatt.models.store.ModelStore;

/**
 * Latency of one ONNX Runtime inference of a ViT: {@code model} at {@code precision} on {@code provider},
 * {@code batch} images from {@code dataset} per operation. The session and the input tensors are built
 * once per trial; the measured method only runs the session on the next prepared batch and consumes the
 * logits. Per-trial figures (model size, accuracy) are reported by {@link VitwattProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InferenceBenchmark {
    /** Default of {@code -p model}. */
    public static final String DEFAULT_MODEL = "deit_tiny";
    /** Default of {@code -p dataset}. */
    public static final String DEFAULT_DATASET = "synthetic";
    /** Default of {@code -p precision}. */
    public static final String DEFAULT_PRECISION = "fp32";
    /** Default of {@code -p provider}. */
    public static final String DEFAULT_PROVIDER = "cpu";
    /** Default of {@code -p batch}. */
    public static final String DEFAULT_BATCH = "1";
    /** Default of {@code -p threads} (0 = ONNX Runtime's default: one per physical core). */
    public static final String DEFAULT_THREADS = "0";

    /** Catalog name, alias or path to an .onnx file. */
    @Param(DEFAULT_MODEL)
    public String model;

    /** {@code synthetic}. */
    @Param(DEFAULT_DATASET)
    public String dataset;

    /** {@code fp32}. */
    @Param(DEFAULT_PRECISION)
    public String precision;

    /** {@code cpu}, {@code cuda} or {@code tensorrt}. */
    @Param(DEFAULT_PROVIDER)
    public String provider;

    /** Images per inference. */
    @Param(DEFAULT_BATCH)
    public String batch;

    /** ONNX Runtime intra-op threads; 0 = ONNX Runtime's default. */
    @Param(DEFAULT_THREADS)
    public String threads;

    private ImageSet images;
    private InferenceSession session;

    @Setup(Level.Trial)
    public void setUp() {
        TrialFacts.clear();
        BenchmarkSpec spec = BenchmarkSpec.parse(model, dataset, precision, provider, batch, threads);
        ModelRef ref = ModelRef.resolve(ModelStore.fromSystemProperties(), spec.model(), System.err::println);
        images = new SyntheticImages(ref.preprocessing(), Math.max(SyntheticImages.DEFAULT_COUNT, 2 * spec.batch()),
                42);
        long t0 = System.nanoTime();
        session = InferenceSession.open(new SessionFactory(OrtEnvironment.getEnvironment()), ref, images, spec);
        TrialFacts.put("session.createMs", (System.nanoTime() - t0) / 1e6, "ms");
        TrialFacts.put("model.params", ref.stats().params(), "#");
        TrialFacts.put("model.gmacs", ref.stats().macs() / 1e9, "GMACs");
        TrialFacts.put("model.fileMiB", ref.fileBytes() / 1048576.0, "MiB");
        TrialFacts.put("model.syntheticWeights", ref.resolved().syntheticWeights() ? 1 : 0, "bool");
    }

    /** One inference of one batch. */
    @Benchmark
    public void infer(Blackhole bh) throws OrtException {
        try (OrtSession.Result r = session.run()) {
            bh.consume(r);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            if (images != null) {
                images.close();
            }
            // TrialFacts stay: JMH runs trial teardown before the profilers' afterIteration of the last
            // iteration, which must still report them. The next trial's setUp clears them.
        }
    }
}
