package org.vitwatt.reports.history.ingest;

import java.nio.file.Path;
import java.util.List;
import org.vitwatt.reports.input.Diagnostic;

/** The rows ingest writes into the history database's tables (history.md, Schema). */
public final class Rows {
    private Rows() {
    }

    /** A row of {@code runs}. */
    public record RunRow(String runId, String idSource, String started, long startedMs, String tag, String device,
            String deviceDetails, String git, String vitwatt, String ort, String jmh, String source, String journal,
            String ingestedAt) {
    }

    /** A row of {@code metrics} (without its key). NaN error / interval ends are stored as NULL. */
    public record MetricRow(String label, double score, double error, double ciLow, double ciHigh, String unit, int n) {
    }

    /** A row of {@code results} with its metrics. */
    public record ResultRow(String runId, String benchKey, String device, String benchmark, String mode, String model,
            String modelParam, String dataset, String datasetParam, String precision, String provider, int batch,
            String otherParams, String params, String sensor, int forks, List<MetricRow> metrics) {
    }

    /** The rows of one input file. */
    public record Prepared(Path input, List<RunRow> runs, List<ResultRow> results, List<Diagnostic> diagnostics) {
        public int metricRows() {
            int n = 0;
            for (ResultRow r : results) {
                n += r.metrics().size();
            }
            return n;
        }
    }

    /**
     * What an ingest added.
     *
     * @param runsNew      runs not in the database before
     * @param runsKnown    runs that were
     * @param resultsNew   results added
     * @param resultsKnown results already there (same run id and benchmark key)
     * @param metricsNew   metric rows added
     */
    public record Stats(int runsNew, int runsKnown, int resultsNew, int resultsKnown, int metricsNew) {
        public static final Stats ZERO = new Stats(0, 0, 0, 0, 0);

        public Stats plus(Stats o) {
            return new Stats(runsNew + o.runsNew, runsKnown + o.runsKnown, resultsNew + o.resultsNew,
                    resultsKnown + o.resultsKnown, metricsNew + o.metricsNew);
        }

        /** Rows written to every table. */
        public long rowsNew() {
            return (long) runsNew + resultsNew + metricsNew;
        }
    }
}
