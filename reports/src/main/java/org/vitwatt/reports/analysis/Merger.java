package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.results.Metrics;

/**
 * Groups results by {@link BenchmarkKey} and merges each group's runs, never silently: every merged figure keeps
 * the spread across runs and how many there were.
 *
 * <p>Merging one metric over results R1..Rk: the runs are every fork of every result (a fork's value is the mean
 * of its iterations in JMH's rawData; a result without rawData is one run of its score). One result: the value
 * is JMH's score and the interval JMH's 99.9 % confidence interval. Several: the value is the mean over all runs,
 * the interval is the hull of the results' intervals (lowest low, highest high; unknown when any is), and the
 * spread is min–max over runs.
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
            int batch;
            try {
                batch = r.param("batch").isBlank() ? 1 : Integer.parseInt(r.param("batch").strip());
                if (batch < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                badBatch.merge(r.file() + ": batch=" + r.param("batch"), 1, Integer::sum);
                continue;
            }
            if (latencyFactor(r.primary().unit()) == 0) {
                diags.add(Diagnostic.warning(r.where() + ": skipped a result with primary unit '" + r.primary().unit()
                        + "' (expected time/op or ops/time)"));
                continue;
            }
            TreeMap<String, String> others = new TreeMap<>(r.params());
            for (String k : new String[] {"model", "dataset", "precision", "provider", "batch"}) {
                others.remove(k);
            }
            BenchmarkKey key = new BenchmarkKey(r.device().label(), r.benchmark(), names.canonical(r.param("model")),
                    BenchmarkKey.canonicalDataset(r.param("dataset")),
                    r.param("precision").strip().toLowerCase(Locale.ROOT), r.param("provider").strip().toLowerCase(Locale.ROOT),
                    batch, others);
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
        Map<String, List<Metric>> secondary = new HashMap<>();
        boolean synthetic = false;
        boolean invalid = false;
        boolean shortWindow = false;
        boolean estimate = false;
        for (BenchmarkResult r : rs) {
            primaries.add(toMsPerOp(r.primary()));
            modes.add(r.mode());
            for (Map.Entry<String, Metric> m : r.secondary().entrySet()) {
                secondary.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).add(m.getValue());
            }
            synthetic |= flag(r, Metrics.MODEL_SYNTHETIC_WEIGHTS.label());
            invalid |= r.secondary().containsKey(Metrics.ENERGY_INVALID.label()) && flag(r, Metrics.ENERGY_INVALID.label());
            shortWindow |= r.secondary().containsKey(Metrics.ENERGY_SHORT_WINDOW.label()) && flag(r, Metrics.ENERGY_SHORT_WINDOW.label());
            estimate |= r.secondary().containsKey(Metrics.ENERGY_ESTIMATE.label()) && flag(r, Metrics.ENERGY_ESTIMATE.label());
        }
        Map<String, Measure> metrics = new HashMap<>();
        for (Map.Entry<String, List<Metric>> e : secondary.entrySet()) {
            metrics.put(e.getKey(), merge(e.getValue()));
        }
        Map<Double, Double> pct = Map.of();
        if (rs.size() == 1 && rs.get(0).mode().equals("sample")) {
            pct = primaries.get(0).percentiles();
        }
        return new Merged(key, List.copyOf(rs), merge(primaries), Map.copyOf(metrics), modes, pct, synthetic, invalid,
                shortWindow, estimate);
    }

    private static boolean flag(BenchmarkResult r, String label) {
        Metric m = r.secondary().get(label);
        return m != null && m.score() >= 0.5;
    }

    /** Merges one metric's values from several results into a {@link Measure} (see the class comment). */
    public static Measure merge(List<Metric> ms) {
        if (ms.size() == 1) {
            Metric m = ms.get(0);
            double[] runs = m.forkMeans().length > 0 ? m.forkMeans() : new double[] {m.score()};
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : runs) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (runs.length == 1) {
                min = m.score();
                max = m.score();
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
            double[] runs = m.forkMeans().length > 0 ? m.forkMeans() : new double[] {m.score()};
            for (double v : runs) {
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

    /**
     * Milliseconds per op for a time/op unit (factor &gt; 0), or minus the ops-per-millisecond factor for an
     * ops/time unit (factor &lt; 0); 0 for a unit that is neither.
     */
    static double latencyFactor(String unit) {
        String u = unit.strip();
        if (u.endsWith("/op")) {
            double f = timeInMs(u.substring(0, u.length() - 3));
            return f;
        }
        if (u.startsWith("ops/")) {
            double f = timeInMs(u.substring(4));
            return f == 0 ? 0 : -f;
        }
        return 0;
    }

    private static double timeInMs(String t) {
        return switch (t) {
            case "ns" -> 1e-6;
            case "us", "µs", "μs" -> 1e-3;
            case "ms" -> 1;
            case "s" -> 1e3;
            case "min" -> 60e3;
            case "hr", "h" -> 3600e3;
            default -> 0;
        };
    }

    /** The primary metric in ms/op (a throughput is inverted: interval ends and fork means too). */
    static Metric toMsPerOp(Metric m) {
        double f = latencyFactor(m.unit());
        if (f > 0) {
            double[] forks = m.forkMeans().clone();
            for (int i = 0; i < forks.length; i++) {
                forks[i] *= f;
            }
            Map<Double, Double> pct = new LinkedHashMap<>();
            m.percentiles().forEach((k, v) -> pct.put(k, v * f));
            return new Metric(m.score() * f, m.error() * f, m.ciLow() * f, m.ciHigh() * f, "ms/op", forks, pct);
        }
        // ops per (time unit) → ops per ms = score / |f|; ms per op = |f| / score
        double g = -f;
        double[] forks = m.forkMeans().clone();
        for (int i = 0; i < forks.length; i++) {
            forks[i] = g / forks[i];
        }
        double lo = m.ciHigh() > 0 ? g / m.ciHigh() : Double.NaN;
        double hi = m.ciLow() > 0 ? g / m.ciLow() : Double.POSITIVE_INFINITY;
        double err = m.hasCi() ? (hi - lo) / 2 : Double.NaN;
        return new Metric(g / m.score(), err, lo, hi, "ms/op", forks, Map.of());
    }
}
