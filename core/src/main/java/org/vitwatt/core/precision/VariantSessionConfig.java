package org.vitwatt.core.precision;

import java.util.Map;

/**
 * Session configuration entries a variant needs to run as written. ONNX Runtime's QDQ fusions
 * ({@code QDQSelectorActionTransformer}) match a float8 {@code DequantizeLinear → MatMul} as if it were INT8 and
 * rewrite it into {@code MatMulIntegerToFloat}, which takes no float8 input, so the session fails with
 * "Type 'tensor(float8e4m3fn)' ... of operator (MatMulIntegerToFloat) ... is invalid" (ORT 1.29, CPU). A variant
 * with FP8 groups therefore opens with {@code session.disable_quant_qdq=1} (ONNX Runtime's
 * {@code kOrtSessionOptionsDisableQuantQDQ}): its Q/DQ pairs then run as written, which is what an FP8 simulation
 * on a CPU is; the INT8 groups of a plan that mixes INT8 and FP8 then run unfused too.
 */
public final class VariantSessionConfig {
    /** ONNX Runtime's {@code kOrtSessionOptionsDisableQuantQDQ}. */
    public static final String DISABLE_QUANT_QDQ = "session.disable_quant_qdq";

    private VariantSessionConfig() {
    }

    /** The entries {@code variant} needs (none for FP32, FP16 and INT8 variants). */
    public static Map<String, String> of(ModelVariant variant) {
        return variant.manifest().containsKey("fp8") ? Map.of(DISABLE_QUANT_QDQ, "1") : Map.of();
    }
}
