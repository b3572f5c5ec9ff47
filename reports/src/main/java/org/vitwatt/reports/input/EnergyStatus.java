package org.vitwatt.reports.input;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.vitwatt.results.Metrics;

/**
 * Whether a result's energy figures can be used — the one rule {@code report}, {@code ingest}, {@code compare} and
 * {@code trend} share, so that no energy figure of an invalid measurement is ever shown, stored or compared.
 *
 * <ul>
 * <li>A result with {@code energy.validIterations}: its energy and power metrics are means over its valid iterations
 * only; it is {@link #MEASURED} when that count is above 0 (with {@code energy.invalid} saying how many others were
 * not), {@link #INVALID} when it is 0.</li>
 * <li>A result without it (written before the energy profiler counted valid iterations) averaged an invalid
 * iteration into its metrics as zero: any {@code energy.invalid} above 0 makes it {@link #INVALID}.</li>
 * <li>Otherwise {@link #MEASURED} when it has an energy metric, else {@link #NOT_MEASURED}.</li>
 * </ul>
 */
public enum EnergyStatus {
    /** Its energy and power metrics are valid measurements. */
    MEASURED,
    /** Some or all of its iterations' energy could not be measured and its figures are not usable. */
    INVALID,
    /** No energy profiler ran. */
    NOT_MEASURED;

    /** The status of a result's metrics, by label. */
    public static EnergyStatus of(Map<String, Metric> metrics) {
        Metric valid = metrics.get(Metrics.ENERGY_VALID_ITERATIONS.label());
        if (valid != null) {
            return valid.score() > 0 ? MEASURED : INVALID;
        }
        Metric invalid = metrics.get(Metrics.ENERGY_INVALID.label());
        if (invalid != null && invalid.score() > 0) {
            return INVALID;
        }
        for (String label : metrics.keySet()) {
            if (isEnergyFigure(label)) {
                return MEASURED;
            }
        }
        return NOT_MEASURED;
    }

    /** The status of a result read from a file. */
    public static EnergyStatus of(BenchmarkResult r) {
        return of(r.secondary());
    }

    /**
     * True for a label whose value is an energy or power measurement (totals, per image, above idle, power, and
     * every per-rail member), as opposed to the profiler's counts and flags ({@code energy.samples},
     * {@code energy.rateHz}, {@code energy.invalid}, ...).
     */
    public static boolean isEnergyFigure(String label) {
        for (Predicate<String> f : FIGURES) {
            if (f.test(label)) {
                return true;
            }
        }
        return false;
    }

    private static final List<Predicate<String>> FIGURES = List.of(Metrics.ENERGY_TOTAL::matches,
            Metrics.ENERGY_ABOVE_IDLE::matches, Metrics.ENERGY_PER_IMAGE::matches,
            Metrics.ENERGY_PER_IMAGE_ABOVE_IDLE::matches, Metrics.POWER_MEAN::matches, Metrics.POWER_PEAK::matches,
            Metrics.POWER_IDLE::matches);

    /** Why the energy of a result with this status is n/a; "" when it is measured. */
    public String reason() {
        return switch (this) {
            case MEASURED -> "";
            case INVALID -> "energy invalid";
            case NOT_MEASURED -> "energy not measured";
        };
    }
}
