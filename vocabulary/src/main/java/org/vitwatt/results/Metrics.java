package org.vitwatt.results;

import static org.vitwatt.results.Metric.Aggregate.AVG;
import static org.vitwatt.results.Metric.Aggregate.MAX;
import static org.vitwatt.results.Metric.Aggregate.MIN;
import static org.vitwatt.results.Metric.Aggregate.SUM;

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
    public static final Metric PRECISION_EMULATED = new Metric("precision.emulated", "bool", AVG,
            "1 = the precision is simulated, not run natively: FP8 Q/DQ on a provider without FP8 arithmetic rounds to "
                    + "FP8 and computes in FP32 (accuracy and file size are FP8's, latency and energy are not)");

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

    // ---- the harness's own cost (once per trial, outside the timed iterations) ----
    public static final Metric HARNESS_OVERHEAD_PCT = new Metric("harness.overheadPct", "%", AVG,
            "wall time of one timed call around session.run beyond ONNX Runtime's own model_run time, in % of it");
    public static final Metric HARNESS_ORT_RUN_MS = new Metric("harness.ortRunMs", "ms", AVG,
            "ONNX Runtime's own mean model_run time over the overhead runs (its profiler)");
    public static final Metric HARNESS_RUNS = new Metric("harness.runs", "#", AVG,
            "inferences the overhead was measured over");

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
    public static final Metric ENERGY_VALID_ITERATIONS = new Metric("energy.validIterations", "#", SUM,
            "iterations whose energy was measured; energy and power metrics are means over these only, and absent "
            + "when it is 0");
    public static final Metric ENERGY_INVALID = new Metric("energy.invalid", "#", SUM,
            "iterations whose energy could not be measured (the reason is printed and journaled)");
    public static final Metric ENERGY_TARGET_RATE_HZ = new Metric("energy.targetRateHz", "Hz", AVG,
            "the sampling rate asked for (rateHz=N, or the automatic rate)");
    /** Family: one member per reader ({@code energy.updateMs(ina3221)}). */
    public static final Metric ENERGY_UPDATE_MS = new Metric("energy.updateMs", "ms", AVG,
            "how often one reader's sensor updates (declared, derived or observed)");
    /** Family: one member per reader and rail summed into the total ({@code energy.inTotal(ina3221/VDD_IN)}). */
    public static final Metric ENERGY_IN_TOTAL = new Metric("energy.inTotal", "bool", AVG,
            "1 for each reader and rail that energy.total sums");
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

    // ---- device state over each iteration window (-prof energy), sampled at a low rate ----
    /** Family: one member per clock ({@code device.clockMHz.min(gpu)}, {@code device.clockMHz.min(nvml0.sm)}). */
    public static final Metric DEVICE_CLOCK_MIN = new Metric("device.clockMHz.min", "MHz", MIN,
            "the lowest clock seen in the iteration (the lowest over iterations)");
    /** Family: one member per clock. */
    public static final Metric DEVICE_CLOCK_MAX = new Metric("device.clockMHz.max", "MHz", MAX,
            "the highest clock seen in the iteration");
    /** Family: one member per sensor ({@code device.tempC.max(gpu-thermal)}, {@code device.tempC.max(nvml0)}). */
    public static final Metric DEVICE_TEMP_MAX = new Metric("device.tempC.max", "C", MAX,
            "the highest temperature seen in the iteration");
    public static final Metric DEVICE_THROTTLED = new Metric("device.throttled", "fraction", MAX,
            "share of the iteration during which a throttle reason or a clock drop was seen (the worst iteration)");
    /** Family: one member per reason ({@code device.throttled(nvml0:sw_thermal)}, {@code device.throttled(gpu:clock_drop)}). */
    public static final Metric DEVICE_THROTTLED_REASON = new Metric("device.throttled", "fraction", MAX,
            "share of the iteration during which one throttle reason was seen");

    /** Every metric and family, in the order docs/results-format.md lists them. */
    public static final List<Metric> ALL = List.of(MODEL_PARAMS, MODEL_GMACS, MODEL_BOPS, MODEL_FILE_MIB,
            MODEL_SYNTHETIC_WEIGHTS, PRECISION_INT8_WEIGHTS, PRECISION_EMULATED, SESSION_CREATE_MS, SESSION_FIRST_RUN_MS,
            TENSORRT_ENGINE_BUILD_MS, TENSORRT_ENGINE_CACHED, MEMORY_PEAK_RSS, HARNESS_OVERHEAD_PCT,
            HARNESS_ORT_RUN_MS, HARNESS_RUNS, ACCURACY_TOP1, ACCURACY_TOP5,
            ACCURACY_IMAGES, ACCURACY_AGREEMENT, ACCURACY_AGREEMENT_IMAGES, GPU_MEMORY_USED_MIB, GPU_SM_CLOCK_MHZ,
            GPU_POWER_LIMIT_W, JETSON_GPU_FREQ_MHZ, ENERGY_TOTAL, ENERGY_ABOVE_IDLE, ENERGY_PER_IMAGE,
            ENERGY_PER_IMAGE_ABOVE_IDLE, POWER_MEAN, POWER_PEAK, POWER_IDLE, ENERGY_SAMPLES, ENERGY_RATE_HZ,
            ENERGY_VALID_ITERATIONS, ENERGY_INVALID, ENERGY_TARGET_RATE_HZ, ENERGY_ESTIMATE, ENERGY_SHORT_WINDOW,
            DEVICE_THROTTLED);

    /** The families: labels that take an argument. */
    public static final List<Metric> FAMILIES = List.of(ENERGY_TOTAL_RAIL, POWER_MEAN_RAIL, PRECISION_INT8_WEIGHTS,
            ENERGY_UPDATE_MS, ENERGY_IN_TOTAL, DEVICE_CLOCK_MIN, DEVICE_CLOCK_MAX, DEVICE_TEMP_MAX,
            DEVICE_THROTTLED_REASON);

    private Metrics() {
    }

    /** The metric a label (with or without a family argument) belongs to. */
    public static Optional<Metric> of(String fullLabel) {
        String base = Metric.baseOf(fullLabel);
        boolean member = !base.equals(fullLabel);
        if (member) {
            for (Metric m : FAMILIES) {
                if (m.label().equals(base)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
        return ALL.stream().filter(m -> m.label().equals(fullLabel)).findFirst();
    }
}
