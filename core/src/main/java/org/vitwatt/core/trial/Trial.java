package org.vitwatt.core.trial;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.accuracy.AccuracyOutcome;
import org.vitwatt.core.accuracy.AccuracyResult;
import org.vitwatt.core.accuracy.TrialData;
import org.vitwatt.core.precision.CalibrationImages;
import org.vitwatt.core.precision.Int8Weights;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.core.precision.Predictions;
import org.vitwatt.core.precision.PrecisionVariants;
import org.vitwatt.core.run.HarnessOverhead;
import org.vitwatt.core.run.InferenceSession;
import org.vitwatt.core.run.OpenSession;
import org.vitwatt.core.run.ProviderOptions;
import org.vitwatt.core.run.ProviderProbe;
import org.vitwatt.core.run.SessionFactory;
import org.vitwatt.core.sys.ProcessMemory;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.NumericType;
import org.vitwatt.power.clocks.AppliedClocks;
import org.vitwatt.results.Metrics;

/**
 * One prepared benchmark trial: the model resolved, its precision variant built (or found in the cache), the session
 * open on the provider with its input batches, one untimed inference run, and the once-per-trial figures measured
 * ({@link #facts()}: model size, session build time, accuracy, agreement with FP32). {@link #run()} is the measured
 * operation. Closing it closes the session, its options and the images, in that order.
 */
public final class Trial implements AutoCloseable {
    private final ModelRef model;
    private final ModelVariant variant;
    private final TrialData data;
    private final InferenceSession session;
    private final AccuracyOutcome accuracy;
    private final Facts facts;
    private final AppliedClocks clocks;

    private Trial(ModelRef model, ModelVariant variant, TrialData data, InferenceSession session,
            AccuracyOutcome accuracy, Facts facts, AppliedClocks clocks) {
        this.model = model;
        this.variant = variant;
        this.data = data;
        this.session = session;
        this.accuracy = accuracy;
        this.facts = facts;
        this.clocks = clocks;
    }

    /**
     * Prepares the trial {@code spec} describes in {@code env}. Every problem a user can fix is a
     * {@link VitwattException} with one line; whatever was opened before it is closed.
     */
    public static Trial prepare(BenchmarkSpec spec, TrialEnvironment env) {
        Progress progress = env.progress();
        if (spec.checksPowerMode()) { // the board may have changed since preflight
            env.jetson().powerModeMismatch(spec.powerMode()).ifPresent(reason -> {
                throw new VitwattException("-p powerMode=" + spec.powerMode() + ": " + reason);
            });
        }
        ProviderProbe.unavailableReason(spec.provider(), spec.device()).ifPresent(reason -> {
            throw new VitwattException(reason);
        });
        ModelRef model = ModelRef.resolve(env.models(), spec.model(), env.ort(), progress);
        Facts.Builder facts = new Facts.Builder();
        TrialData data = TrialData.load(spec.dataset(), model, spec.batch(), spec.accuracyLimit(),
                InferenceSession.MAX_BATCHES, env.datasetCache(), progress);
        InferenceSession session = null;
        AppliedClocks clocks = null;
        try {
            // -p gpuClock / -p cpuClock, held for the trial and put back when it closes (or the JVM ends)
            clocks = env.clocks().apply(spec.gpuClock(), spec.cpuClock(), spec.device());
            if (!clocks.changes().isEmpty()) {
                progress.say("clocks held for the trial: " + clocks.describe());
            }
            ModelVariant variant = variant(spec, env, model, facts);
            ProviderOptions options = options(variant, spec, model, data, env);
            session = open(spec, env, model, variant, options, data, facts);
            overhead(spec, env, model, variant, options, data, facts);
            facts.put(Metrics.MODEL_PARAMS, model.stats().params());
            facts.put(Metrics.MODEL_GMACS, model.stats().macs() / 1e9);
            facts.put(Metrics.MODEL_SYNTHETIC_WEIGHTS, model.resolved().syntheticWeights() ? 1 : 0);
            facts.put(Metrics.MODEL_BOPS, PrecisionVariants.bops(model, spec.precision()) / 1e9);
            AccuracyOutcome accuracy = accuracy(spec, env, model, data, session, facts);
            agreement(spec, env, model, data, session, accuracy, facts);
            ProcessMemory.resetPeak(); // memory.peakRss then covers the timed session, not preparation
            return new Trial(model, variant, data, session, accuracy, facts.build(), clocks);
        } catch (RuntimeException e) {
            closeAfterFailure(session, data, e);
            if (clocks != null) {
                try {
                    clocks.close();
                } catch (RuntimeException r) {
                    e.addSuppressed(r);
                }
            }
            throw e;
        }
    }

