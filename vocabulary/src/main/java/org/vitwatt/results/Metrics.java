package org.vitwatt.results;

import static org.vitwatt.results.Metric.Aggregate.AVG;
import static org.vitwatt.results.Metric.Aggregate.MAX;

import java.util.List;
import java.util.Optional;

/**
 * Every secondary metric vitwatt writes into a result, by label (docs/results-format.md lists the same). Writers
 * build results from these; readers look values up by them. A metric that could not be measured is absent, never
 * 0 or NaN.
 */
public final class Metrics {
    // ---- the model that ran (vitwatt profiler, once per trial) ----
    public static final Metric MODEL_PARAMS = new Metric("model.params", "#", AVG,
            "parameter count of the file that ran");
    public static final Metric MODEL_GMACS = new Metric("model.gmacs", "GMACs", AVG, "MACs per image, billions");
    public static final Metric MODEL_BOPS = new Metric("model.bops", "GBOPs", AVG,
            "bit-weighted operations per image at the precision that ran: " + Bops.FORMULA);
    public static final Metric MODEL_FILE_MIB = new Metric("model.fileMiB", "MiB", AVG,
            "ONNX file size of the precision variant that ran");
    public static final Metric MODEL_SYNTHETIC_WEIGHTS = new Metric("model.syntheticWeights", "bool", AVG,
            "1 = vitwatt's build with synthetic weights: accuracy is meaningless");
    /** Family: one member per INT8 weight format ({@code precision.int8Weights(reduced)} = 1). */
    public static final Metric PRECISION_INT8_WEIGHTS = new Metric("precision.int8Weights", "bool", AVG,
            "the INT8 weight format of the variant that ran (full, reduced or u8)");

    // ---- the session ----
    public static final Metric SESSION_CREATE_MS = new Metric("session.createMs", "ms", AVG,
            "session creation time, outside the timed iterations");
    public static final Metric SESSION_FIRST_RUN_MS = new Metric("session.firstRunMs", "ms", AVG,
            "the first, untimed inference (lazy initialisation, TensorRT engine build)");
    public static final Metric TENSORRT_ENGINE_BUILD_MS = new Metric("tensorrt.engineBuildMs", "ms", AVG,
            "TensorRT engine build time when the engine cache was cold");
    public static final Metric TENSORRT_ENGINE_CACHED = new Metric("tensorrt.engineCached", "bool", AVG,
            "1 = the TensorRT engine came from the cache");
    public static final Metric MEMORY_PEAK_RSS = new Metric("memory.peakRss", "MiB", MAX,
            "peak resident memory of the benchmark JVM (ONNX Runtime's native memory included)");

    // ---- accuracy (once per trial) ----
    public static final Metric ACCURACY_TOP1 = new Metric("accuracy.top1", "%", AVG, "top-1 over the scored images");
    public static final Metric ACCURACY_TOP5 = new Metric("accuracy.top5", "%", AVG, "top-5 over the scored images");
    public static final Metric ACCURACY_IMAGES = new Metric("accuracy.images", "#", AVG, "images scored");
    public static final Metric ACCURACY_AGREEMENT = new Metric("accuracy.agreement", "%", AVG,
            "top-1 agreement with the FP32 model on the same images (non-FP32 precisions)");
    public static final Metric ACCURACY_AGREEMENT_IMAGES = new Metric("accuracy.agreementImages", "#", AVG,
            "images the agreement was measured on");

    // ---- device state at each iteration's end ----
    public static final Metric GPU_MEMORY_USED_MIB = new Metric("gpu.memoryUsedMiB", "MiB", MAX,
            "GPU memory in use, whole device (NVML)");
    public static final Metric GPU_SM_CLOCK_MHZ = new Metric("gpu.smClockMHz", "MHz", AVG, "SM clock (NVML)");
    public static final Metric GPU_POWER_LIMIT_W = new Metric("gpu.powerLimitW", "W", AVG,
            "enforced power limit (NVML)");
    public static final Metric JETSON_GPU_FREQ_MHZ = new Metric("jetson.gpuFreqMHz", "MHz", AVG,
            "Jetson GPU clock, devfreq cur_freq");

