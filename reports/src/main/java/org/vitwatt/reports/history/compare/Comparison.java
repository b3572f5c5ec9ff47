package org.vitwatt.reports.history.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.Merger;
import org.vitwatt.reports.history.Figure;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.reports.input.Throttling;
import org.vitwatt.reports.metrics.Measure;

/**
 * The regression gate: per benchmark and figure, the baseline, the candidate, the change and whether it is a
 * regression.
 *
 * <p>Benchmarks are matched by {@link BenchmarkKey} (canonical model, dataset kind, precision, provider, batch and
 * every other param), and by device unless each side holds exactly one device (then those two devices are compared,
 * whatever their names). Results of the same benchmark within one side are merged as the report merges runs
 * ({@link Merger#merge}: mean over runs, hull of the intervals).
 *
 * <p>A change is a <b>regression</b> only when it is worse (latency or energy higher, accuracy lower), the two 99.9 %
 * confidence intervals do not overlap, and it exceeds the threshold: relative ({@code --threshold}) for latency and
 * energy, in points ({@code --accuracy-threshold}) for accuracy. An accuracy without an interval (one exact count over
 * the dataset) is compared as a point. A figure without an interval on either side is "no claim: no CI", never a
 * regression; benchmarks on one side only are listed as added or removed. A latency or energy verdict on a side
 * measured while its device throttled ({@link Throttling}) says so in its {@code why}.
 */
public final class Comparison {
    private Comparison() {
    }

    /**
     * @param threshold      relative change latency and energy must exceed (fraction: 0.05 = 5 %)
     * @param accuracyPoints change in points accuracy must exceed
     * @param figures        the figures compared, in order
     */
    public record Options(double threshold, double accuracyPoints, List<Figure> figures) {
    }

    /** The outcome of one figure of one benchmark. */
    public enum Verdict {
        REGRESSION("REGRESSION"),
        IMPROVEMENT("improvement"),
        UNCHANGED("unchanged"),
        OVERLAP("no claim: CIs overlap"),
        BELOW_THRESHOLD("no claim: below threshold"),
        NO_CI("no claim: no CI"),
        NOT_MEASURED("not measured");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The name report JSON uses: regression, improvement, unchanged, overlap, below-threshold, no-ci, ... */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One figure of one benchmark.
     *
     * @param key       the benchmark (device "" when each side has one device)
     * @param figure    latency, energy or accuracy
     * @param unit      unit of the values
     * @param baseline  merged baseline value, null when not measured there
     * @param candidate merged candidate value, null when not measured there
     * @param change    relative change (candidate − baseline) / baseline for latency and energy, points for
     *                  accuracy; NaN when either is missing
     * @param verdict   the outcome
     * @param why       why a side is missing, or, for latency and energy, that a side ran throttled ("" otherwise)
     */
    public record Row(BenchmarkKey key, Figure figure, String unit, Measure baseline, Measure candidate, double change,
            Verdict verdict, String why) {
        public boolean regression() {
            return verdict == Verdict.REGRESSION;
        }
    }

    /**
     * Everything compared.
     *
     * @param baseline  the baseline side
     * @param candidate the candidate side
     * @param options   thresholds and figures
     * @param byDevice  true when benchmarks were matched by device too
     * @param rows      every figure of every benchmark on both sides, in benchmark order
     * @param added     benchmarks only the candidate has
     * @param removed   benchmarks only the baseline has
     * @param notes     what the reader should know (devices compared, no baseline, ...)
     */
    public record Outcome(Side baseline, Side candidate, Options options, boolean byDevice, List<Row> rows,
            List<BenchmarkKey> added, List<BenchmarkKey> removed, List<Diagnostic> notes) {
        public long count(Verdict v) {
            return rows.stream().filter(r -> r.verdict() == v).count();
        }

        public boolean regressed() {
            return count(Verdict.REGRESSION) > 0;
        }
    }

    /** Compares the candidate with the baseline. */
    public static Outcome compare(Side baseline, Side candidate, Options o) {
        List<Diagnostic> notes = new ArrayList<>(baseline.diagnostics());
        notes.addAll(candidate.diagnostics());
        boolean byDevice = !(baseline.devices().size() == 1 && candidate.devices().size() == 1);
        if (!byDevice && !baseline.devices().equals(candidate.devices())) {
            notes.add(Diagnostic.note("comparing device " + candidate.devices().iterator().next() + " (candidate) with "
                    + baseline.devices().iterator().next() + " (baseline)"));
        }
        if (baseline.results().isEmpty()) {
            notes.add(Diagnostic.note("the baseline has no results: nothing to compare"));
            return new Outcome(baseline, candidate, o, byDevice, List.of(), List.of(), List.of(), notes);
        }
        Map<BenchmarkKey, List<Stored.Observation>> b = group(baseline.results(), byDevice);
        Map<BenchmarkKey, List<Stored.Observation>> c = group(candidate.results(), byDevice);
        List<Row> rows = new ArrayList<>();
        List<BenchmarkKey> added = new ArrayList<>();
        List<BenchmarkKey> removed = new ArrayList<>();
        for (BenchmarkKey k : b.keySet()) {
            if (!c.containsKey(k)) {
                removed.add(k);
            }
        }
        for (Map.Entry<BenchmarkKey, List<Stored.Observation>> e : c.entrySet()) {
            List<Stored.Observation> base = b.get(e.getKey());
            if (base == null) {
                added.add(e.getKey());
                continue;
            }
            for (Figure f : o.figures()) {
                Row r = row(e.getKey(), f, base, e.getValue(), o);
                if (r != null) {
                    rows.add(r);
                }
            }
        }
        return new Outcome(baseline, candidate, o, byDevice, rows, added, removed, notes);
    }

