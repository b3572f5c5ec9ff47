package org.vitwatt.reports.analysis;

/**
 * How a report is computed.
 *
 * @param title           page and document title
 * @param withCatalog     NetScore table lists every catalog model, not only those in the results
 * @param accuracy        the top-1 that NetScore uses
 * @param samAboveIdle    SAM's E is the energy per image above idle instead of the total
 * @param threshold       relative change (fraction) a claim must exceed besides non-overlapping 99.9 % intervals
 * @param maxPlots        most plots drawn; the rest are listed as omitted
 * @param maxRows         most rows per table in report.md and index.html (CSV and report.json have every row)
 * @param maxTables       most tables per family in report.md and index.html (CSV and report.json have every table)
 * @param latencyTargetMs the latency per image the recommendation must meet, ms; NaN when none was given
 */
public record ReportOptions(String title, boolean withCatalog, AccuracySource accuracy, boolean samAboveIdle,
        double threshold, int maxPlots, int maxRows, int maxTables, double latencyTargetMs) {

    /** Where NetScore's accuracy {@code a} comes from. */
    public enum AccuracySource {
        /** The catalog's published ImageNet-1K top-1 (the paper's stage 1). */
        PUBLISHED,
        /** The measured top-1 where the results have one (ImageNet preferred, FP32 preferred), else published. */
        MEASURED
    }

    /** Options without a latency target. */
    public ReportOptions(String title, boolean withCatalog, AccuracySource accuracy, boolean samAboveIdle,
            double threshold, int maxPlots, int maxRows, int maxTables) {
        this(title, withCatalog, accuracy, samAboveIdle, threshold, maxPlots, maxRows, maxTables, Double.NaN);
    }

    public static ReportOptions defaults() {
        return new ReportOptions("vitwatt report", false, AccuracySource.PUBLISHED, false, 0.0, 12, 500, 100);
    }

    /** True when {@code --latency-target} was given. */
    public boolean hasLatencyTarget() {
        return !Double.isNaN(latencyTargetMs);
    }
}
