package org.vitwatt.reports.metrics;

/** SAM, the Sustainable Accuracy Metric: stage 2 of the E3P-ViT method (device-related ranking). */
public final class Sam {
    /** The exponents vitwatt reports; the paper reports SAM5. */
    public static final int[] ALPHAS = {1, 2, 5};

    /** The formula and units, as printed under every SAM table. */
    public static final String FORMULA = "SAM_α = A^α / E, A = measured top-1 as a fraction (0..1), "
            + "E = measured energy per inference per image in joules (J), α ∈ {1, 2, 5}; ranked by SAM5, higher is better";

    private Sam() {
    }

    /**
     * The Sustainable Accuracy Metric, the only place vitwatt computes it:
     *
     * <pre>SAM_α = A^α / E</pre>
     *
     * <ul>
     *   <li>{@code A}: measured top-1 accuracy on the device and dataset, as a fraction in [0, 1] (not %);</li>
     *   <li>{@code E}: measured energy per inference for one image on that device and dataset, in joules (J),
     *       not mJ (the report's energy columns are mJ/image: divide by 1000);</li>
     *   <li>{@code α}: the accuracy exponent, 1, 2 or 5 (the paper reports SAM5).</li>
     * </ul>
     * The result is in 1/J; higher is better. This is the reconstruction in {@code metrics.md} (the paper's own
     * equation could not be read); change it here, and only here, if the paper's text shows otherwise.
     * Callers must never pass an energy marked invalid or an accuracy that is "n/a".
     *
     * @param alpha              accuracy exponent α (≥ 1)
     * @param accuracyFraction   A, top-1 as a fraction in [0, 1]
     * @param energyJoulesPerImage E, joules per image (&gt; 0)
     * @return SAM_α in 1/J
     * @throws IllegalArgumentException for an accuracy outside [0, 1] or a non-positive or non-finite energy
     */
    public static double of(int alpha, double accuracyFraction, double energyJoulesPerImage) {
        if (alpha < 1) {
            throw new IllegalArgumentException("SAM exponent must be >= 1, was " + alpha);
        }
        if (!(accuracyFraction >= 0 && accuracyFraction <= 1)) {
            throw new IllegalArgumentException("SAM accuracy must be a fraction in [0, 1], was " + accuracyFraction);
        }
        if (!(energyJoulesPerImage > 0) || Double.isInfinite(energyJoulesPerImage)) {
            throw new IllegalArgumentException("SAM energy must be a positive number of joules per image, was "
                    + energyJoulesPerImage);
        }
        return Math.pow(accuracyFraction, alpha) / energyJoulesPerImage;
    }
}
