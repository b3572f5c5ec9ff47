package org.vitwatt.reports.input;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JMH's score units as milliseconds per operation: {@code ns/op}, {@code us/op}, {@code ms/op}, {@code s/op},
 * {@code min/op} are scaled; {@code ops/ns} … {@code ops/min} (mode {@code thrpt}) are inverted, and so are their
 * interval ends (which swap) and fork means.
 */
public final class JmhUnits {
    private JmhUnits() {
    }

    /** Milliseconds in one unit of time as JMH prints it ({@code ns}, {@code us}, {@code µs}, ...); 0 when unknown. */
    public static double millisPer(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1e-6;
            case "us", "µs", "μs" -> 1e-3;
            case "ms" -> 1;
            case "s" -> 1e3;
            case "min" -> 60e3;
            case "hr", "h" -> 3600e3;
            default -> 0;
        };
    }

    /** True when {@code unit} is time per operation or operations per time. */
    public static boolean isLatencyOrThroughput(String unit) {
        String u = unit.strip();
        if (u.endsWith("/op")) {
            return millisPer(u.substring(0, u.length() - 3)) > 0;
        }
        return u.startsWith("ops/") && millisPer(u.substring(4)) > 0;
    }

    /**
     * The metric in ms/op: a time/op scaled, an ops/time inverted (an interval end at or below zero inverts to an
     * unbounded one); null when the unit is neither or a throughput is not positive.
     */
    public static Metric msPerOp(Metric m) {
        String u = m.unit().strip();
        if (u.endsWith("/op")) {
            double f = millisPer(u.substring(0, u.length() - 3));
            if (f == 0) {
                return null;
            }
            double[] forks = m.forkMeans().clone();
            for (int i = 0; i < forks.length; i++) {
                forks[i] *= f;
            }
            Map<Double, Double> pct = new LinkedHashMap<>();
            m.percentiles().forEach((k, v) -> pct.put(k, v * f));
            return new Metric(m.score() * f, m.error() * f, m.ciLow() * f, m.ciHigh() * f, "ms/op", forks, pct);
        }
        if (!u.startsWith("ops/")) {
            return null;
        }
        double g = millisPer(u.substring(4)); // ops per (time unit) = ops per (g ms): ms per op = g / score
        if (g == 0 || !(m.score() > 0)) {
            return null;
        }
        double[] forks = m.forkMeans().clone();
        for (int i = 0; i < forks.length; i++) {
            forks[i] = g / forks[i];
        }
        double lo = m.ciHigh() > 0 ? g / m.ciHigh() : Double.NaN;
        double hi = m.ciLow() > 0 ? g / m.ciLow() : Double.POSITIVE_INFINITY;
        double err = m.hasCi() ? (hi - lo) / 2 : Double.NaN;
        return new Metric(g / m.score(), err, m.hasCi() ? lo : Double.NaN, m.hasCi() ? hi : Double.NaN, "ms/op", forks,
                Map.of());
    }

    /** The metric with every figure multiplied by {@code f} (f &gt; 0), in {@code unit}. */
    public static Metric scale(Metric m, double f, String unit) {
        double[] forks = m.forkMeans().clone();
        for (int i = 0; i < forks.length; i++) {
            forks[i] *= f;
        }
        return new Metric(m.score() * f, m.error() * f, m.ciLow() * f, m.ciHigh() * f, unit, forks, Map.of());
    }
}
