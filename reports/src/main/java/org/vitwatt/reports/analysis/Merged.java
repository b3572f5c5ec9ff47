package org.vitwatt.reports.analysis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.EnergyStatus;
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
 * @param metrics          secondary metrics by label, in their JMH units; energy and power only from results whose
 *                         energy was measured
 * @param modes            JMH modes of the merged results
 * @param percentiles      latency percentiles in ms (sample mode, one result only), else empty
 * @param syntheticWeights some run says {@code model.syntheticWeights} = 1
 * @param energy           {@link EnergyStatus#MEASURED} when some result's energy was, else why not
 * @param energyDropped    results whose invalid energy was left out of a measured merge (0 when none)
 * @param shortWindow      some measured run says {@code energy.warning.shortWindow}
 * @param energyEstimate   some measured run says {@code energy.estimate}: its energy is the CPU estimate
 */
public record Merged(BenchmarkKey key, List<BenchmarkResult> results, Measure latencyMs, Map<String, Measure> metrics,
        Set<String> modes, Map<Double, Double> percentiles, boolean syntheticWeights, EnergyStatus energy,
        int energyDropped, boolean shortWindow, boolean energyEstimate) {

    /** The words of the short n/a reasons, printed once in the glossary. */
    public static final String NA_LEGEND = "n/a reasons: synthetic weights = model.syntheticWeights is 1 (a "
            + "vitwatt-built model with deterministic weights), so accuracy is meaningless; unlabelled dataset = the "
            + "synthetic dataset has no labels; accuracy not measured = no accuracy.top1 in the result; energy not "
            + "measured = no -prof energy (no energy.* metrics); energy invalid = no iteration's energy could be "
            + "measured (energy.validIterations 0, or energy.invalid in a result that predates it), so no energy or "
            + "power figure of it is used";

    /** The qualifier of an agreement measured with synthetic weights. */
    public static final String PROXY = "proxy";

    public Optional<Measure> metric(String label) {
        return Optional.ofNullable(metrics.get(label));
    }

    /** True when the energy of every result with energy was invalid. */
    public boolean energyInvalid() {
        return energy == EnergyStatus.INVALID;
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
        if (energy != EnergyStatus.MEASURED) {
            return energy.reason();
        }
        if (!metrics.containsKey(Metrics.ENERGY_PER_IMAGE.label()) && !metrics.containsKey(Metrics.ENERGY_TOTAL.label())) {
            return EnergyStatus.NOT_MEASURED.reason();
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
                return Val.na(aboveIdle ? "no idle baseline" : EnergyStatus.NOT_MEASURED.reason());
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
        return power(Metrics.POWER_MEAN.label());
    }

    /** A power figure (power.mean, power.peak, power.idle), W, or why it is n/a. */
    public Val power(String label) {
        if (energy != EnergyStatus.MEASURED) {
            return Val.na(energy.reason());
        }
        Measure m = metrics.get(label);
        return m == null ? Val.na("power not measured") : Val.of(m);
    }

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

    /** A measured accuracy figure (top-1, top-5) in %, or why it is n/a. */
    public Val accuracy(String label) {
        String why = accuracyReason();
        if (!why.isEmpty()) {
            return Val.na(why);
        }
        Measure m = metrics.get(label);
        return m == null ? Val.na("no " + label) : Val.of(m);
    }

    /**
     * Top-1 agreement with FP32 in %. It needs no labels, so it is shown for synthetic data too; measured with
     * synthetic weights it is marked {@value #PROXY}, the only accuracy signal such a run has.
     */
    public Val agreement() {
        Measure m = metrics.get(Metrics.ACCURACY_AGREEMENT.label());
        if (m == null) {
            return Val.na(key.precision().equals("fp32") ? "" : "agreement not measured");
        }
        return syntheticWeights ? Val.of(m, PROXY) : Val.of(m);
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
