package org.vitwatt.reports.history;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vitwatt.reports.input.EnergyStatus;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.JmhUnits;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.results.Metrics;

/**
 * A figure that {@code compare} and {@code trend} follow, taken from a result's metrics (the {@code primary} metric
 * and JMH's secondary metrics by label):
 * <ul>
 * <li>{@code latency}: the primary metric as milliseconds per operation (one batch); a throughput (ops/time) is
 * inverted, its interval too. Higher is worse.</li>
 * <li>{@code energy}: energy per image in mJ, {@code energy.perImage}, else {@code energy.total} / batch; none when
 * the result's energy is invalid ({@link EnergyStatus}: a database ingested before ingest dropped such figures may
 * still hold them). Higher is worse.</li>
 * <li>{@code accuracy}: top-1 in %, {@code accuracy.top1}; none for synthetic weights or the unlabelled synthetic
 * dataset. Lower is worse; compared in points.</li>
 * <li>any other metric label ({@code power.mean}, {@code memory.peakRss}, {@code primary.p99}, ...): as stored
 * (trend only); an energy or power label of a result whose energy is invalid is none.</li>
 * </ul>
 *
 * @param name   latency, energy, accuracy or the label
 * @param title  what a table or axis calls it
 * @param labels the metric labels it is computed from (what a query must fetch)
 */
public record Figure(String name, String title, Set<String> labels) {
    public static final Figure LATENCY = new Figure("latency", "latency per op", Set.of(Stored.PRIMARY));
    public static final Figure ENERGY = new Figure("energy", "energy per image",
            Set.of(Metrics.ENERGY_PER_IMAGE.label(), Metrics.ENERGY_TOTAL.label(), Metrics.ENERGY_INVALID.label(),
                    Metrics.ENERGY_VALID_ITERATIONS.label()));
    public static final Figure ACCURACY = new Figure("accuracy", "top-1 accuracy",
            Set.of(Metrics.ACCURACY_TOP1.label(), Metrics.MODEL_SYNTHETIC_WEIGHTS.label()));

    /** latency, energy, accuracy or a metric label as stored. */
    public static Figure parse(String s, String flag, boolean labelsAllowed) throws InputException {
        String v = s == null ? "" : s.strip();
        switch (v.toLowerCase(Locale.ROOT)) {
            case "latency" -> {
                return LATENCY;
            }
            case "energy" -> {
                return ENERGY;
            }
            case "accuracy", "top1" -> {
                return ACCURACY;
            }
            default -> {
                if (labelsAllowed && !v.isEmpty()) {
                    return EnergyStatus.isEnergyFigure(v) ? new Figure(v, v, Set.of(v, Metrics.ENERGY_INVALID.label(),
                            Metrics.ENERGY_VALID_ITERATIONS.label())) : new Figure(v, v, Set.of(v));
                }
                throw new InputException(InputException.Kind.BAD_OPTION, flag + " " + s + ": expected latency, energy"
                        + " or accuracy" + (labelsAllowed ? ", or a metric label such as power.mean" : ""));
            }
        }
    }

    /** True for latency, energy and accuracy; false for a metric label as stored. */
    public boolean standard() {
        return equals(LATENCY) || equals(ENERGY) || equals(ACCURACY);
    }

    /** True when a higher value is worse (latency, energy); false for accuracy. */
    public boolean higherIsWorse() {
        return !this.equals(ACCURACY);
    }

    /** True when changes are absolute points, not relative (accuracy). */
    public boolean inPoints() {
        return this.equals(ACCURACY);
    }

    /** A file-name-safe form of the name. */
    public String slug() {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    /**
     * This figure of one result, or null with why in {@code why[0]}.
     *
     * @param metrics the result's metrics by label ({@value Stored#PRIMARY} = JMH's primary metric)
     * @param batch   images per operation
     * @param dataset canonical dataset (synthetic, imagenet, ...)
     */
    public Metric of(Map<String, Metric> metrics, int batch, String dataset, String[] why) {
        if (this.equals(LATENCY)) {
            Metric p = metrics.get(Stored.PRIMARY);
            Metric ms = p == null ? null : JmhUnits.msPerOp(p);
            if (ms == null) {
                why[0] = p == null ? "no primary metric" : "primary unit " + p.unit() + " is not time/op or ops/time";
            }
            return ms;
        }
        if (this.equals(ENERGY) || EnergyStatus.isEnergyFigure(name)) {
            if (EnergyStatus.of(metrics) == EnergyStatus.INVALID) {
                why[0] = EnergyStatus.INVALID.reason();
                return null;
            }
        }
        if (this.equals(ENERGY)) {
            Metric e = metrics.get(Metrics.ENERGY_PER_IMAGE.label());
            if (e != null) {
                return e;
            }
            Metric t = metrics.get(Metrics.ENERGY_TOTAL.label());
            if (t != null) {
                return JmhUnits.scale(t, 1.0 / batch, "mJ/image");
            }
            why[0] = "energy not measured";
            return null;
        }
        if (this.equals(ACCURACY)) {
            Metric syn = metrics.get(Metrics.MODEL_SYNTHETIC_WEIGHTS.label());
            if (syn != null && syn.score() >= 0.5) {
                why[0] = "synthetic weights";
                return null;
            }
            if ("synthetic".equals(dataset)) {
                why[0] = "unlabelled dataset";
                return null;
            }
            Metric a = metrics.get(Metrics.ACCURACY_TOP1.label());
            if (a == null) {
                why[0] = "accuracy not measured";
            }
            return a;
        }
        Metric m = metrics.get(name);
        if (m == null) {
            why[0] = "no " + name;
        }
        return m;
    }

    /** The unit values of this figure are in; for a label, the unit of {@code sample}. */
    public String unit(Metric sample) {
        if (this.equals(LATENCY)) {
            return "ms/op";
        }
        if (this.equals(ENERGY)) {
            return "mJ/image";
        }
        if (this.equals(ACCURACY)) {
            return "%";
        }
        return sample == null ? "" : sample.unit();
    }
}
