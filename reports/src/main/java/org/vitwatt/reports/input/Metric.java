package org.vitwatt.reports.input;

import java.util.Map;

/**
 * One metric of one JMH result, as JMH wrote it ({@code primaryMetric} or one of {@code secondaryMetrics}).
 *
 * @param score       JMH's score (the mean over every measured iteration of every fork)
 * @param error       JMH's scoreError: half-width of the 99.9 % confidence interval, NaN when JMH wrote "NaN"
 * @param ciLow       lower end of {@code scoreConfidence}, NaN when absent or when error is NaN
 * @param ciHigh      upper end of {@code scoreConfidence}
 * @param unit        {@code scoreUnit}, e.g. "ms/op", "mJ/op", "%"
 * @param forkMeans   mean of each fork's iterations from {@code rawData} (empty when JMH wrote none)
 * @param percentiles {@code scorePercentiles} of the primary metric keyed by percentile (50.0, 90.0, 99.0);
 *                    empty for secondary metrics
 */
public record Metric(double score, double error, double ciLow, double ciHigh, String unit, double[] forkMeans,
        Map<Double, Double> percentiles) {
    public Metric {
        percentiles = Map.copyOf(percentiles);
    }

    /** True when JMH gave a usable confidence interval. */
    public boolean hasCi() {
        return !Double.isNaN(error) && !Double.isNaN(ciLow) && !Double.isNaN(ciHigh);
    }
}
