package org.vitwatt.reports.history;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.results.Metrics;

/**
 * Turns loaded results into rows of the history database and writes them idempotently.
 *
 * <p>The natural key of a result is its run id and its {@code bench_key} (benchmark, JMH mode and every
 * {@code -p} value as given, as JSON): every insert is {@code INSERT … ON CONFLICT DO NOTHING} on the primary keys
 * {@code runs(run_id)}, {@code results(run_id, bench_key)} and {@code metrics(run_id, bench_key, label)}, so a second
 * ingest of the same run adds nothing and two writers ingesting the same run at once add it once. The run id is the
 * journal's; a result without a journal gets {@code sha256:} and the first 16 hex digits of its file's SHA-256, so
 * re-ingesting the same file is idempotent too.
 */
public final class Ingest {
    /** Prefix of a run id derived from a file's content. */
    public static final String HASH_PREFIX = "sha256:";
    /** Label of JMH's primary metric in the metrics table. */
    public static final String PRIMARY = "primary";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final int BATCH = 1000;

    private Ingest() {
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
     * @param runsNew        runs not in the database before
     * @param runsKnown      runs that were
     * @param resultsNew     results added
     * @param resultsKnown   results already there (same run id and benchmark key)
     * @param metricsNew     metric rows added
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

    /**
     * The rows of the results read from {@code input}.
     *
     * @param tag  the {@code --tag} of every run of this ingest (a night), null for none
     * @param now  the ingest time
     */
    public static Prepared prepare(Path input, List<BenchmarkResult> results, String tag, ModelNames names,
            Instant now) throws InputException {
        Map<String, RunRow> runs = new LinkedHashMap<>();
        List<ResultRow> rows = new ArrayList<>(results.size());
        List<Diagnostic> diags = new ArrayList<>();
        String hashId = null;
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Integer> badBatch = new TreeMap<>();
        Set<String> keys = new java.util.HashSet<>();
        int duplicates = 0;
        for (BenchmarkResult r : results) {
            String runId = r.run().runId();
            String idSource = "journal";
            if (runId.isBlank()) {
                if (hashId == null) {
                    hashId = HASH_PREFIX + contentHash(input);
                }
                runId = hashId;
                idSource = "content-hash";
            }
            int batch;
            try {
                batch = r.param("batch").isBlank() ? 1 : Integer.parseInt(r.param("batch").strip());
                if (batch < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                badBatch.merge(r.param("batch"), 1, Integer::sum);
                continue;
            }
            if (!runs.containsKey(runId)) {
                runs.put(runId, runRow(runId, idSource, r, input, tag, at));
            }
            String paramsJson = GSON.toJson(new TreeMap<>(r.params()));
            String benchKey = r.benchmark() + "|" + r.mode() + "|" + paramsJson;
            if (!keys.add(runId + "\n" + benchKey)) {
                duplicates++;
                continue;
            }
            TreeMap<String, String> others = new TreeMap<>(r.params());
            for (String k : new String[] {"model", "dataset", "precision", "provider", "batch"}) {
                others.remove(k);
            }
            StringBuilder ot = new StringBuilder();
            others.forEach((k, v) -> ot.append(ot.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            rows.add(new ResultRow(runId, benchKey, r.device().label(), r.benchmark(), r.mode(),
                    names.canonical(r.param("model")), r.param("model"),
                    BenchmarkKey.canonicalDataset(r.param("dataset")), r.param("dataset"),
                    r.param("precision").strip().toLowerCase(Locale.ROOT),
                    r.param("provider").strip().toLowerCase(Locale.ROOT), batch, ot.toString(), paramsJson,
                    sensor(r.secondary().keySet()), Math.max(1, r.forks()), metricRows(r)));
        }
        badBatch.forEach((b, n) -> diags.add(Diagnostic.warning(input + ": " + n + " result(s) skipped: batch=" + b
                + " is not a positive integer")));
        if (duplicates > 0) {
            diags.add(Diagnostic.note(input + ": " + duplicates + " result(s) appear twice in the same run "
                    + "(same benchmark, mode and params); the first is kept"));
        }
        return new Prepared(input, List.copyOf(runs.values()), rows, diags);
    }

    private static RunRow runRow(String runId, String idSource, BenchmarkResult r, Path input, String tag, String at)
            throws InputException {
        Instant started = null;
        String s = r.run().started();
        if (!s.isBlank()) {
            try {
                started = Instant.parse(s.strip());
            } catch (DateTimeParseException e) {
                started = null;
            }
        }
        if (started == null) {
            Path timeOf = r.run().journal() != null ? r.run().journal() : r.file() != null ? r.file() : input;
            try {
                started = Instant.ofEpochMilli(Files.getLastModifiedTime(timeOf).toMillis());
            } catch (IOException e) {
                started = Instant.EPOCH;
            }
        }
        String jmh = r.run().jmh().isBlank() ? r.jmhVersion() : r.run().jmh();
        return new RunRow(runId, idSource, started.toString(), started.toEpochMilli(), tag, r.device().label(),
                GSON.toJson(new TreeMap<>(r.device().details())), r.run().git(), r.run().vitwatt(), r.run().ort(), jmh,
                input.toString(), r.run().journal() == null ? null : r.run().journal().toString(), at);
    }

    /** The first 16 hex digits of the SHA-256 of a file's bytes. */
    static String contentHash(Path file) throws InputException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": cannot read it to derive a run id: "
                    + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The energy readers a result's energy came from: the reader ids of its per-rail labels
     * ({@code energy.total(nvml/gpu0)} → nvml), {@code cpu-estimate} when {@code energy.estimate} is present,
     * {@code unknown} for energy without per-rail labels, {@code none} without energy or power metrics.
     */
    public static String sensor(Set<String> labels) {
        Set<String> readers = new TreeSet<>();
        boolean energy = false;
        for (String l : labels) {
            if (!l.startsWith("energy.") && !l.startsWith("power.")) {
                continue;
            }
            energy = true;
            int open = l.indexOf('(');
            int slash = l.indexOf('/', open + 1);
            if (open > 0 && slash > open) {
                readers.add(l.substring(open + 1, slash));
            }
            if (l.equals(Metrics.ENERGY_ESTIMATE.label())) {
                readers.add("cpu-estimate");
            }
        }
        if (!energy) {
            return "none";
        }
        return readers.isEmpty() ? "unknown" : String.join(",", readers);
    }

    private static List<MetricRow> metricRows(BenchmarkResult r) {
        List<MetricRow> out = new ArrayList<>(r.secondary().size() + 4);
        add(out, PRIMARY, r.primary(), r.forks());
        for (Map.Entry<Double, Double> p : new TreeMap<>(r.primary().percentiles()).entrySet()) {
            double k = p.getKey();
            if (k == 50.0 || k == 90.0 || k == 99.0 || k == 99.9) {
                String name = k == 99.9 ? "p99.9" : "p" + (int) k;
                if (Double.isFinite(p.getValue())) {
                    out.add(new MetricRow(PRIMARY + "." + name, p.getValue(), Double.NaN, Double.NaN, Double.NaN,
                            r.primary().unit(), 1));
                }
            }
        }
        for (Map.Entry<String, Metric> e : new TreeMap<>(r.secondary()).entrySet()) {
            add(out, e.getKey(), e.getValue(), r.forks());
        }
        return out;
    }

    private static void add(List<MetricRow> out, String label, Metric m, int forks) {
        if (!Double.isFinite(m.score())) {
            return; // "a metric that could not be measured is absent, never NaN"
        }
        boolean ci = m.hasCi() && Double.isFinite(m.ciLow()) && Double.isFinite(m.ciHigh());
        int n = m.forkMeans().length > 0 ? m.forkMeans().length : Math.max(1, forks);
        out.add(new MetricRow(label, m.score(), ci && Double.isFinite(m.error()) ? m.error() : Double.NaN,
                ci ? m.ciLow() : Double.NaN, ci ? m.ciHigh() : Double.NaN, m.unit(), n));
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
            ps.setNull(i, java.sql.Types.DOUBLE);
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
