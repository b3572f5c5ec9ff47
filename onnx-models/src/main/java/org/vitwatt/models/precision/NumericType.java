package org.vitwatt.models.precision;

import java.util.Locale;
import org.vitwatt.feedback.VitwattException;

/** The numeric type a group of nodes runs in. */
public enum NumericType {
    FP32(32), FP16(16), INT8(8);

    private final int bits;

    NumericType(int bits) {
        this.bits = bits;
    }

    /** Width of weights and activations, for bit-weighted operation counts. */
    public int bits() {
        return bits;
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
        throw new VitwattException("unknown precision '" + s + "' in " + context + ": use fp32, fp16 or int8");
    }
}
