package org.vitwatt.reports.history.ingest;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.history.ingest.Rows.MetricRow;
import org.vitwatt.reports.history.ingest.Rows.Prepared;
import org.vitwatt.reports.history.ingest.Rows.ResultRow;
import org.vitwatt.reports.history.ingest.Rows.RunRow;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.EnergyStatus;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.Metric;
import org.vitwatt.results.Params;

/**
 * Turns the results of one input file into rows of the history database. The natural key of a result is its run id
 * ({@link RunIds}) and its {@code bench_key}: benchmark, JMH mode and every {@code -p} value as given, as JSON. A
 * result whose energy is invalid ({@link EnergyStatus#INVALID}) is stored without any energy or power figure — its
 * flags stay — so that nothing downstream can compare or plot it.
 */
public final class IngestRows {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private IngestRows() {
    }

    /**
     * The rows of the results read from {@code input}.
     *
     * @param tag the {@code --tag} of every run of this ingest (a night), null for none
     * @param now the ingest time
     */
    public static Prepared prepare(Path input, List<BenchmarkResult> results, String tag, ModelNames names, Instant now)
            throws InputException {
        Map<String, RunRow> runs = new LinkedHashMap<>();
        List<ResultRow> rows = new ArrayList<>(results.size());
        List<Diagnostic> diags = new ArrayList<>();
        String hashId = null;
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Integer> badBatch = new TreeMap<>();
        Set<String> keys = new HashSet<>();
        int duplicates = 0;
        int invalidEnergy = 0;
        for (BenchmarkResult r : results) {
            String runId = r.run().runId();
            String idSource = "journal";
            if (runId.isBlank()) {
                if (hashId == null) {
                    hashId = RunIds.ofContent(input);
                }
                runId = hashId;
                idSource = "content-hash";
            }
            int batch = BenchmarkKey.batchOf(r.param(Params.BATCH));
            if (batch == 0) {
                badBatch.merge(r.param(Params.BATCH), 1, Integer::sum);
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
            boolean energyValid = EnergyStatus.of(r) != EnergyStatus.INVALID;
            if (!energyValid) {
                invalidEnergy++;
            }
            BenchmarkKey k = BenchmarkKey.of(r.device().label(), r.benchmark(), names.canonical(r.param(Params.MODEL)),
                    r.params(), batch);
            rows.add(new ResultRow(runId, benchKey, k.device(), r.benchmark(), r.mode(), k.model(),
                    r.param(Params.MODEL), k.dataset(), r.param(Params.DATASET), k.precision(), k.provider(), batch,
                    k.othersText(), paramsJson, Sensors.of(r.secondary().keySet()), Math.max(1, r.forks()),
                    metricRows(r, energyValid)));
        }
        badBatch.forEach((b, n) -> diags.add(Diagnostic.warning(input + ": " + n + " result(s) skipped: batch=" + b
                + " is not a positive integer")));
        if (duplicates > 0) {
            diags.add(Diagnostic.note(input + ": " + duplicates + " result(s) appear twice in the same run "
                    + "(same benchmark, mode and params); the first is kept"));
        }
        if (invalidEnergy > 0) {
            diags.add(Diagnostic.warning(input + ": " + invalidEnergy + " result(s) with invalid energy: stored without "
                    + "their energy and power figures (their energy.invalid and energy.validIterations are kept)"));
        }
        return new Prepared(input, List.copyOf(runs.values()), rows, diags);
    }

    private static RunRow runRow(String runId, String idSource, BenchmarkResult r, Path input, String tag, String at) {
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

    private static List<MetricRow> metricRows(BenchmarkResult r, boolean energyValid) {
        List<MetricRow> out = new ArrayList<>(r.secondary().size() + 4);
        add(out, Stored.PRIMARY, r.primary(), r.forks());
        for (Map.Entry<Double, Double> p : new TreeMap<>(r.primary().percentiles()).entrySet()) {
            double k = p.getKey();
            if (k == 50.0 || k == 90.0 || k == 99.0 || k == 99.9) {
                String name = k == 99.9 ? "p99.9" : "p" + (int) k;
                if (Double.isFinite(p.getValue())) {
                    out.add(new MetricRow(Stored.PRIMARY + "." + name, p.getValue(), Double.NaN, Double.NaN,
                            Double.NaN, r.primary().unit(), 1));
                }
            }
        }
        for (Map.Entry<String, Metric> e : new TreeMap<>(r.secondary()).entrySet()) {
            if (energyValid || !EnergyStatus.isEnergyFigure(e.getKey())) {
                add(out, e.getKey(), e.getValue(), r.forks());
            }
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
}
