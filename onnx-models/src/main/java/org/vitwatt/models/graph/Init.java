package org.vitwatt.models.graph;

/** How a synthetic weight tensor is filled; mirrors the initialisers timm uses for each kind of parameter. */
public sealed interface Init {
    /** Every element {@code value} (LayerNorm scale = 1, biases = 0). */
    record Constant(float value) implements Init {
    }

    /**
     * Zero-mean, bell-shaped values with standard deviation {@code std} (Irwin–Hall sum of four uniforms:
     * exact mean and variance, bounded at ±3.46σ like a truncated normal, and cheap to draw deterministically).
     */
    record Normal(double std) implements Init {
        public Normal {
            if (!(std > 0)) {
                throw new IllegalArgumentException("std must be > 0: " + std);
            }
        }
    }

    /** Uniform on [lo, hi) (e.g. fan-in scaled convolutions). */
    record Uniform(double lo, double hi) implements Init {
    }

    static Init zeros() {
        return new Constant(0f);
    }

    static Init ones() {
        return new Constant(1f);
    }

    static Init normal(double std) {
        return new Normal(std);
    }
}
