package org.vitwatt.reports.history.trend;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.Merger;
import org.vitwatt.reports.history.Figure;
import org.vitwatt.reports.history.HistoryDb;
import org.vitwatt.reports.history.HistoryException;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.reports.metrics.Measure;

/**
 * A figure over nights from the history database: one point per stored result (x = its run's start, y = the
 * figure with its 99.9 % interval), one series per benchmark key.
 */
public final class Trend {
    private Trend() {
    }

    /**
     * What to plot; a null filter keeps everything.
     *
     * @param figure    latency, energy, accuracy or a metric label
     * @param models    canonical model names or the values given to {@code -p model} (any of them)
     * @param precision precision (fp32, fp16, int8, mixed:PLAN)
     * @param device    device label
     * @param dataset   dataset kind (synthetic, cifar10, imagenet, folder:DIR)
     * @param provider  execution provider
     * @param batch     batch size, 0 for any
     * @param sinceMs   runs started at or after this (epoch ms), Long.MIN_VALUE for all
     */
    public record Query(Figure figure, List<String> models, String precision, String device, String dataset,
            String provider, int batch, long sinceMs) {
    }

    /**
     * One point.
     *
     * @param key   the benchmark (device "" when every point is on one device)
     * @param run   the run it is from
     * @param value the figure, with JMH's 99.9 % interval when known
     * @param unit  its unit
     */
    public record Point(BenchmarkKey key, Stored.Run run, Measure value, String unit) {
    }

    /**
     * The points found.
     *
     * @param points  every point, oldest first
     * @param series  the points by benchmark key, keys in table order
     * @param devices devices of the points
     * @param skipped results the filter matched whose figure is n/a, by reason
     */
    public record Result(List<Point> points, Map<BenchmarkKey, List<Point>> series, Set<String> devices,
            Map<String, Integer> skipped) {
    }

    /** Reads the points. */
    public static Result read(HistoryDb db, Query q) throws HistoryException {
        StringBuilder sql = new StringBuilder("SELECT u.run_id, u.tag, u.device, u.started_ms, u.started, u.git, "
                + "u.vitwatt, u.ort, r.bench_key, r.benchmark, r.mode, r.model, r.dataset, r.precision, r.provider, "
                + "r.batch, r.params, m.label, m.score, m.error, m.ci_low, m.ci_high, m.unit, m.n "
                + "FROM runs u JOIN results r ON r.run_id = u.run_id "
                + "JOIN metrics m ON m.run_id = r.run_id AND m.bench_key = r.bench_key WHERE m.label IN (");
        List<Object> args = new ArrayList<>();
        List<String> labels = new ArrayList<>(q.figure().labels());
        for (int i = 0; i < labels.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
            args.add(labels.get(i));
        }
        sql.append(')');
        if (q.models() != null && !q.models().isEmpty()) {
            sql.append(" AND (");
            for (int i = 0; i < q.models().size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("r.model = ? OR r.model_param = ?");
                args.add(q.models().get(i));
                args.add(q.models().get(i));
            }
            sql.append(')');
        }
        filter(sql, args, "r.precision", q.precision());
        filter(sql, args, "r.device", q.device());
        filter(sql, args, "r.dataset", q.dataset());
        filter(sql, args, "r.provider", q.provider());
        if (q.batch() > 0) {
            sql.append(" AND r.batch = ?");
            args.add(q.batch());
        }
        if (q.sinceMs() != Long.MIN_VALUE) {
            sql.append(" AND u.started_ms >= ?");
            args.add(q.sinceMs());
        }
        sql.append(" ORDER BY u.started_ms, u.run_id, r.bench_key");
        Map<String, Stored.Run> runs = new HashMap<>();
        Map<String, Object[]> results = new LinkedHashMap<>(); // run|key -> {Run, BenchmarkKey, metrics}
        try (PreparedStatement ps = db.connection().prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (a instanceof Long n) {
                    ps.setLong(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) a);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String runId = rs.getString(1);
                    Stored.Run run = runs.get(runId);
                    if (run == null) {
                        run = new Stored.Run(runId, rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8));
                        runs.put(runId, run);
                    }
                    String id = runId + "\n" + rs.getString(9);
                    Object[] r = results.get(id);
                    if (r == null) {
                        BenchmarkKey key = Stored.key(run.device(), rs.getString(10), rs.getString(12),
                                rs.getString(13), rs.getString(14), rs.getString(15), rs.getInt(16),
                                Stored.params(rs.getString(17)));
                        r = new Object[] {run, key, new HashMap<String, Metric>()};
                        results.put(id, r);
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Metric> ms = (Map<String, Metric>) r[2];
                    ms.put(rs.getString(18), Stored.metric(rs, 19));
                }
            }
        } catch (SQLException e) {
            throw db.failure("reading the trend of " + q.figure().name(), e);
        }
        List<Point> points = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        Set<String> devices = new TreeSet<>();
        for (Object[] r : results.values()) {
            Stored.Run run = (Stored.Run) r[0];
            BenchmarkKey key = (BenchmarkKey) r[1];
            @SuppressWarnings("unchecked")
            Map<String, Metric> ms = (Map<String, Metric>) r[2];
            String[] why = {""};
            Metric m = q.figure().of(ms, key.batch(), key.dataset(), why);
            if (m == null) {
                skipped.merge(why[0], 1, Integer::sum);
                continue;
            }
            devices.add(key.device());
            points.add(new Point(key, run, Merger.merge(List.of(m)), q.figure().unit(m)));
        }
        boolean oneDevice = devices.size() <= 1;
        Map<BenchmarkKey, List<Point>> series = new TreeMap<>();
        List<Point> out = new ArrayList<>(points.size());
        for (Point p : points) {
            BenchmarkKey k = p.key();
            if (oneDevice) {
                k = k.onDevice("");
            }
            Point q2 = new Point(k, p.run(), p.value(), p.unit());
            out.add(q2);
            series.computeIfAbsent(k, x -> new ArrayList<>()).add(q2);
        }
        return new Result(out, series, devices, skipped);
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value.strip());
        }
    }
}