    /** The precision variant: built and calibrated once, then cached; its INT8 weight format is a fact. */
    private static ModelVariant variant(BenchmarkSpec spec, TrialEnvironment env, ModelRef model,
            Facts.Builder facts) {
        Int8Weights.Choice weights = spec.int8Weights().choose(spec.provider(), env.cpu());
        ModelVariant v = new PrecisionVariants(env.cacheDir(), env.ort()).resolve(model, spec.precision(),
                spec.provider(), spec.calibration(), weights, () -> CalibrationImages.load(model, spec.calibration(),
                        spec.dataset(), env.datasetCache(), env.progress()), env.progress());
        if (PrecisionVariants.emulated(spec.precision(), spec.provider())) {
            facts.put(Metrics.PRECISION_EMULATED, 1);
        }
        if (PrecisionVariants.plan(spec.precision()).types().contains(NumericType.INT8)) {
            facts.put(Metrics.PRECISION_INT8_WEIGHTS, weights.format().id(), 1);
            if (weights.saturatesHere()) {
                env.progress().say("warning: -p int8Weights=full on a " + env.cpu().level() + " CPU without VNNI: "
                        + "ONNX Runtime's u8s8 kernels saturate, so INT8 accuracy and agreement are lower here than on "
                        + "a VNNI or ARM64 CPU");
            }
        }
        return v;
    }

    /** Provider options of {@code v}: its TensorRT flags and engine cache follow its precision. */
    private static ProviderOptions options(ModelVariant v, BenchmarkSpec spec, ModelRef model, TrialData data,
            TrialEnvironment env) {
        return ProviderOptions.of(v, spec.device(), spec.batch(), model.input().name(), data.images().height(),
                env.cacheDir(), env.gpuName().apply(spec.device()), env.tensorrtVersion().get());
    }

    /**
     * The harness's own cost per call ({@link HarnessOverhead}), on a profiled session of its own, closed before the
     * timed iterations; a warning above {@value #OVERHEAD_WARNING_PCT} %. Runs enough inferences for about two seconds
     * (10 to 100). If it cannot be measured (ONNX Runtime's profile cannot be written or read, e.g. on a full disk),
     * one warning says so and the trial goes on without the figures.
     */
    private static void overhead(BenchmarkSpec spec, TrialEnvironment env, ModelRef model, ModelVariant variant,
            ProviderOptions options, TrialData data, Facts.Builder facts) {
        long t0 = System.nanoTime();
        HarnessOverhead o;
        try {
            o = HarnessOverhead.measure(new SessionFactory(env.ort()), model, variant, options, data.images(), spec,
                    env.cacheDir().resolve("tmp"), 2000, 10, 100);
        } catch (VitwattException e) {
            // a figure beside the measurement: without it the result has no harness.* metrics, and says why
            env.progress().say("warning: " + e.getMessage() + "; the benchmark goes on without harness.* figures");
            return;
        }
        facts.put(Metrics.HARNESS_OVERHEAD_PCT, o.overheadPct());
        facts.put(Metrics.HARNESS_ORT_RUN_MS, o.ortMs());
        facts.put(Metrics.HARNESS_RUNS, o.runs());
        String line = String.format(Locale.ROOT, "harness overhead %.2f %% (%.3f ms per call beyond ONNX Runtime's "
                + "%.3f ms, %d runs, %.1f s)", o.overheadPct(), o.wallMs() - o.ortMs(), o.ortMs(), o.runs(),
                (System.nanoTime() - t0) / 1e9);
        env.progress().say(o.overheadPct() > OVERHEAD_WARNING_PCT ? "warning: " + line : line);
    }

    /** Above this harness overhead a trial warns. */
    public static final double OVERHEAD_WARNING_PCT = 2.0;

    /**
     * Opens the session and runs one untimed inference, so that lazy work (TensorRT engine build, CUDA kernels,
     * memory arenas) never lands in a timed iteration; session creation, the first run and the file size are facts.
     */
    private static InferenceSession open(BenchmarkSpec spec, TrialEnvironment env, ModelRef model,
            ModelVariant variant, ProviderOptions options, TrialData data, Facts.Builder facts) {
        Path engines = options.engineCache();
        boolean engineCached = engines != null && isNonEmptyDirectory(engines);
        long t0 = System.nanoTime();
        InferenceSession session = InferenceSession.open(new SessionFactory(env.ort()), model, variant, options,
                data.images(), spec);
        double createMs = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        try (OrtSession.Result r = session.run()) {
            double firstRunMs = (System.nanoTime() - t1) / 1e6;
            facts.put(Metrics.SESSION_CREATE_MS, createMs);
            facts.put(Metrics.SESSION_FIRST_RUN_MS, firstRunMs);
            if (engines != null) {
                facts.put(Metrics.TENSORRT_ENGINE_CACHED, engineCached ? 1 : 0);
                if (!engineCached) {
                    facts.put(Metrics.TENSORRT_ENGINE_BUILD_MS, createMs + firstRunMs);
                }
            }
        } catch (OrtException | RuntimeException e) {
            closeAfterFailure(session, null, e);
            throw new VitwattException("the first inference of " + model.id() + " at " + spec.precision() + " on "
                    + spec.provider() + " failed: " + e.getMessage(), e);
        }
        facts.put(Metrics.MODEL_FILE_MIB, fileBytes(variant.file(), model.fileBytes()) / 1048576.0);
        return session;
    }

