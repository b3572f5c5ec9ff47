package org.vitwatt.reports.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.results.Metrics;

/**
 * Every run of one benchmark ({@link BenchmarkKey}) merged: each figure is the mean over runs with the spread
 * (min–max, n runs) and the 99.9 % confidence interval ({@link Measure}). A run is one fork of one JMH result;
 * results of the same benchmark from several files (or the journal) are runs too.
 *
 * @param key              the benchmark
 * @param results          the JMH results merged, in input order
 * @param latencyMs        latency per operation (one batch), ms
 * @param metrics          secondary metrics by label, in their JMH units
 * @param modes            JMH modes of the merged results
 * @param percentiles      latency percentiles in ms (sample mode, one result only), else empty
 * @param syntheticWeights some run says {@code model.syntheticWeights} = 1
 * @param energyInvalid    some run says {@code energy.invalid}
 * @param shortWindow      some run says {@code energy.warning.shortWindow}
 * @param energyEstimate   some run says {@code energy.estimate}: its energy is the CPU estimate, not a measurement
 */
public record Merged(BenchmarkKey key, List<BenchmarkResult> results, Measure latencyMs, Map<String, Measure> metrics,
        Set<String> modes, Map<Double, Double> percentiles, boolean syntheticWeights, boolean energyInvalid,
        boolean shortWindow, boolean energyEstimate) {

    public Optional<Measure> metric(String label) {
        return Optional.ofNullable(metrics.get(label));
    }

    /** Latency per image, ms: per batch / batch. */
    public Measure latencyPerImageMs() {
        return latencyMs.scale(1.0 / key.batch());
    }

    /** Throughput, images/s: batch × ops/s = batch × 1000 / (ms per op). */
    public Measure throughput() {
        return latencyMs.reciprocal(1000.0 * key.batch());
    }

    /** Why energy is n/a, "" when it is known. */
    public String energyReason() {
        if (energyInvalid) {
            return "energy invalid";
        }
        if (!metrics.containsKey(Metrics.ENERGY_PER_IMAGE.label()) && !metrics.containsKey(Metrics.ENERGY_TOTAL.label())) {
            return "energy not measured";
        }
        return "";
    }

    /** Energy per image in mJ (total, or above idle), from energy.perImage[.aboveIdle] or energy.total / batch. */
    public Val energyPerImageMj(boolean aboveIdle) {
        String why = energyReason();
        if (!why.isEmpty()) {
            return Val.na(why);
        }
        Measure m = metrics.get(aboveIdle ? Metrics.ENERGY_PER_IMAGE_ABOVE_IDLE.label() : Metrics.ENERGY_PER_IMAGE.label());
        if (m == null) {
            Measure perOp = metrics.get(aboveIdle ? Metrics.ENERGY_ABOVE_IDLE.label() : Metrics.ENERGY_TOTAL.label());
            if (perOp == null) {
                return Val.na(aboveIdle ? "no idle baseline" : "energy not measured");
            }
            m = perOp.scale(1.0 / key.batch());
        }
        return Val.of(m);
    }

    /** Energy per operation (batch) in mJ. */
    public Val energyPerBatchMj() {
        String why = energyReason();
        if (!why.isEmpty()) {
            return Val.na(why);
        }
        Measure m = metrics.get(Metrics.ENERGY_TOTAL.label());
        if (m == null) {
            m = metrics.get(Metrics.ENERGY_PER_IMAGE.label()).scale(key.batch());
        }
        return Val.of(m);
    }

    /** Mean power, W. */
    public Val meanPowerW() {
        if (energyInvalid) {
            return Val.na("energy invalid");
        }
        Measure m = metrics.get(Metrics.POWER_MEAN.label());
        return m == null ? Val.na("power not measured") : Val.of(m);
    }

    /** The words of the short n/a reasons, printed under the tables that use them. */
    public static final String NA_LEGEND = "n/a reasons: synthetic weights = model.syntheticWeights is 1 (a "
            + "vitwatt-built model with deterministic weights), so accuracy is meaningless; unlabelled dataset = the "
            + "synthetic dataset has no labels; accuracy not measured = no accuracy.top1 in the result; energy not "
            + "measured = no -prof energy (no energy.* metrics); energy invalid = energy.invalid: a sensor reading "
            + "failed in some iteration, so its energy is not used";

    /** Why accuracy is n/a, "" when it was measured and means something. */
    public String accuracyReason() {
        if (syntheticWeights && key.unlabelled()) {
            return "synthetic weights, unlabelled dataset";
        }
        if (syntheticWeights) {
            return "synthetic weights";
        }
        if (key.unlabelled()) {
            return "unlabelled dataset";
        }
        if (!metrics.containsKey(Metrics.ACCURACY_TOP1.label())) {
            return "accuracy not measured";
        }
        return "";
    }

    /** A measured accuracy figure (top-1, top-5, agreement) in %, or why it is n/a. */
    public Val accuracy(String label) {
        String why = accuracyReason();
        if (!why.isEmpty()) {
            return Val.na(why);
        }
        Measure m = metrics.get(label);
        return m == null ? Val.na("no " + label) : Val.of(m);
    }

    /** Source files of the merged results, "file:line" each. */
    public String sources() {
        StringBuilder sb = new StringBuilder();
        for (BenchmarkResult r : results) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(r.where());
        }
        return sb.toString();
    }
}
