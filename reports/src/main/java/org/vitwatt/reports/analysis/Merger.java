package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.EnergyStatus;
import org.vitwatt.reports.input.JmhUnits;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.results.Metrics;
import org.vitwatt.results.Params;

/**
 * Groups results by {@link BenchmarkKey} and merges each group's runs, never silently: every merged figure keeps
 * the spread across runs and how many there were.
 *
 * <p>Merging one metric over results R1..Rk: the runs are every fork of every result (a fork's value is the mean
 * of its iterations in JMH's rawData; a result without rawData is one run of its score). One result: the value
 * is JMH's score and the interval JMH's 99.9 % confidence interval. Several: the value is the mean over all runs,
 * the interval is the hull of the results' intervals (lowest low, highest high; unknown when any is), and the
 * spread is min–max over runs.
 *
 * <p>A result whose energy is invalid ({@link EnergyStatus#INVALID}) contributes no energy or power figure: the
 * merged energy comes from the results whose energy was measured, and is "energy invalid" when there is none.
 */
public final class Merger {
    private Merger() {
    }

    /** The merged benchmarks, sorted, and what could not be merged. */
    public record Result(List<Merged> merged, List<Diagnostic> diagnostics) {
    }

    public static Result merge(List<BenchmarkResult> results, ModelNames names) {
        Map<BenchmarkKey, List<BenchmarkResult>> groups = new LinkedHashMap<>();
        List<Diagnostic> diags = new ArrayList<>();
        Map<String, Integer> badBatch = new LinkedHashMap<>();
        for (BenchmarkResult r : results) {
            int batch = BenchmarkKey.batchOf(r.param(Params.BATCH));
            if (batch == 0) {
                badBatch.merge(r.file() + ": batch=" + r.param(Params.BATCH), 1, Integer::sum);
                continue;
            }
            if (JmhUnits.msPerOp(r.primary()) == null) {
                diags.add(Diagnostic.warning(r.where() + ": skipped a result with primary unit '" + r.primary().unit()
                        + "' (expected time/op or ops/time)"));
                continue;
            }
            BenchmarkKey key = BenchmarkKey.of(r.device().label(), r.benchmark(), names.canonical(r.param(Params.MODEL)),
                    r.params(), batch);
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        badBatch.forEach((k, n) -> diags.add(Diagnostic.warning(k + ": " + n
                + " result(s) skipped: batch is not a positive integer")));
        List<Merged> out = new ArrayList<>(groups.size());
        for (Map.Entry<BenchmarkKey, List<BenchmarkResult>> e : groups.entrySet()) {
            out.add(mergeOne(e.getKey(), e.getValue()));
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return new Result(out, diags);
    }

    static Merged mergeOne(BenchmarkKey key, List<BenchmarkResult> rs) {
        List<Metric> primaries = new ArrayList<>(rs.size());
        Set<String> modes = new LinkedHashSet<>();
        Map<String, List<Metric>> secondary = new HashMap<>(32);
        boolean synthetic = false;
        boolean shortWindow = false;
        boolean estimate = false;
        int measured = 0;
        int invalid = 0;
        for (BenchmarkResult r : rs) {
            primaries.add(JmhUnits.msPerOp(r.primary()));
            modes.add(r.mode());
            EnergyStatus energy = EnergyStatus.of(r);
            if (energy == EnergyStatus.MEASURED) {
                measured++;
                shortWindow |= flag(r, Metrics.ENERGY_SHORT_WINDOW.label());
                estimate |= flag(r, Metrics.ENERGY_ESTIMATE.label());
            } else if (energy == EnergyStatus.INVALID) {
                invalid++;
            }
            for (Map.Entry<String, Metric> m : r.secondary().entrySet()) {
                if (energy != EnergyStatus.MEASURED && EnergyStatus.isEnergyFigure(m.getKey())) {
                    continue; // an invalid window never becomes a number
                }
                List<Metric> l = secondary.get(m.getKey());
                if (l == null) {
                    l = new ArrayList<>(rs.size());
                    secondary.put(m.getKey(), l);
                }
                l.add(m.getValue());
            }
            synthetic |= flag(r, Metrics.MODEL_SYNTHETIC_WEIGHTS.label());
        }
        Map<String, Measure> metrics = new HashMap<>(secondary.size() * 2);
        for (Map.Entry<String, List<Metric>> e : secondary.entrySet()) {
            metrics.put(e.getKey(), merge(e.getValue()));
        }
        Map<Double, Double> pct = Map.of();
        if (rs.size() == 1 && rs.get(0).mode().equals("sample")) {
            pct = primaries.get(0).percentiles();
        }
        EnergyStatus energy = measured > 0 ? EnergyStatus.MEASURED
                : invalid > 0 ? EnergyStatus.INVALID : EnergyStatus.NOT_MEASURED;
        return new Merged(key, List.copyOf(rs), merge(primaries), Map.copyOf(metrics), modes, pct, synthetic, energy,
                measured > 0 ? invalid : 0, shortWindow, estimate);
    }

    private static boolean flag(BenchmarkResult r, String label) {
        Metric m = r.secondary().get(label);
        return m != null && m.score() >= 0.5;
    }

    /** The runs of one metric: its fork means, or its score when it has none. */
    static double[] runs(Metric m) {
        return m.forkMeans().length > 0 ? m.forkMeans() : new double[] {m.score()};
    }

    /** Merges one metric's values from several results into a {@link Measure} (see the class comment). */
    public static Measure merge(List<Metric> ms) {
        if (ms.size() == 1) {
            Metric m = ms.get(0);
            double[] runs = runs(m);
            double min = m.score();
            double max = m.score();
            if (runs.length > 1) {
                min = Double.POSITIVE_INFINITY;
                max = Double.NEGATIVE_INFINITY;
                for (double v : runs) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            return new Measure(m.score(), m.hasCi() ? m.ciLow() : Double.NaN, m.hasCi() ? m.ciHigh() : Double.NaN,
                    min, max, runs.length);
        }
        double sum = 0;
        int n = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean ci = true;
        for (Metric m : ms) {
            for (double v : runs(m)) {
                sum += v;
                n++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (m.hasCi()) {
                lo = Math.min(lo, m.ciLow());
                hi = Math.max(hi, m.ciHigh());
            } else {
                ci = false;
            }
        }
        return new Measure(sum / n, ci ? lo : Double.NaN, ci ? hi : Double.NaN, min, max, n);
    }
}
