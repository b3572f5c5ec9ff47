package org.vitwatt.results;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * Bit-weighted operations (BOPs), the mixed-precision study's device-agnostic cost of a precision plan:
 * Σ over MAC-carrying nodes of MACs × weight bits × activation bits. A node counts at the bits it runs in: an
 * FP32 node 32 × 32, an FP16 node 16 × 16, an INT8 node 8 × 8; a node that a lower-precision group leaves in float
 * (LayerNorm in an INT8 group) counts at its float width. The benchmark writes the sum as {@code model.bops}
 * (GBOPs per image); reports only read it.
 */
public final class Bops {
    /** The formula and its units, as printed under every table that shows BOPs. */
    public static final String FORMULA = "BOPs = Σ over MAC-carrying nodes of MACs × weight bits × activation bits, "
            + "each node at the precision it runs in (FP32 32×32, FP16 16×16, INT8 8×8), in G (10^9) per image";

    private Bops() {
    }

    /** The bits of a numeric type by its id ({@code fp32}, {@code fp16}, {@code bf16}, {@code int8}, ...). */
    public static OptionalInt bits(String numericType) {
        return switch (numericType.toLowerCase(Locale.ROOT)) {
            case "fp32" -> OptionalInt.of(32);
            case "fp16", "bf16" -> OptionalInt.of(16);
            case "int8", "fp8" -> OptionalInt.of(8);
            case "int4" -> OptionalInt.of(4);
            default -> OptionalInt.empty();
        };
    }

    /** One node's term: {@code macs × weightBits × activationBits}. */
    public static double term(long macs, int weightBits, int activationBits) {
        return (double) macs * weightBits * activationBits;
    }
}
