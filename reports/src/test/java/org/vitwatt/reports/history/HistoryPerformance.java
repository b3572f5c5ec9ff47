package org.vitwatt.reports.history;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.cli.ReportsCli;
import org.vitwatt.reports.history.ingest.IngestRows;
import org.vitwatt.reports.history.ingest.RowWriter;
import org.vitwatt.reports.history.ingest.Rows;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.ResultLoader;

/**
 * A measurement, not a test: ingest rate into SQLite and PostgreSQL, and {@code compare} time, on two runs of N
 * results (default 1,000) generated from the real fixture (each with energy and accuracy metrics added, ~20 metric
 * rows per result). PostgreSQL is a durable server (fsync on) started from Debian's binaries when present.
 *
 * <pre>
 * mvn -o -q -pl reports test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp reports/target/classes:reports/target/test-classes:$(cat reports/target/cp.txt) \
 *     org.vitwatt.reports.history.HistoryPerformance 1000
 * </pre>
 */
public final class HistoryPerformance {
    private HistoryPerformance() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("vitwatt-history-perf");
        Path a = run(dir, "a", "perf-run-a", "2026-11-23T01:00:00Z", n, 1.0);
        Path b = run(dir, "b", "perf-run-b", "2026-11-24T01:00:00Z", n, 1.03);
        ModelNames names = new ModelNames(Catalog.standard());
        List<Rows.Prepared> pa = prepare(a, names);
        List<Rows.Prepared> pb = prepare(b, names);
        int rows = pa.get(0).runs().size() + pa.get(0).results().size() + pa.get(0).metricRows();
        System.out.printf(Locale.ROOT, "%d results per run, %d rows per run (runs + results + metrics; %.1f metrics per "
                + "result), %d cores%n", n, rows, pa.get(0).metricRows() / (double) n,
                Runtime.getRuntime().availableProcessors());