    private static Map<BenchmarkKey, List<Stored.Observation>> group(List<Stored.Observation> obs, boolean byDevice) {
        Map<BenchmarkKey, List<Stored.Observation>> out = new TreeMap<>();
        for (Stored.Observation ob : obs) {
            BenchmarkKey k = ob.key();
            if (!byDevice) {
                k = k.onDevice("");
            }
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(ob);
        }
        return out;
    }

    /** The merged figure of one side, or null with why in {@code why[0]}. */
    static Measure merged(BenchmarkKey k, Figure f, List<Stored.Observation> obs, String[] why, String[] unit) {
        List<Metric> ms = new ArrayList<>();
        String reason = "";
        for (Stored.Observation ob : obs) {
            String[] w = {""};
            Metric m = f.of(ob.metrics(), k.batch(), k.dataset(), w);
            if (m != null) {
                ms.add(m);
                unit[0] = f.unit(m);
            } else if (reason.isEmpty()) {
                reason = w[0];
            }
        }
        if (ms.isEmpty()) {
            why[0] = reason;
            return null;
        }
        return Merger.merge(ms);
    }

    private static Row row(BenchmarkKey k, Figure f, List<Stored.Observation> base, List<Stored.Observation> cand,
            Options o) {
        String[] wb = {""};
        String[] wc = {""};
        String[] unit = {f.unit(null)};
        Measure mb = merged(k, f, base, wb, unit);
        Measure mc = merged(k, f, cand, wc, unit);
        if (mb == null && mc == null) {
            return null; // measured on neither side (no energy profiler, synthetic weights): nothing to say
        }
        if (mb == null || mc == null) {
            String why = mb == null ? "baseline: " + wb[0] : "candidate: " + wc[0];
            return new Row(k, f, unit[0], mb, mc, Double.NaN, Verdict.NOT_MEASURED, why);
        }
        if (f.inPoints()) {
            double points = mc.value() - mb.value();
            return new Row(k, f, unit[0], mb, mc, points, pointsVerdict(mb, mc, o.accuracyPoints()), "");
        }
        double change = (mc.value() - mb.value()) / Math.abs(mb.value());
        Verdict v;
        if (mc.value() == mb.value()) {
            v = Verdict.UNCHANGED;
        } else {
            v = switch (mc.compareTo(mb, o.threshold())) {
                case HIGHER -> f.higherIsWorse() ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
                case LOWER -> f.higherIsWorse() ? Verdict.IMPROVEMENT : Verdict.REGRESSION;
                case OVERLAP -> Verdict.OVERLAP;
                case BELOW_THRESHOLD -> Verdict.BELOW_THRESHOLD;
                case NO_CI -> Verdict.NO_CI;
            };
        }
        return new Row(k, f, unit[0], mb, mc, change, v, throttled(base, cand));
    }

    /**
     * What a latency or energy verdict must say when a side ran throttled ({@code candidate throttled 48.3 % of an
     * iteration (gpu:clock_drop)}), "" when neither did.
     */
    static String throttled(List<Stored.Observation> base, List<Stored.Observation> cand) {
        List<String> said = new ArrayList<>(2);
        Throttling.worst(base.stream().map(Stored.Observation::metrics).toList())
                .ifPresent(t -> said.add("baseline " + t.text()));
        Throttling.worst(cand.stream().map(Stored.Observation::metrics).toList())
                .ifPresent(t -> said.add("candidate " + t.text()));
        return String.join("; ", said);
    }

    /** Accuracy: an exact value (no interval) is its own interval; the change must exceed {@code points}. */
    static Verdict pointsVerdict(Measure b, Measure c, double points) {
        double bl = b.hasCi() ? b.ciLow() : b.value();
        double bh = b.hasCi() ? b.ciHigh() : b.value();
        double cl = c.hasCi() ? c.ciLow() : c.value();
        double ch = c.hasCi() ? c.ciHigh() : c.value();
        double d = c.value() - b.value();
        if (d == 0) {
            return Verdict.UNCHANGED;
        }
        boolean disjoint = ch < bl || bh < cl;
        if (!disjoint) {
            return Verdict.OVERLAP;
        }
        if (!(Math.abs(d) > points)) {
            return Verdict.BELOW_THRESHOLD;
        }
        return d < 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
    }
}
