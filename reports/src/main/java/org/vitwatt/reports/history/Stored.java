package org.vitwatt.reports.history;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.results.Params;

/** What {@code compare} and {@code trend} read: runs and results, from the database or from result files. */
public final class Stored {
    /** Label of JMH's primary metric in the metrics table; its percentiles are {@code primary.p50}, .p90, .p99. */
    public static final String PRIMARY = "primary";

    private Stored() {
    }

    /**
     * A run.
     *
     * @param runId     its id
     * @param tag       its ingest tag, null when none
     * @param device    device label
     * @param startedMs start, epoch ms
     * @param started   start, ISO-8601
     * @param git       git commit ("" unknown)
     * @param vitwatt   vitwatt version
     * @param ort       ONNX Runtime version
     */
    public record Run(String runId, String tag, String device, long startedMs, String started, String git,
            String vitwatt, String ort) {
        /** The set of runs it belongs to: its tag, or itself when it has none. */
        public String set() {
            return tag != null ? "tag:" + tag : "run:" + runId;
        }
    }

    /**
     * One result of one run.
     *
     * @param key     the benchmark (device, method, canonical model, dataset kind, precision, provider, batch, others)
     * @param mode    JMH mode
     * @param runId   the run
     * @param metrics its metrics by label ({@value #PRIMARY} = the primary metric)
     */
    public record Observation(BenchmarkKey key, String mode, String runId, Map<String, Metric> metrics) {
    }

    /** An observation of a result read from a file, with the run id ingest gives it. */
    public static Observation of(BenchmarkResult r, String runId, ModelNames names) {
        Map<String, Metric> m = new HashMap<>(r.secondary());
        m.put(PRIMARY, r.primary());
        int batch = BenchmarkKey.batchOf(r.param(Params.BATCH));
        return new Observation(BenchmarkKey.of(r.device().label(), r.benchmark(), names.canonical(r.param(Params.MODEL)),
                r.params(), batch == 0 ? 1 : batch), r.mode(), runId, m);
    }

    /** The key of a stored result (its columns are already canonical; the others come from its params). */
    public static BenchmarkKey key(String device, String benchmark, String model, String dataset, String precision,
            String provider, int batch, Map<String, String> params) {
        TreeMap<String, String> others = new TreeMap<>(params);
        BenchmarkKey.NAMED.forEach(others::remove);
        return new BenchmarkKey(device, benchmark, model, dataset, precision.strip().toLowerCase(Locale.ROOT),
                provider.strip().toLowerCase(Locale.ROOT), batch, others);
    }

    /** Every metric label stored, sorted. */
    public static List<String> labels(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT label FROM metrics ORDER BY label");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Every run, oldest first; only those of {@code device} when it is not null. */
    public static List<Run> runs(Connection c, String device) throws SQLException {
        String sql = "SELECT run_id, tag, device, started_ms, started, git, vitwatt, ort FROM runs"
                + (device == null ? "" : " WHERE device = ?") + " ORDER BY started_ms, run_id";
        List<Run> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (device != null) {
                ps.setString(1, device);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }

    /** The observations of the given runs, with only the metrics of the given labels. */
    public static List<Observation> observations(Connection c, Collection<String> runIds, Set<String> labels)
            throws SQLException {
        List<String> ids = new ArrayList<>(runIds);
        List<String> ls = new ArrayList<>(labels);
        Map<String, Observation> byKey = new LinkedHashMap<>();
        Map<String, Map<String, Metric>> metrics = new HashMap<>();
        int chunk = 200;
        for (int from = 0; from < ids.size(); from += chunk) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + chunk));
            String sql = "SELECT r.run_id, r.bench_key, r.device, r.benchmark, r.mode, r.model, r.dataset, r.precision, "
                    + "r.provider, r.batch, r.params, m.label, m.score, m.error, m.ci_low, m.ci_high, m.unit, m.n "
                    + "FROM results r JOIN metrics m ON m.run_id = r.run_id AND m.bench_key = r.bench_key "
                    + "WHERE r.run_id IN (" + marks(part.size()) + ") AND m.label IN (" + marks(ls.size()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (String id : part) {
                    ps.setString(i++, id);
                }
                for (String l : ls) {
                    ps.setString(i++, l);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1) + "\n" + rs.getString(2);
                        Map<String, Metric> ms = metrics.get(id);
                        if (ms == null) {
                            ms = new HashMap<>();
                            metrics.put(id, ms);
                            byKey.put(id, new Observation(key(rs.getString(3), rs.getString(4), rs.getString(6),
                                    rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10),
                                    params(rs.getString(11))), rs.getString(5), rs.getString(1), ms));
                        }
                        ms.put(rs.getString(12), metric(rs, 13));
                    }
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** A stored metric (columns score, error, ci_low, ci_high, unit, n from {@code col}) as a {@link Metric}. */
    public static Metric metric(ResultSet rs, int col) throws SQLException {
        double score = rs.getDouble(col);
        double err = nullable(rs, col + 1);
        double lo = nullable(rs, col + 2);
        double hi = nullable(rs, col + 3);
        String unit = rs.getString(col + 4);
        int n = Math.max(1, rs.getInt(col + 5));
        double[] forks = new double[n > 1 ? n : 0];
        Arrays.fill(forks, score); // n runs of the score: merging weighs results by their forks
        return new Metric(score, err, lo, hi, unit, forks, Map.of());
    }

    private static double nullable(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }

    public static Map<String, String> params(String json) {
        Map<String, String> out = new TreeMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            out.put(e.getKey(), e.getValue().isJsonNull() ? "" : e.getValue().getAsString());
        }
        return out;
    }

    static String marks(int n) {
        StringBuilder sb = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }
}
