package org.vitwatt.reports.metrics;

import java.util.Locale;

/**
 * One measured figure after merging every run of a benchmark: the mean, JMH's 99.9 % confidence interval
 * (or the hull of the runs' intervals when several runs were merged), and the spread across runs.
 *
 * @param value  the mean over runs (a single run: JMH's score)
 * @param ciLow  lower end of the 99.9 % confidence interval, NaN when unknown (a single iteration)
 * @param ciHigh upper end of the 99.9 % confidence interval, NaN when unknown
 * @param min    smallest run value (a run is one fork of one JMH result)
 * @param max    largest run value
 * @param runs   number of runs merged (forks across every file), ≥ 1
 */
public record Measure(double value, double ciLow, double ciHigh, double min, double max, int runs) {

    /** A figure known exactly (a catalog value, a ratio of means): no interval, one run. */
    public static Measure exact(double value) {
        return new Measure(value, Double.NaN, Double.NaN, value, value, 1);
    }

    /** True when the confidence interval is known. */
    public boolean hasCi() {
        return !Double.isNaN(ciLow) && !Double.isNaN(ciHigh);
    }

    /** Half the width of the confidence interval (JMH's "scoreError" for a single run), NaN when unknown. */
    public double error() {
        return hasCi() ? (ciHigh - ciLow) / 2 : Double.NaN;
    }

    /** This measure with every figure multiplied by {@code f} (f &gt; 0): a unit change or per-image division. */
    public Measure scale(double f) {
        return new Measure(value * f, ciLow * f, ciHigh * f, min * f, max * f, runs);
    }

    /** The reciprocal {@code c / x} (throughput from latency): interval ends and spread swap. */
    public Measure reciprocal(double c) {
        double lo = ciHigh > 0 ? c / ciHigh : Double.NaN;
        double hi = ciLow > 0 ? c / ciLow : (hasCi() ? Double.POSITIVE_INFINITY : Double.NaN);
        return new Measure(c / value, lo, hi, c / max, c / min, runs);
    }

    /** The outcome of comparing two measures. */
    public enum Verdict {
        /** This one is lower: intervals do not overlap and the change exceeds the threshold. */
        LOWER,
        /** This one is higher: intervals do not overlap and the change exceeds the threshold. */
        HIGHER,
        /** The 99.9 % intervals overlap: no claim. */
        OVERLAP,
        /** The intervals do not overlap but the change is within the threshold: no claim. */
        BELOW_THRESHOLD,
        /** At least one interval is unknown: no claim. */
        NO_CI
    }

    /**
     * Compares this measure with {@code other} as metrics.md's Statistics section requires: a difference is
     * claimed only when the two 99.9 % confidence intervals do not overlap and the relative change
     * |this − other| / other exceeds {@code threshold} (a fraction, 0 = any change).
     */
    public Verdict compareTo(Measure other, double threshold) {
        if (!hasCi() || !other.hasCi()) {
            return Verdict.NO_CI;
        }
        boolean disjoint = ciHigh < other.ciLow || other.ciHigh < ciLow;
        if (!disjoint) {
            return Verdict.OVERLAP;
        }
        double change = Math.abs(value - other.value) / Math.abs(other.value);
        if (!(change > threshold)) {
            return Verdict.BELOW_THRESHOLD;
        }
        return value < other.value ? Verdict.LOWER : Verdict.HIGHER;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%g [%g, %g] (%d runs: %g..%g)", value, ciLow, ciHigh, runs, min, max);
    }
}
