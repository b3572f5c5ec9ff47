package org.vitwatt.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.Precision;
import org.vitwatt.core.precision.CalibrationImages;
import org.vitwatt.core.precision.CalibrationSpec;
import org.vitwatt.core.precision.Int8Weights;
import org.vitwatt.core.precision.PrecisionVariants;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Provider;
import org.vitwatt.core.accuracy.TrialData;
import org.vitwatt.core.data.DatasetIndex;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.data.Datasets;
import org.vitwatt.core.data.ImagePipeline;
import org.vitwatt.core.run.ProviderProbe;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.models.VitwattException;
import org.vitwatt.models.store.ModelStore;

/**
 * Checks every {@code -p} value of a run once, in the launching JVM: each value parses, each model resolves
 * (catalog models are built now, with progress on stderr, rather than in a fork), each provider can start
 * here, each dataset on disk is indexed and checked against the batches and models. Throws
 * {@link VitwattException} with the first problem.
 */
final class Preflight {
    private Preflight() {
    }

    static void check(Collection<String> models, Collection<String> datasets, Collection<String> precisions,
            Collection<String> providers, Collection<String> batches, Collection<String> threads,
            Collection<String> calibrations, Collection<String> int8Weights, Collection<String> accuracyLimits,
            Collection<String> powerModes, PrintStream err) {
        String firstModel = models.iterator().next();
        for (String d : datasets) {
            for (String p : precisions) {
                for (String pr : providers) {
                    for (String b : batches) {
                        for (String t : threads) {
                            BenchmarkSpec.parse(firstModel, d, p, pr, b, t);
                        }
                    }
                }
            }
        }
        // values that cost nothing to check are checked before any model is built
        checkAccuracyLimits(accuracyLimits);
        checkPowerModes(powerModes);
        calibrations.forEach(CalibrationSpec::parse);
        int8Weights.forEach(Int8Weights::parse);
        org.vitwatt.core.sys.OrtLibrary.load(); // a bad -Donnxruntime.native.path is one line, not a stack trace
        for (String pr : providers) {
            Provider provider = Provider.parse(pr);
            ProviderProbe.unavailableReason(provider, Provider.deviceOf(pr)).ifPresent(reason -> {
                throw new VitwattException(reason);
            });
        }
        ModelStore store = ModelStore.fromSystemProperties();
        List<ModelRef> refs = new ArrayList<>();
        for (String m : models) {
            refs.add(ModelRef.resolve(store, m, err::println));
        }
        checkDatasets(datasets, batches, refs);
        buildVariants(refs, datasets, precisions, providers, calibrations, int8Weights, err);
    }

    /**
     * Every precision variant the run needs is built (and INT8 calibrated) here, once, with progress on
     * stderr, so forks find them in the cache; a precision a provider cannot honour, or a plan naming a group
     * the model lacks, stops the run here.
     */
    static void buildVariants(List<ModelRef> refs, Collection<String> datasets, Collection<String> precisions,
            Collection<String> providers, Collection<String> calibrations, Collection<String> int8Weights,
            PrintStream err) {
        List<CalibrationSpec> calibs = new ArrayList<>();
        for (String c : calibrations) {
            calibs.add(CalibrationSpec.parse(c));
        }
        List<Int8Weights> weights = new ArrayList<>();
        for (String w : int8Weights) {
            weights.add(Int8Weights.parse(w));
        }
        CpuIsa cpu = CpuIsa.current();
        PrecisionVariants variants = new PrecisionVariants(ModelStore.defaultCacheDir(),
                ai.onnxruntime.OrtEnvironment.getEnvironment());
        for (ModelRef ref : refs) {
            for (String p : precisions) {
                Precision precision = Precision.parse(p);
                for (String pr : providers) {
                    Provider provider = Provider.parse(pr);
                    PrecisionVariants.check(ref, precision, provider);
                    if (precision.kind() == Precision.Kind.FP32) {
                        continue;
                    }
                    for (CalibrationSpec calib : calibs) {
                        for (Int8Weights w : weights) {
                            Int8Weights.Choice choice = w.choose(provider, cpu);
                            for (String d : datasets) {
                                DatasetSpec ds = DatasetSpec.parse(d);
                                variants.resolve(ref, precision, provider, calib, choice,
                                        () -> CalibrationImages.load(ref, calib, ds, err::println), err::println);
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
     * {@code -p powerMode} values other than {@code any}: the Jetson board must be in that nvpmodel mode; a
     * mismatch, an unknown mode or a machine that is not a Jetson stops the run with one line.
     */
    static void checkPowerModes(Collection<String> modes) {
        for (String m : modes) {
            if (m.trim().equalsIgnoreCase(InferenceBenchmark.DEFAULT_POWER_MODE)) {
                continue;
            }
            org.vitwatt.core.sys.JetsonState.current().powerModeMismatch(m).ifPresent(reason -> {
                throw new VitwattException("-p powerMode=" + m + ": " + reason);
            });
        }
    }

    /** {@code -p accuracyLimit} values: each is {@code all}, 0 or a number of images. */
    static void checkAccuracyLimits(Collection<String> limits) {
        for (String l : limits) {
            TrialData.parseLimit(l);
        }
    }
}