    // ---- energy (-prof energy), per iteration window ----
    public static final Metric ENERGY_TOTAL = new Metric("energy.total", "mJ/op", AVG,
            "energy per operation (batch), the total rails summed");
    public static final Metric ENERGY_ABOVE_IDLE = new Metric("energy.aboveIdle", "mJ/op", AVG,
            "energy per operation minus idle power × time");
    public static final Metric ENERGY_PER_IMAGE = new Metric("energy.perImage", "mJ/image", AVG,
            "energy per image = energy.total / batch");
    public static final Metric ENERGY_PER_IMAGE_ABOVE_IDLE = new Metric("energy.perImage.aboveIdle", "mJ/image", AVG,
            "energy per image above idle");
    public static final Metric POWER_MEAN = new Metric("power.mean", "W", AVG, "mean power over the iteration");
    public static final Metric POWER_PEAK = new Metric("power.peak", "W", AVG, "peak power over the iteration");
    public static final Metric POWER_IDLE = new Metric("power.idle", "W", AVG, "idle baseline before the first iteration");
    public static final Metric ENERGY_SAMPLES = new Metric("energy.samples", "#", AVG, "sensor samples taken");
    public static final Metric ENERGY_RATE_HZ = new Metric("energy.rateHz", "Hz", AVG, "effective sampling rate");
    public static final Metric ENERGY_INVALID = new Metric("energy.invalid", "#", AVG,
            "present (1) when some iteration's energy could not be measured");
    public static final Metric ENERGY_VALID_ITERATIONS = new Metric("energy.validIterations", "#", AVG,
            "iterations whose energy was measured; every energy and power metric is a mean over these only "
                    + "(0: none was valid, and the result has no energy or power metric)");
    public static final Metric ENERGY_ESTIMATE = new Metric("energy.estimate", "#", AVG,
            "present (1) when the total includes the CPU estimate (load × TDP), not a measurement");
    public static final Metric ENERGY_SHORT_WINDOW = new Metric("energy.warning.shortWindow", "#", AVG,
            "present (1) when an iteration spanned fewer than ~10 sensor updates");
    /** Family: one member per reader and rail ({@code energy.total(ina3221/VDD_IN)}). */
    public static final Metric ENERGY_TOTAL_RAIL = new Metric("energy.total", "mJ/op", AVG,
            "energy per operation of one reader and rail");
    /** Family: one member per reader and rail ({@code power.mean(nvml/gpu0)}). */
    public static final Metric POWER_MEAN_RAIL = new Metric("power.mean", "W", AVG,
            "mean power of one reader and rail");

    /** Every metric and family, in the order docs/results-format.md lists them. */
    public static final List<Metric> ALL = List.of(MODEL_PARAMS, MODEL_GMACS, MODEL_BOPS, MODEL_FILE_MIB,
            MODEL_SYNTHETIC_WEIGHTS, PRECISION_INT8_WEIGHTS, SESSION_CREATE_MS, SESSION_FIRST_RUN_MS,
            TENSORRT_ENGINE_BUILD_MS, TENSORRT_ENGINE_CACHED, MEMORY_PEAK_RSS, ACCURACY_TOP1, ACCURACY_TOP5,
            ACCURACY_IMAGES, ACCURACY_AGREEMENT, ACCURACY_AGREEMENT_IMAGES, GPU_MEMORY_USED_MIB, GPU_SM_CLOCK_MHZ,
            GPU_POWER_LIMIT_W, JETSON_GPU_FREQ_MHZ, ENERGY_TOTAL, ENERGY_ABOVE_IDLE, ENERGY_PER_IMAGE,
            ENERGY_PER_IMAGE_ABOVE_IDLE, POWER_MEAN, POWER_PEAK, POWER_IDLE, ENERGY_SAMPLES, ENERGY_RATE_HZ,
            ENERGY_INVALID, ENERGY_VALID_ITERATIONS, ENERGY_ESTIMATE, ENERGY_SHORT_WINDOW);

    private Metrics() {
    }

    /** The metric a label (with or without a family argument) belongs to. */
    public static Optional<Metric> of(String fullLabel) {
        String base = Metric.baseOf(fullLabel);
        boolean member = !base.equals(fullLabel);
        if (member) {
            for (Metric m : List.of(ENERGY_TOTAL_RAIL, POWER_MEAN_RAIL, PRECISION_INT8_WEIGHTS)) {
                if (m.label().equals(base)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
        return ALL.stream().filter(m -> m.label().equals(fullLabel)).findFirst();
    }
}
