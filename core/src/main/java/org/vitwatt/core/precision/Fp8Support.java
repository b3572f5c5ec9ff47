package org.vitwatt.core.precision;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.models.precision.NumericType;

/**
 * Whether a GPU can run FP8 under TensorRT. TensorRT's FP8 kernels need compute capability 8.9 or higher (Ada,
 * Hopper, Blackwell; on Jetson, Thor); ONNX Runtime's TensorRT provider has no FP8 option of its own (its options
 * are {@code trt_fp16_enable}, {@code trt_bf16_enable} and {@code trt_int8_enable}), so an FP8 plan reaches
 * TensorRT as FP8 Q/DQ in the file, TensorRT's explicit quantization, and a GPU below 8.9 is refused before
 * anything is built.
 */
public final class Fp8Support {
    /** The lowest compute capability with FP8 tensor cores, as {@code major * 10 + minor}. */
    public static final int MIN_COMPUTE_CAPABILITY = 89;

    private Fp8Support() {
    }

    /**
     * The one-line reason {@code precision} cannot run on {@code provider} on GPU {@code gpuName} of compute
     * capability {@code capability} ({@code major * 10 + minor}; empty when unknown), or empty when it can (or
     * when neither TensorRT nor FP8 is involved).
     */
    public static Optional<String> refusal(Precision precision, Provider provider, String gpuName,
            OptionalInt capability) {
        if (provider != Provider.TENSORRT || precision.kind() == Precision.Kind.FP32
                || !PrecisionVariants.plan(precision).types().contains(NumericType.FP8)) {
            return Optional.empty();
        }
        if (capability.isEmpty()) {
            return Optional.of("precision '" + precision + "' on tensorrt needs an FP8 GPU (compute capability 8.9 "
                    + "or higher) and NVML did not tell " + gpuName + "'s; run fp8 on cpu or cuda (a simulation)");
        }
        int cc = capability.getAsInt();
        if (cc < MIN_COMPUTE_CAPABILITY) {
            return Optional.of(String.format(Locale.ROOT, "precision '%s' cannot run on tensorrt: %s has compute "
                    + "capability %d.%d and TensorRT's FP8 needs 8.9 or higher (Ada, Hopper, Blackwell, Thor); use "
                    + "int8 or fp16 on this GPU, or fp8 on cpu/cuda as a simulation", precision, gpuName, cc / 10,
                    cc % 10));
        }
        return Optional.empty();
    }
}