        measure("SQLite file", DbUrl.resolve(dir.resolve("perf.db").toString(), Map.of()), pa, pb, a, b, rows);
        Optional<Path> bin = PostgresServer.binaries();
        if (bin.isEmpty()) {
            System.out.println("PostgreSQL: no server binaries under /usr/lib/postgresql/*/bin; not measured");
        } else {
            try (PostgresServer pg = PostgresServer.start(bin.get(), Files.createDirectories(dir.resolve("pgbase")), true)) {
                System.out.printf(Locale.ROOT, "PostgreSQL %s on loopback, durable (fsync on)%n", pg.version());
                for (int i = 1; i <= 4; i++) {
                    pg.createDatabase("perf" + i);
                }
                String url = pg.url("perf1");
                measure("PostgreSQL", DbUrl.resolve(url, Map.of()), pa, pb, a, b, rows);
                // the same with pgjdbc's multi-row rewrite of batches (users can add it to their URL)
                measure("PostgreSQL reWriteBatchedInserts", DbUrl.resolve(pg.url("perf2") + "&reWriteBatchedInserts=true",
                        Map.of()), pa, pb, a, b, rows);
            }
        }
    }

    private static Path run(Path dir, String name, String runId, String started, int n, double factor) {
        List<JsonObject> base = Fixtures.real();
        Random rnd = new Random(name.hashCode());
        List<JsonObject> rs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JsonObject r = base.get(i % base.size()).deepCopy();
            Fixtures.param(r, "threads", Integer.toString(i / base.size()));
            double ms = r.getAsJsonObject("primaryMetric").get("score").getAsDouble() * factor
                    * (1 + 0.02 * rnd.nextGaussian());
            Fixtures.latency(r, ms, ms * 0.01);
            Fixtures.withEnergy(r, 40 * factor, 0.4, 10, 12);
            Fixtures.withAccuracy(r, 72, 91);
            rs.add(r);
        }
        return HistoryFixtures.night(dir, name, runId, "perf-board", started, rs);
    }

    private static List<Rows.Prepared> prepare(Path json, ModelNames names) throws Exception {
        ResultLoader.Loaded l = ResultLoader.load(List.of(json), DeviceLabels.NONE, Map.of());
        return List.of(IngestRows.prepare(json, l.results(), null, names, Instant.now()));
    }

    private static void measure(String what, DbUrl url, List<Rows.Prepared> pa, List<Rows.Prepared> pb, Path a,
            Path b, int rows) throws Exception {
        // ingest: the database work only (rows already prepared), a fresh run each time
        double[] ms = new double[3];
        try (HistoryDb h = HistoryDb.open(url, HistoryDb.Mode.CREATE)) {
            for (int i = 0; i < 3; i++) {
                List<Rows.Prepared> p = i == 0 ? pa : i == 1 ? pb : List.of(renamed(pa.get(0), "perf-run-c"));
                long t0 = System.nanoTime();
                for (Rows.Prepared x : p) {
                    RowWriter.write(h, x);
                }
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            // again: every row already there (idempotent re-ingest)
            long t0 = System.nanoTime();
            Rows.Stats s = RowWriter.write(h, pa.get(0));
            double again = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "%s ingest (one transaction per run, batches of 1000): %s ms -> best %.0f "
                    + "rows/s (%.0f results/s); re-ingest of a known run (%d new rows): %.0f ms%n", what,
                    fmt(ms), rows / (min(ms) / 1000), pa.get(0).results().size() / (min(ms) / 1000), s.rowsNew(), again);
        }
        // the whole command (read JSON + journal, prepare, write), in this JVM, into a fresh database
        String fresh = url.dialect() == DbUrl.Dialect.SQLITE ? url.sqliteFile().resolveSibling("cli.db").toString()
                : url.url().replaceFirst("/perf(\\d)\\?", "/perf" + (url.url().contains("perf1") ? 3 : 4) + "?");
        long t0 = System.nanoTime();
        int code = ReportsCli.run(new String[] {"ingest", a.toString(), "--db", fresh, "-q"},
                new PrintWriter(new StringWriter()), new PrintWriter(System.err, true));
        double cli = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "%s 'ingest FILE' command in-process (parse + write, exit %d): %.0f ms = %.0f "
                + "rows/s%n", what, code, cli, rows / (cli / 1000));
        // compare: the two runs from the database, and from the files
        double[] fromDb = new double[5];
        double[] fromFiles = new double[5];
        int exit = -1;
        for (int i = -5; i < 5; i++) { // five warm-up rounds (JIT), then five measured
            t0 = System.nanoTime();
            exit = ReportsCli.run(new String[] {"compare", "--db", url.url(), "--baseline", "perf-run-a", "--candidate",
                "perf-run-b", "--json"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            double tDb = (System.nanoTime() - t0) / 1e6;
            t0 = System.nanoTime();
            ReportsCli.run(new String[] {"compare", "--baseline", a.toString(), "--candidate", b.toString()},
                    new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
            if (i >= 0) {
                fromDb[i] = tDb;
                fromFiles[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "%s compare of 2 x %d results (3 figures each, exit %d), after 5 warm-up rounds: from the database %s ms "
                + "(median %.0f); from the two JSON files %s ms (median %.0f)%n", what, pa.get(0).results().size(), exit,
                fmt(fromDb), median(fromDb), fmt(fromFiles), median(fromFiles));
    }

    private static Rows.Prepared renamed(Rows.Prepared p, String runId) {
        List<Rows.RunRow> runs = new ArrayList<>();
        for (Rows.RunRow r : p.runs()) {
            runs.add(new Rows.RunRow(runId, r.idSource(), r.started(), r.startedMs() + 1, r.tag(), r.device(),
                    r.deviceDetails(), r.git(), r.vitwatt(), r.ort(), r.jmh(), r.source(), r.journal(), r.ingestedAt()));
        }
        List<Rows.ResultRow> results = new ArrayList<>();
        for (Rows.ResultRow r : p.results()) {
            results.add(new Rows.ResultRow(runId, r.benchKey(), r.device(), r.benchmark(), r.mode(), r.model(),
                    r.modelParam(), r.dataset(), r.datasetParam(), r.precision(), r.provider(), r.batch(),
                    r.otherParams(), r.params(), r.sensor(), r.forks(), r.metrics()));
        }
        return new Rows.Prepared(p.input(), runs, results, p.diagnostics());
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", x));
        }
        return sb.toString();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
