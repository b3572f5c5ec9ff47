package org.vitwatt.reports.metrics;

/** NetScore, stage 1 of the E3P-ViT method: device-agnostic screening (Wong 2018). */
public final class NetScore {
    /** The exponents of Wong's Eq. 1. */
    public static final double ALPHA = 2, BETA = 0.5, GAMMA = 0.5;

    /** The formula and units, as printed under every NetScore table. */
    public static final String FORMULA = "NetScore Ω = 20 · log10( a^2 / ( p^0.5 · m^0.5 ) ), "
            + "a = ImageNet-1K top-1 in %, p = parameters in millions, m = MACs per image in billions (G); dB, higher is better";

    private NetScore() {
    }

    /**
     * NetScore Ω = 20 · log10( a^α / ( p^β · m^γ ) ) with α = 2, β = 0.5, γ = 0.5 (Wong 2018), in dB.
     *
     * @param top1Percent    a: top-1 accuracy in percent (0..100]
     * @param paramsMillions p: parameter count in millions (&gt; 0)
     * @param gmacs          m: multiply-accumulates per image in billions (&gt; 0)
     * @return Ω in dB; e.g. DeiT-S (79.856 %, 22.05 M, 4.61 G) gives 56.02
     * @throws IllegalArgumentException when an argument is not a positive finite number
     */
    public static double of(double top1Percent, double paramsMillions, double gmacs) {
        requirePositive(top1Percent, "top-1");
        requirePositive(paramsMillions, "params");
        requirePositive(gmacs, "MACs");
        return 20 * Math.log10(Math.pow(top1Percent, ALPHA) / (Math.pow(paramsMillions, BETA) * Math.pow(gmacs, GAMMA)));
    }

    static void requirePositive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive finite number, was " + v);
        }
    }
}
