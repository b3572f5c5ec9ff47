package org.vitwatt.core;

import java.util.Map;
import org.vitwatt.core.accuracy.TrialData;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.precision.CalibrationSpec;
import org.vitwatt.core.precision.Int8Weights;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.power.clocks.ClockRequest;
import org.vitwatt.results.Params;

/**
 * One benchmark configuration: every {@code -p} value of the inference benchmark ({@link Params}), parsed and
 * validated, so that the launcher's preflight (before any fork starts) and the trial setup reject the same bad
 * values with the same message.
 *
 * @param model         model name or .onnx path
 * @param dataset       dataset
 * @param precision     precision level or plan
 * @param provider      execution provider
 * @param device        GPU index for cuda / tensorrt ({@code -p provider=cuda:1}), 0 by default
 * @param batch         images per inference, >= 1
 * @param threads       ONNX Runtime intra-op threads, 0 = ONNX Runtime's default (one per physical core)
 * @param calibration   how INT8 activation ranges are calibrated
 * @param int8Weights   how INT8 weights are stored
 * @param accuracyLimit images scored for accuracy: -1 = all, 0 = none
 * @param powerMode     the Jetson power mode the board must be in, or {@value Params#DEFAULT_POWER_MODE}
 * @param gpuClock      the GPU clock to hold during the trial ({@code -p gpuClock}: default, max or MHz)
 * @param cpuClock      the CPU clusters' clock to hold ({@code -p cpuClock})
 */
public record BenchmarkSpec(String model, DatasetSpec dataset, Precision precision, Provider provider, int device,
        int batch, int threads, CalibrationSpec calibration, Int8Weights int8Weights, int accuracyLimit,
        String powerMode, ClockRequest gpuClock, ClockRequest cpuClock) {

    /** Parses every parameter; one missing from {@code params} takes its default. */
    public static BenchmarkSpec parse(Map<String, String> params) {
        String provider = value(params, Params.PROVIDER);
        return new BenchmarkSpec(value(params, Params.MODEL).trim(), DatasetSpec.parse(value(params, Params.DATASET)),
                Precision.parse(value(params, Params.PRECISION)), Provider.parse(provider), Provider.deviceOf(provider),
                positive(Params.BATCH, value(params, Params.BATCH), 1),
                positive(Params.THREADS, value(params, Params.THREADS), 0),
                CalibrationSpec.parse(value(params, Params.CALIBRATION)),
                Int8Weights.parse(value(params, Params.INT8_WEIGHTS)),
                TrialData.parseLimit(value(params, Params.ACCURACY_LIMIT)), value(params, Params.POWER_MODE).trim(),
                ClockRequest.parse(Params.GPU_CLOCK, value(params, Params.GPU_CLOCK)),
                ClockRequest.parse(Params.CPU_CLOCK, value(params, Params.CPU_CLOCK)));
    }

    /** Parses the six values that shape a session; the others take their defaults. */
    public static BenchmarkSpec parse(String model, String dataset, String precision, String provider, String batch,
            String threads) {
        return parse(Map.of(Params.MODEL, model, Params.DATASET, dataset, Params.PRECISION, precision,
                Params.PROVIDER, provider, Params.BATCH, batch, Params.THREADS, threads));
    }

    /** True when the run is held to a Jetson power mode. */
    public boolean checksPowerMode() {
        return !powerMode.equalsIgnoreCase(Params.DEFAULT_POWER_MODE);
    }

    private static String value(Map<String, String> params, String name) {
        String v = params.get(name);
        return v == null ? Params.defaultOf(name) : v;
    }

    private static int positive(String flag, String text, int min) {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new VitwattException("-p " + flag + "=" + text + " is not a whole number: give e.g. -p " + flag
                    + "=" + Math.max(min, 1));
        }
        if (v < min) {
            throw new VitwattException("-p " + flag + "=" + text + " must be >= " + min
                    + (flag.equals(Params.THREADS) ? " (0 = ONNX Runtime's default)" : ""));
        }
        return v;
    }
}
