package org.vitwatt.models.precision;

import java.util.Locale;
import org.vitwatt.feedback.VitwattException;

/**
 * The numeric type a group of nodes runs in: {@code fp32}, {@code fp16}, {@code int8} (QDQ, symmetric INT8) or
 * {@code fp8} (QDQ, FP8 E4M3FN; on a CPU an accuracy-and-size simulation) or {@code int4w} (4-bit block-wise
 * weights through ONNX Runtime's MatMulNBits, activations FP32).
 */
public enum NumericType {
    FP32(32, 32), FP16(16, 16), INT8(8, 8), FP8(8, 8), INT4W(4, 32);

    private final int weightBits;
    private final int activationBits;

    NumericType(int weightBits, int activationBits) {
        this.weightBits = weightBits;
        this.activationBits = activationBits;
    }

    /** Width of the weights, for bit-weighted operation counts. */
    public int weightBits() {
        return weightBits;
    }

    /** Width of the activations a quantized node computes with, for bit-weighted operation counts. */
    public int activationBits() {
        return activationBits;
    }

    /** True for the types whose Q/DQ scales come from calibrated activation ranges. */
    public boolean calibrated() {
        return this == INT8 || this == FP8;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NumericType parse(String s, String context) {
        for (NumericType t : values()) {
            if (t.id().equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        throw new VitwattException("unknown precision '" + s + "' in " + context + ": use fp32, fp16, int8, fp8 or int4w");
    }
}
