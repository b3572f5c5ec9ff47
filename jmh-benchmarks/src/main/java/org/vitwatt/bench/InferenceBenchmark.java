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
import org.vitwatt.core.accuracy.AccuracyOutcome;
import org.vitwatt.core.accuracy.AccuracyResult;
import org.vitwatt.core.accuracy.TrialData;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.precision.CalibrationImages;
import org.vitwatt.core.precision.CalibrationSpec;
import org.vitwatt.core.precision.Int8Weights;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.core.precision.Predictions;
import org.vitwatt.core.precision.PrecisionVariants;
import org.vitwatt.core.run.InferenceSession;
import org.vitwatt.core.run.ProviderOptions;
import org.vitwatt.core.run.ProviderProbe;
import org.vitwatt.core.run.SessionFactory;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.core.sys.GpuInfo;
import org.vitwatt.core.sys.LoadedLibraries;
import org.vitwatt.models.precision.NumericType;
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
    /** Default of {@code -p powerMode}: no power-mode check. */
    public static final String DEFAULT_POWER_MODE = "any";
    /** Default of {@code -p calibration}. */
    public static final String DEFAULT_CALIBRATION = "minmax:128";
    /** Default of {@code -p int8Weights}: the range is chosen from the CPU and the provider. */
    public static final String DEFAULT_INT8_WEIGHTS = Int8Weights.DEFAULT;
    /** Default of {@code -p batch}. */
    public static final String DEFAULT_BATCH = "1";
    /** Default of {@code -p threads} (0 = ONNX Runtime's default: one per physical core). */
    public static final String DEFAULT_THREADS = "0";
    /** Default of {@code -p accuracyLimit}: score every image of the dataset. */
    public static final String DEFAULT_ACCURACY_LIMIT = TrialData.ALL;

    /** Catalog name, alias or path to an .onnx file. */
    @Param(DEFAULT_MODEL)
    public String model;

    /**
     * {@code synthetic}, {@code cifar10:DIR}, {@code imagenet:DIR}, {@code folder:DIR} (or {@code cifar10} /
     * {@code imagenet} under {@code -Dvitwatt.data=DIR}), optionally with {@code ?key=value&...}
     * preprocessing options; see docs/datasets.md.
     */
    @Param(DEFAULT_DATASET)
    public String dataset;

    /** {@code fp32}, {@code fp16}, {@code int8} or {@code mixed:<plan>} (e.g. mixed:encoder=fp16+others=int8). */
    @Param(DEFAULT_PRECISION)
    public String precision;

    /** {@code cpu}, {@code cuda[:GPU]} or {@code tensorrt[:GPU]}. */
    @Param(DEFAULT_PROVIDER)
    public String provider;

    /**
     * Jetson nvpmodel power mode the board must be in (a name such as MAXN or a mode id), or {@code any}: the
     * run refuses to measure in another mode, so nights never mix power modes silently.
     */
    @Param(DEFAULT_POWER_MODE)
    public String powerMode;

    /** INT8 calibration: {@code METHOD[:IMAGES[:DATASET]]}, METHOD minmax, percentile or entropy. */
    @Param(DEFAULT_CALIBRATION)
    public String calibration;

    /**
     * INT8 weight format: {@code auto} (reduced on x86-64 CPUs without VNNI, whose integer kernels saturate; full
     * elsewhere and on TensorRT), {@code full} ([-127, 127]), {@code reduced} ([-64, 64]) or {@code u8}
     * ([0, 254] around 127).
     */
    @Param(DEFAULT_INT8_WEIGHTS)
    public String int8Weights;

    /** Images per inference. */
    @Param(DEFAULT_BATCH)
    public String batch;

    /** ONNX Runtime intra-op threads; 0 = ONNX Runtime's default. */
    @Param(DEFAULT_THREADS)
    public String threads;

    /** Images scored for accuracy once per trial (labelled datasets): {@code all}, a number, or 0 to skip. */
    @Param(DEFAULT_ACCURACY_LIMIT)
    public String accuracyLimit;

    private ImageSet images;
    private InferenceSession session;

    @Setup(Level.Trial)
    public void setUp() {
        TrialFacts.clear();
        BenchmarkSpec spec = BenchmarkSpec.parse(model, dataset, precision, provider, batch, threads);
        Preflight.checkPowerModes(java.util.List.of(powerMode)); // the board may have changed since preflight
        ModelRef ref = ModelRef.resolve(ModelStore.fromSystemProperties(), spec.model(), System.err::println);
        images = loadImages(spec, ref);
        openSession(spec, ref);
        TrialFacts.put("model.params", ref.stats().params(), "#");
        TrialFacts.put("model.gmacs", ref.stats().macs() / 1e9, "GMACs");
        TrialFacts.put("model.syntheticWeights", ref.resolved().syntheticWeights() ? 1 : 0, "bool");
        TrialFacts.put("model.bops", PrecisionVariants.bops(ref, spec.precision()) / 1e9, "GBOPs");
        measureAccuracy(spec, ref);
        measureAgreement(spec, ref);
    }

    // ---- precision and provider (issues 7 and 10): the file and flags that realise -p precision ----

    private ModelVariant variant;
    private ProviderOptions providerOptions;

    /**
     * Resolves the precision variant (built and calibrated once, then cached), opens the session on the
     * provider, and runs one untimed inference so that lazy work (TensorRT engine build, CUDA kernels, memory
     * arenas) never lands in a timed iteration; reports the file size, session creation and first-run times.
     */
    private void openSession(BenchmarkSpec spec, ModelRef ref) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        java.nio.file.Path cache = ModelStore.defaultCacheDir();
        CalibrationSpec calib = CalibrationSpec.parse(calibration);
        ProviderProbe.unavailableReason(spec.provider(), spec.device()).ifPresent(reason -> {
            throw new org.vitwatt.models.VitwattException(reason);
        });
        Int8Weights.Choice weights = Int8Weights.parse(int8Weights).choose(spec.provider(), CpuIsa.current());
        variant = new PrecisionVariants(cache, env).resolve(ref, spec.precision(), spec.provider(), calib, weights,
                () -> CalibrationImages.load(ref, calib, spec.dataset(), System.err::println), System.err::println);
        if (PrecisionVariants.plan(spec.precision()).types().contains(NumericType.INT8)) {
            TrialFacts.put("precision.int8Weights(" + weights.format().id() + ")", 1, "bool");
            if (weights.saturatesHere()) {
                System.err.println("vitwatt: warning: -p int8Weights=full on a " + CpuIsa.current().level()
                        + " CPU without VNNI: ONNX Runtime's u8s8 kernels saturate, so INT8 accuracy and agreement"
                        + " are lower here than on a VNNI or ARM64 CPU");
            }
        }
        providerOptions = optionsFor(variant, spec, ref);
        java.nio.file.Path engines = providerOptions.engineCache();
        boolean engineCached = engines != null && isNonEmptyDirectory(engines);
        long t0 = System.nanoTime();
        session = InferenceSession.open(new SessionFactory(env), ref, variant, providerOptions, images, spec);
        double createMs = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        try (OrtSession.Result r = session.run()) {
            double firstRunMs = (System.nanoTime() - t1) / 1e6;
            TrialFacts.put("session.createMs", createMs, "ms");
            TrialFacts.put("session.firstRunMs", firstRunMs, "ms");
            if (engines != null) {
                TrialFacts.put("tensorrt.engineCached", engineCached ? 1 : 0, "bool");
                if (!engineCached) {
                    TrialFacts.put("tensorrt.engineBuildMs", createMs + firstRunMs, "ms");
                }
            }
        } catch (OrtException e) {
            throw new org.vitwatt.models.VitwattException("the first inference of " + ref.id() + " at "
                    + spec.precision() + " on " + spec.provider() + " failed: " + e.getMessage(), e);
        }
        try {
            TrialFacts.put("model.fileMiB", java.nio.file.Files.size(variant.file()) / 1048576.0, "MiB");
        } catch (java.io.IOException e) {
            TrialFacts.put("model.fileMiB", ref.fileBytes() / 1048576.0, "MiB");
        }
    }

    /** Provider options of {@code v} (its TensorRT flags and engine cache follow its precision). */
    private ProviderOptions optionsFor(ModelVariant v, BenchmarkSpec spec, ModelRef ref) {
        return ProviderOptions.of(v, spec.device(), spec.batch(), ref.input().name(), images.height(),
                ModelStore.defaultCacheDir(), GpuInfo.current().name(spec.device()),
                LoadedLibraries.current().version("libnvinfer").orElse("unknown"));
    }

    private static boolean isNonEmptyDirectory(java.nio.file.Path dir) {
        try (var s = java.nio.file.Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * For a precision other than FP32: top-1 agreement with the FP32 model on the same images (the scored
     * images, else the benchmark's own), run once per trial outside the timed iterations. Needs no labels.
     */
    private void measureAgreement(BenchmarkSpec spec, ModelRef ref) {
        if (spec.precision().kind() == org.vitwatt.core.Precision.Kind.FP32) {
            return;
        }
        int n = accuracy != null && accuracy.result().isPresent() ? accuracy.result().get().images()
                : images.count();
        if (n < 1) {
            return;
        }
        long t0 = System.nanoTime();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int[] mine = accuracy != null && accuracy.result().isPresent() ? accuracy.result().get().predictions()
                : Predictions.top1(session.session(), env, images, n, spec.batch());
        ModelVariant fp32 = ModelVariant.source(ref, spec.provider());
        int[] reference;
        try (var s = new SessionFactory(env).open(fp32, optionsFor(fp32, spec, ref), spec.threads())) {
            reference = Predictions.top1(s, env, images, n, spec.batch());
        } catch (OrtException e) {
            throw new org.vitwatt.models.VitwattException("FP32 reference run for agreement failed: "
                    + e.getMessage(), e);
        }
        double agreement = AccuracyResult.agreementPercent(mine, reference);
        TrialFacts.put("accuracy.agreement", agreement, "%");
        TrialFacts.put("accuracy.agreementImages", n, "#");
        System.err.printf(java.util.Locale.ROOT, "vitwatt: %s agrees with FP32 on %.2f %% of %d images (%.1f s)%n",
                spec.precision(), agreement, n, (System.nanoTime() - t0) / 1e9);
    }

    // ---- datasets and accuracy (issue 4): outside the timed loop, once per trial ----

    /** This trial's images and accuracy plan; null before setUp. */
    private TrialData trialData;
    /** The accuracy measured in this trial's setUp (or why it is n/a); per-image predictions for agreement. */
    AccuracyOutcome accuracy;

    /** The images of {@code -p dataset}: synthetic, or the dataset preprocessed for {@code ref} (cached). */
    private ImageSet loadImages(BenchmarkSpec spec, ModelRef ref) {
        trialData = TrialData.load(spec.dataset(), ref, spec.batch(), accuracyLimit, InferenceSession.MAX_BATCHES,
                System.err::println);
        return trialData.images();
    }

    /**
     * Scores the model once over {@code -p accuracyLimit} images in batches of {@code -p batch} and publishes
     * accuracy.top1 / accuracy.top5 (%) and accuracy.images (#); when n/a, no number and the reason on stderr.
     */
    private void measureAccuracy(BenchmarkSpec spec, ModelRef ref) {
        long t0 = System.nanoTime();
        accuracy = trialData.score(session.session(), OrtEnvironment.getEnvironment(), ref, spec.batch(),
                spec.dataset().toString(), System.err::println);
        if (accuracy.result().isPresent()) {
            AccuracyResult r = accuracy.result().get();
            TrialFacts.put("accuracy.top1", r.top1Percent(), "%");
            TrialFacts.put("accuracy.top5", r.top5Percent(), "%");
            TrialFacts.put("accuracy.images", r.images(), "#");
            System.err.printf(java.util.Locale.ROOT, "vitwatt: accuracy of %s on %s: %s (%.1f s)%n", ref.id(),
                    spec.dataset(), r, (System.nanoTime() - t0) / 1e9);
        } else if (spec.dataset().onDisk()) { // synthetic images have no labels: nothing worth saying
            System.err.println("vitwatt: accuracy n/a: " + accuracy.notAvailable().get());
        }
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
