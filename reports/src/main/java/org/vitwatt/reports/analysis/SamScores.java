package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.EnergyStatus;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.metrics.Sam;
import org.vitwatt.results.Metrics;

/**
 * SAM1, SAM2 and SAM5 of every merged benchmark, computed once, and the SAM groups ranked by SAM5.
 *
 * <p>A SAM's value is {@code A^α / E} of the merged accuracy and energy; its 99.9 % interval comes from the energy's
 * ({@code [A^α / E_high, A^α / E_low]}: accuracy is one count, not a sample); its spread {@code (n runs: min–max)} is
 * over each run's own SAM — each fork of each result with a measured energy, with that fork's accuracy when the result
 * has one per fork, else the result's.
 */
public final class SamScores {
    private final boolean aboveIdle;
    private final Map<Merged, Val[]> byBenchmark = new IdentityHashMap<>();
    private final List<SamGroup> groups = new ArrayList<>();

    public SamScores(List<Merged> merged, boolean aboveIdle) {
        this.aboveIdle = aboveIdle;
        for (Merged m : merged) {
            byBenchmark.put(m, new Val[] {compute(m, 1), compute(m, 2), compute(m, 5)});
        }
        for (List<Merged> g : Groups.by(merged, Groups::samKey).values()) {
            groups.add(group(g));
        }
    }

    /** SAM_α of a merged benchmark (α ∈ {1, 2, 5}), or why it is n/a. */
    public Val of(Merged m, int alpha) {
        Val[] v = byBenchmark.get(m);
        return switch (alpha) {
            case 1 -> v[0];
            case 2 -> v[1];
            case 5 -> v[2];
            default -> throw new IllegalArgumentException("SAM" + alpha + " is not reported");
        };
    }

    /** The SAM groups (device × dataset × precision × provider × batch × other params), in order of appearance. */
    public List<SamGroup> groups() {
        return groups;
    }

    private SamGroup group(List<Merged> members) {
        List<Merged> ms = new ArrayList<>(members);
        ms.sort(Comparator.comparing((Merged m) -> !of(m, 5).ok()).thenComparing(m -> -of(m, 5).value())
                .thenComparing(m -> m.key().modelLabel()));
        Map<String, Measure> sam5 = new LinkedHashMap<>();
        for (Merged m : ms) {
            if (of(m, 5).ok()) {
                sam5.put(m.key().modelLabel(), of(m, 5).measure());
            }
        }
        return new SamGroup(Groups.samKey(ms.get(0).key()), Groups.sam(ms.get(0).key()), ms, sam5);
    }

    private Val compute(Merged m, int alpha) {
        Val acc = m.accuracy(Metrics.ACCURACY_TOP1.label());
        Val e = m.energyPerImageMj(aboveIdle);
        if (!acc.ok() && !e.ok()) {
            return Val.na(acc.reason() + "; " + e.reason());
        }
        if (!acc.ok()) {
            return Val.na(acc.reason());
        }
        if (!e.ok()) {
            return Val.na(e.reason());
        }
        double a = acc.value() / 100.0;
        if (a < 0 || a > 1) {
            return Val.na("accuracy " + acc.value() + " % is outside 0..100");
        }
        Measure em = e.measure().scale(1e-3); // mJ → J
        if (!(em.value() > 0)) {
            return Val.na("energy per image is not positive (" + e.value() + " mJ)");
        }
        double v = Sam.of(alpha, a, em.value());
        double lo = em.hasCi() && em.ciHigh() > 0 ? Sam.of(alpha, a, em.ciHigh()) : Double.NaN;
        double hi = em.hasCi() ? (em.ciLow() > 0 ? Sam.of(alpha, a, em.ciLow()) : Double.POSITIVE_INFINITY) : Double.NaN;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int runs = 0;
        for (BenchmarkResult r : m.results()) {
            for (double s : runSams(r, alpha, m.key().batch())) {
                min = Math.min(min, s);
                max = Math.max(max, s);
                runs++;
            }
        }
        if (runs <= 1) {
            return Val.of(new Measure(v, lo, hi, v, v, 1));
        }
        return Val.of(new Measure(v, lo, hi, min, max, runs));
    }

    /** Each run's SAM_α of one result (none when its energy or accuracy is not usable). */
    private double[] runSams(BenchmarkResult r, int alpha, int batch) {
        if (EnergyStatus.of(r) != EnergyStatus.MEASURED) {
            return new double[0];
        }
        Metric acc = r.secondary().get(Metrics.ACCURACY_TOP1.label());
        double[] energy = energyRuns(r, batch);
        if (acc == null || energy.length == 0) {
            return new double[0];
        }
        double[] accRuns = Merger.runs(acc);
        double[] out = new double[energy.length];
        int n = 0;
        for (int i = 0; i < energy.length; i++) {
            double a = (accRuns.length == energy.length ? accRuns[i] : acc.score()) / 100.0;
            double joules = energy[i] * 1e-3;
            if (a >= 0 && a <= 1 && joules > 0 && Double.isFinite(joules)) {
                out[n++] = Sam.of(alpha, a, joules);
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** A result's energy per image of each run, mJ: energy.perImage[.aboveIdle], else energy.total[.aboveIdle] / batch. */
    private double[] energyRuns(BenchmarkResult r, int batch) {
        Metric perImage = r.secondary().get(aboveIdle ? Metrics.ENERGY_PER_IMAGE_ABOVE_IDLE.label()
                : Metrics.ENERGY_PER_IMAGE.label());
        if (perImage != null) {
            return Merger.runs(perImage);
        }
        Metric perOp = r.secondary().get(aboveIdle ? Metrics.ENERGY_ABOVE_IDLE.label() : Metrics.ENERGY_TOTAL.label());
        if (perOp == null) {
            return new double[0];
        }
        double[] runs = Merger.runs(perOp).clone();
        for (int i = 0; i < runs.length; i++) {
            runs[i] /= batch;
        }
        return runs;
    }
}
