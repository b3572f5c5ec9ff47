package org.vitwatt.reports.metrics;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Bit-weighted operations (BOPs), the mixed-precision study's device-agnostic cost:
 * BOPs = Σ over MAC-carrying nodes of MACs × weight bits × activation bits (FP32 = 32 × 32).
 * vitwatt's benchmark records it per result as {@code model.bops} (GBOPs, from the bits each node runs in);
 * for a result without that metric a uniform precision falls back to MACs × bits × bits of that precision
 * and a mixed plan is "n/a".
 */
public final class Bops {
    /** The formula and units, as printed under the precision table. */
    public static final String FORMULA = "BOPs = Σ MACs × weight bits × activation bits over MAC-carrying nodes, "
            + "in G (10^9) per image; uniform precisions: GMACs × 32×32 (fp32), × 16×16 (fp16), × 8×8 (int8); "
            + "mixed plans only from the model.bops metric (GBOPs) that vitwatt's benchmark records";

    private Bops() {
    }

    /** Weight (= activation) bits of a uniform precision, or empty for a mixed plan or an unknown name. */
    public static OptionalDouble uniformBits(String precision) {
        switch (precision.toLowerCase(Locale.ROOT)) {
            case "fp32":
                return OptionalDouble.of(32);
            case "fp16":
            case "bf16":
                return OptionalDouble.of(16);
            case "int8":
                return OptionalDouble.of(8);
            default:
                return OptionalDouble.empty();
        }
    }

    /** G-BOPs per image of a uniform precision: {@code gmacs × bits × bits}; empty for a mixed plan. */
    public static OptionalDouble gbops(double gmacs, String precision) {
        OptionalDouble bits = uniformBits(precision);
        if (bits.isEmpty() || !(gmacs > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(gmacs * bits.getAsDouble() * bits.getAsDouble());
    }
}