    /**
     * Scores the model once over the images {@code -p accuracyLimit} asks for, in batches of {@code -p batch};
     * when n/a, no figure and the reason as progress (synthetic images have no labels: nothing worth saying).
     */
    private static AccuracyOutcome accuracy(BenchmarkSpec spec, TrialEnvironment env, ModelRef model,
            TrialData data, InferenceSession session, Facts.Builder facts) {
        long t0 = System.nanoTime();
        AccuracyOutcome outcome = data.score(session.session(), env.ort(), model, spec.batch(),
                spec.dataset().toString(), env.progress());
        if (outcome.result().isPresent()) {
            AccuracyResult r = outcome.result().get();
            facts.put(Metrics.ACCURACY_TOP1, r.top1Percent());
            facts.put(Metrics.ACCURACY_TOP5, r.top5Percent());
            facts.put(Metrics.ACCURACY_IMAGES, r.images());
            env.progress().say(String.format(Locale.ROOT, "accuracy of %s on %s: %s (%.1f s)", model.id(),
                    spec.dataset(), r, (System.nanoTime() - t0) / 1e9));
        } else if (spec.dataset().onDisk()) {
            env.progress().say("accuracy n/a: " + outcome.notAvailable().orElse("unknown reason"));
        }
        return outcome;
    }

    /**
     * For a precision other than FP32: top-1 agreement with the FP32 model on the same images (the scored ones,
     * else the benchmark's own), run once outside the timed iterations. Needs no labels.
     */
    private static void agreement(BenchmarkSpec spec, TrialEnvironment env, ModelRef model, TrialData data,
            InferenceSession session, AccuracyOutcome accuracy, Facts.Builder facts) {
        if (spec.precision().kind() == Precision.Kind.FP32) {
            return;
        }
        boolean scored = accuracy.result().isPresent();
        int n = scored ? accuracy.result().get().images() : data.images().count();
        if (n < 1) {
            return;
        }
        long t0 = System.nanoTime();
        int[] mine = scored ? accuracy.result().get().predictions()
                : Predictions.top1(session.session(), env.ort(), data.images(), n, spec.batch());
        ModelVariant fp32 = ModelVariant.source(model, spec.provider());
        int[] reference;
        try (OpenSession s = new SessionFactory(env.ort()).open(fp32, options(fp32, spec, model, data, env),
                spec.threads())) {
            reference = Predictions.top1(s.session(), env.ort(), data.images(), n, spec.batch());
        } catch (OrtException e) {
            throw new VitwattException("closing the FP32 reference session failed: " + e.getMessage(), e);
        }
        double agreement = AccuracyResult.agreementPercent(mine, reference);
        facts.put(Metrics.ACCURACY_AGREEMENT, agreement);
        facts.put(Metrics.ACCURACY_AGREEMENT_IMAGES, n);
        env.progress().say(String.format(Locale.ROOT, "%s agrees with FP32 on %.2f %% of %d images (%.1f s)",
                spec.precision(), agreement, n, (System.nanoTime() - t0) / 1e9));
    }

    /** Runs the next prepared batch: the measured operation. The caller closes the result. */
    public OrtSession.Result run() throws OrtException {
        return session.run();
    }

    /** The figures measured once for this trial. */
    public Facts facts() {
        return facts;
    }

    /** The model that runs. */
    public ModelRef model() {
        return model;
    }

    /** The file and flags that realise the precision. */
    public ModelVariant variant() {
        return variant;
    }

    /** The accuracy measured in preparation, or why it is n/a. */
    public AccuracyOutcome accuracy() {
        return accuracy;
    }

    /** Images per run. */
    public int batch() {
        return session.batch();
    }

    /**
     * Closes the session and its options, then the images, then puts the clocks back; each is attempted even when one
     * before it fails.
     */
    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            try {
                data.close();
            } finally {
                clocks.close();
            }
        }
    }

    private static void closeAfterFailure(InferenceSession session, TrialData data, Exception failure) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        if (data != null) {
            try {
                data.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static long fileBytes(Path file, long fallback) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return fallback;
        }
    }
}
