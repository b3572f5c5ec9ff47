package org.vitwatt.core.trial;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.accuracy.TrialData;
import org.vitwatt.core.data.DatasetIndex;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.data.Datasets;
import org.vitwatt.core.data.ImagePipeline;
import org.vitwatt.core.precision.CalibrationImages;
import org.vitwatt.core.precision.CalibrationSpec;
import org.vitwatt.core.precision.Fp8Support;
import org.vitwatt.core.precision.Int8Weights;
import org.vitwatt.core.precision.PrecisionVariants;
import org.vitwatt.core.run.InferenceSession;
import org.vitwatt.core.run.ProviderProbe;
import org.vitwatt.core.sys.OrtLibrary;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.NumericType;
import org.vitwatt.power.clocks.ClockRequest;
import org.vitwatt.results.Params;

/**
 * Checks every {@code -p} value of a run once, in the launching JVM, before any fork: each value parses; values that
 * cost nothing to check (power mode, accuracy limit, calibration, weight format) before any model is built; then
 * each provider can start here, each model resolves (catalog models are built now, with progress), each dataset on
 * disk is indexed and checked against the batches and models and its images preprocessed, and every precision
 * variant the run needs is built and calibrated, so forks find all of it in the cache. Throws {@link VitwattException} with the first problem.
 */
public final class Preflight {
    private Preflight() {
    }

    /** Checks the run whose parameter values are {@code values} (a missing parameter takes its default). */
    public static void check(Map<String, List<String>> values, TrialEnvironment env) {
        for (Params.Param p : Params.ALL) {
            if (!p.name().equals(Params.MODEL)) {
                for (String v : values(values, p.name())) {
                    BenchmarkSpec.parse(Map.of(p.name(), v));
                }
            }
        }
        checkPowerModes(values(values, Params.POWER_MODE), env);
        checkClocks(values, env);
        OrtLibrary.load(); // a bad -Donnxruntime.native.path is one line, not a stack trace
        for (String pr : values(values, Params.PROVIDER)) {
            ProviderProbe.unavailableReason(Provider.parse(pr), Provider.deviceOf(pr)).ifPresent(reason -> {
                throw new VitwattException(reason);
            });
        }
        List<ModelRef> refs = new ArrayList<>();
        for (String m : values(values, Params.MODEL)) {
            refs.add(ModelRef.resolve(env.models(), m, env.ort(), env.progress()));
        }
        checkDatasets(values(values, Params.DATASET), values(values, Params.BATCH), refs);
        prepareImages(refs, values, env);
        buildVariants(refs, values, env);
    }

    /**
     * Refuses every FP8 precision of the run on a TensorRT GPU without FP8 ({@link Fp8Support}), naming the GPU and
     * its compute capability; {@code capability} reads a GPU's ({@code major * 10 + minor}) and is asked only when
     * an FP8 precision meets a TensorRT provider that can start here (one that cannot says so first).
     */
    public static void checkFp8Gpus(Map<String, List<String>> values, IntFunction<String> gpuName,
            IntFunction<OptionalInt> capability) {
        checkFp8Gpus(values, gpuName, capability, ProviderProbe::unavailableReason);
    }

    /** {@link #checkFp8Gpus(Map, IntFunction, IntFunction)} with the provider probe given (tests). */
    public static void checkFp8Gpus(Map<String, List<String>> values, IntFunction<String> gpuName,
            IntFunction<OptionalInt> capability, BiFunction<Provider, Integer, Optional<String>> unavailable) {
        for (String p : values(values, Params.PRECISION)) {
            Precision precision = Precision.parse(p);
            for (String pr : values(values, Params.PROVIDER)) {
                Provider provider = Provider.parse(pr);
                if (provider == Provider.TENSORRT && precision.kind() != Precision.Kind.FP32
                        && PrecisionVariants.plan(precision).types().contains(NumericType.FP8)) {
                    int gpu = Provider.deviceOf(pr);
                    unavailable.apply(provider, gpu).ifPresent(reason -> {
                        throw new VitwattException(reason);
                    });
                    Fp8Support.refusal(precision, provider, gpuName.apply(gpu), capability.apply(gpu))
                            .ifPresent(reason -> {
                                throw new VitwattException(reason);
                            });
                }
            }
        }
    }

    private static List<String> values(Map<String, List<String>> values, String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? List.of(Params.defaultOf(name)) : v;
    }

