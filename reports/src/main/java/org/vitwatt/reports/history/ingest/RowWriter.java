package org.vitwatt.reports.history.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vitwatt.reports.history.HistoryDb;
import org.vitwatt.reports.history.HistoryException;
import org.vitwatt.reports.history.ingest.Rows.MetricRow;
import org.vitwatt.reports.history.ingest.Rows.Prepared;
import org.vitwatt.reports.history.ingest.Rows.ResultRow;
import org.vitwatt.reports.history.ingest.Rows.RunRow;
import org.vitwatt.reports.history.ingest.Rows.Stats;

/**
 * Writes one input's rows idempotently: every insert is {@code INSERT … ON CONFLICT DO NOTHING} on the primary keys
 * {@code runs(run_id)}, {@code results(run_id, bench_key)} and {@code metrics(run_id, bench_key, label)}, so a second
 * ingest of the same run adds nothing and two writers ingesting the same run at once add it once. Rows go in batches
 * of {@value #BATCH}, in one order for every writer, in one transaction per input.
 */
public final class RowWriter {
    private static final int BATCH = 1000;

    private RowWriter() {
    }

    /** Writes one input's rows in one transaction (retried while the database is busy). */
    public static Stats write(HistoryDb db, Prepared p) throws HistoryException {
        List<RunRow> runs = new ArrayList<>(p.runs());
        runs.sort(Comparator.comparing(RunRow::runId));
        List<ResultRow> results = new ArrayList<>(p.results());
        // one order for every writer: two transactions inserting the same keys never wait on each other in a cycle
        results.sort(Comparator.comparing(ResultRow::runId).thenComparing(ResultRow::benchKey));
        return db.inTransaction("ingesting " + p.input(), c -> insert(c, runs, results));
    }

    private static Stats insert(Connection c, List<RunRow> runs, List<ResultRow> results) throws SQLException {
        int runsNew = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_id, id_source, started, started_ms, tag, "
                + "device, device_details, git, vitwatt, ort, jmh, source, journal, ingested_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (RunRow r : runs) {
                ps.setString(1, r.runId());
                ps.setString(2, r.idSource());
                ps.setString(3, r.started());
                ps.setLong(4, r.startedMs());
                ps.setString(5, r.tag());
                ps.setString(6, r.device());
                ps.setString(7, r.deviceDetails());
                ps.setString(8, r.git());
                ps.setString(9, r.vitwatt());
                ps.setString(10, r.ort());
                ps.setString(11, r.jmh());
                ps.setString(12, r.source());
                ps.setString(13, r.journal());
                ps.setString(14, r.ingestedAt());
                ps.addBatch();
            }
            runsNew = added(ps.executeBatch());
        }
        int resultsNew = 0;
        List<ResultRow> fresh = new ArrayList<>(results.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO results (run_id, bench_key, device, benchmark, mode, "
                + "model, model_param, dataset, dataset_param, precision, provider, batch, other_params, params, "
                + "sensor, forks) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            List<ResultRow> pending = new ArrayList<>(BATCH);
            for (ResultRow r : results) {
                ps.setString(1, r.runId());
                ps.setString(2, r.benchKey());
                ps.setString(3, r.device());
                ps.setString(4, r.benchmark());
                ps.setString(5, r.mode());
                ps.setString(6, r.model());
                ps.setString(7, r.modelParam());
                ps.setString(8, r.dataset());
                ps.setString(9, r.datasetParam());
                ps.setString(10, r.precision());
                ps.setString(11, r.provider());
                ps.setInt(12, r.batch());
                ps.setString(13, r.otherParams());
                ps.setString(14, r.params());
                ps.setString(15, r.sensor());
                ps.setInt(16, r.forks());
                ps.addBatch();
                pending.add(r);
                if (pending.size() == BATCH) {
                    resultsNew += keepAdded(ps.executeBatch(), pending, fresh);
                }
            }
            if (!pending.isEmpty()) {
                resultsNew += keepAdded(ps.executeBatch(), pending, fresh);
            }
        }
        int metricsNew = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics (run_id, bench_key, label, score, error, "
                + "ci_low, ci_high, unit, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            int pending = 0;
            for (ResultRow r : fresh) {
                for (MetricRow m : r.metrics()) {
                    ps.setString(1, r.runId());
                    ps.setString(2, r.benchKey());
                    ps.setString(3, m.label());
                    ps.setDouble(4, m.score());
                    setDouble(ps, 5, m.error());
                    setDouble(ps, 6, m.ciLow());
                    setDouble(ps, 7, m.ciHigh());
                    ps.setString(8, m.unit());
                    ps.setInt(9, m.n());
                    ps.addBatch();
                    if (++pending == BATCH) {
                        metricsNew += added(ps.executeBatch());
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                metricsNew += added(ps.executeBatch());
            }
        }
        return new Stats(runsNew, runs.size() - runsNew, resultsNew, results.size() - resultsNew, metricsNew);
    }

    private static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(i, v);
        } else {
            ps.setNull(i, Types.DOUBLE);
        }
    }

    /** Rows an executed batch added; a driver that cannot say ({@code SUCCESS_NO_INFO}) counts as added. */
    private static int added(int[] counts) {
        int n = 0;
        for (int c : counts) {
            if (c > 0 || c == Statement.SUCCESS_NO_INFO) {
                n++;
            }
        }
        return n;
    }

    /**
     * Counts the results a batch added and keeps them: only their metrics are inserted (a result that was already
     * there, from this run, has its metrics already: they were written in the same transaction).
     */
    private static int keepAdded(int[] counts, List<ResultRow> pending, List<ResultRow> fresh) {
        int n = 0;
        for (int i = 0; i < pending.size(); i++) {
            int c = i < counts.length ? counts[i] : Statement.SUCCESS_NO_INFO;
            if (c > 0 || c == Statement.SUCCESS_NO_INFO) {
                fresh.add(pending.get(i));
                n++;
            }
        }
        pending.clear();
        return n;
    }
}