    /**
     * Every precision variant the run needs is built (and INT8 calibrated) here, once, with progress, so forks
     * find them in the cache; a precision a provider cannot honour, or a plan naming a group the model lacks,
     * stops the run here.
     */
    static void buildVariants(List<ModelRef> refs, Map<String, List<String>> values, TrialEnvironment env) {
        PrecisionVariants variants = new PrecisionVariants(env.cacheDir(), env.ort());
        for (ModelRef ref : refs) {
            for (String p : values(values, Params.PRECISION)) {
                Precision precision = Precision.parse(p);
                for (String pr : values(values, Params.PROVIDER)) {
                    Provider provider = Provider.parse(pr);
                    PrecisionVariants.check(ref, precision, provider);
                    if (precision.kind() == Precision.Kind.FP32) {
                        continue;
                    }
                    for (String c : values(values, Params.CALIBRATION)) {
                        CalibrationSpec calib = CalibrationSpec.parse(c);
                        for (String w : values(values, Params.INT8_WEIGHTS)) {
                            Int8Weights.Choice choice = Int8Weights.parse(w).choose(provider, env.cpu());
                            for (String d : values(values, Params.DATASET)) {
                                DatasetSpec ds = DatasetSpec.parse(d);
                                variants.resolve(ref, precision, provider, calib, choice,
                                        () -> CalibrationImages.load(ref, calib, ds, env.datasetCache(),
                                                env.progress()), env.progress());
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Dataset problems stop the run here, before any fork, with one line: a missing directory, an empty
     * class folder, a truncated CIFAR-10 file, a labels file naming an unknown class or a label outside the
     * classes, a dataset smaller than the batch, a crop size the model does not take. Only the index is
     * built (no image is decoded): an image that will not decode is reported when the trial preprocesses it.
     */
    static void checkDatasets(Collection<String> datasets, Collection<String> batches, List<ModelRef> models) {
        for (String d : datasets) {
            DatasetSpec spec = DatasetSpec.parse(d);
            if (!spec.onDisk()) {
                continue;
            }
            DatasetIndex index = Datasets.index(spec);
            for (String b : batches) {
                Datasets.requireBatch(index, Integer.parseInt(b.trim()));
            }
            for (ModelRef m : models) {
                ImagePipeline.forModel(spec, m);
            }
        }
    }

    /**
     * {@code -p gpuClock} and {@code -p cpuClock} values other than {@code default}: each must be possible here (a GPU
     * or CPU clock to hold, a frequency within what the power mode allows); nothing is changed yet.
     */
    static void checkClocks(Map<String, List<String>> values, TrialEnvironment env) {
        for (String g : values(values, Params.GPU_CLOCK)) {
            for (String c : values(values, Params.CPU_CLOCK)) {
                for (String pr : values(values, Params.PROVIDER)) {
                    env.clocks().plan(ClockRequest.parse(Params.GPU_CLOCK, g), ClockRequest.parse(Params.CPU_CLOCK, c),
                            Provider.deviceOf(pr));
                }
            }
        }
    }

    /**
     * Every image a trial will read is decoded and preprocessed here, once, into the dataset cache the forks then
     * map: an image that will not decode stops the run before any fork with one line naming the file.
     */
    static void prepareImages(List<ModelRef> refs, Map<String, List<String>> values, TrialEnvironment env) {
        for (String d : values(values, Params.DATASET)) {
            DatasetSpec ds = DatasetSpec.parse(d);
            if (!ds.onDisk()) {
                continue;
            }
            for (ModelRef ref : refs) {
                for (String b : values(values, Params.BATCH)) {
                    for (String limit : values(values, Params.ACCURACY_LIMIT)) {
                        BenchmarkSpec spec = BenchmarkSpec.parse(Map.of(Params.DATASET, d, Params.BATCH, b,
                                Params.ACCURACY_LIMIT, limit));
                        TrialData.load(ds, ref, spec.batch(), spec.accuracyLimit(), InferenceSession.MAX_BATCHES,
                                env.datasetCache(), env.progress()).close();
                    }
                }
            }
        }
    }

    /**
     * {@code -p powerMode} values other than {@code any}: the Jetson board must be in that nvpmodel mode; a
     * mismatch, an unknown mode or a machine that is not a Jetson stops the run with one line.
     */
    static void checkPowerModes(Collection<String> modes, TrialEnvironment env) {
        for (String m : modes) {
            if (m.trim().equalsIgnoreCase(Params.DEFAULT_POWER_MODE)) {
                continue;
            }
            env.jetson().powerModeMismatch(m).ifPresent(reason -> {
                throw new VitwattException("-p powerMode=" + m + ": " + reason);
            });
        }
    }
}
