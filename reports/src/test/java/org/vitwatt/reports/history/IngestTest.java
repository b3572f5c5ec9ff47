package org.vitwatt.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.history.HistoryFixtures.cli;
import static org.vitwatt.reports.history.HistoryFixtures.count;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.ingest.IngestRows;
import org.vitwatt.reports.history.ingest.RowWriter;
import org.vitwatt.reports.history.ingest.Rows;
import org.vitwatt.reports.history.ingest.RunIds;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.Journal;
import org.vitwatt.reports.input.ResultLoader;
import org.vitwatt.results.JournalFiles;

/** ingest into SQLite: rows, idempotency, run ids, sensors, migrations, corrupt journals, concurrent writers. */
class IngestTest {
    @TempDir
    Path dir;

    private DbUrl sqlite(String name) throws InputException {
        return DbUrl.resolve(dir.resolve(name).toString(), Map.of());
    }

    @Test
    void ingestsEveryResultWithItsRunDeviceAndMetricsOnce() throws Exception {
        List<JsonObject> rs = HistoryFixtures.results(1, 0.01, r -> Fixtures.withEnergy(r, 40, 1, 10, 12));
        Fixtures.put(rs.get(0), "energy.total(rapl/package-0)", 30, 1, "mJ/op");
        Fixtures.put(rs.get(0), "power.mean(nvml/gpu0)", 30, 1, "W");
        Path json = HistoryFixtures.night(dir, "night", "2026-11-24T07:30:00Z-abcd", "tx2-01", "2026-11-24T07:30:00Z",
                rs);
        Path db = dir.resolve("sub/dir/history.db");
        HistoryFixtures.Run r = cli("ingest", json.toString(), "--db", db.toString(), "--tag", "2026-11-24");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("run 2026-11-24T07:30:00Z-abcd: tx2-01, started 2026-11-24T07:30:00Z, 4 result(s), "
                + "tag 2026-11-24"), r.out());
        assertTrue(r.out().contains("4 result(s) new, 0 already there; 1 run(s) new, 0 known"), r.out());
        assertTrue(r.out().contains("created schema version " + Migrations.latest()), r.out());

        try (HistoryDb h = HistoryDb.open(DbUrl.resolve(db.toString(), Map.of()), HistoryDb.Mode.EXISTING);
                Statement s = h.connection().createStatement()) {
            Connection c = h.connection();
            assertEquals(1, count(c, "SELECT COUNT(*) FROM runs"));
            assertEquals(4, count(c, "SELECT COUNT(*) FROM results"));
            long metrics = count(c, "SELECT COUNT(*) FROM metrics");
            try (ResultSet q = s.executeQuery("SELECT device, git, vitwatt, ort, jmh, tag, started_ms, id_source, "
                    + "device_details FROM runs")) {
                q.next();
                assertEquals("tx2-01", q.getString(1));
                assertTrue(q.getString(2).startsWith("c0mm1t"));
                assertEquals("0.1.0", q.getString(3));
                assertEquals("1.29.0", q.getString(4));
                assertEquals("1.37", q.getString(5));
                assertEquals("2026-11-24", q.getString(6));
                assertEquals(Instant.parse("2026-11-24T07:30:00Z").toEpochMilli(), q.getLong(7));
                assertEquals("journal", q.getString(8));
                assertTrue(q.getString(9).contains("\"powerMode\":\"MAXN\""), q.getString(9));
            }
            try (ResultSet q = s.executeQuery("SELECT model, model_param, dataset, precision, provider, batch, "
                    + "other_params, sensor, forks FROM results ORDER BY model, batch")) {
                q.next();
                assertEquals("deit_small_patch16_224", q.getString(1));
                assertEquals("deit_small", q.getString(2));
                assertEquals("synthetic", q.getString(3));
                assertEquals("fp32", q.getString(4));
                assertEquals("cpu", q.getString(5));
                assertEquals(1, q.getInt(6));
                assertEquals("threads=0", q.getString(7));
                assertEquals("unknown", q.getString(8), "energy without per-rail labels: reader unknown");
                assertEquals(1, q.getInt(9));
            }
            assertEquals(1, count(c, "SELECT COUNT(*) FROM results WHERE sensor = 'nvml,rapl'"));
            try (ResultSet q = s.executeQuery("SELECT score, error, ci_low, ci_high, unit, n FROM metrics m JOIN results r "
                    + "ON r.run_id = m.run_id AND r.bench_key = m.bench_key WHERE r.model_param = 'deit_tiny' AND "
                    + "r.batch = 1 AND label = 'primary'")) {
                q.next();
                double ms = Fixtures.pick(Fixtures.real(), "deit_tiny", 1).getAsJsonObject("primaryMetric").get("score")
                        .getAsDouble();
                assertEquals(ms, q.getDouble(1), 1e-9);
                assertEquals(ms * 0.01, q.getDouble(2), 1e-9);
                assertEquals(ms * 0.99, q.getDouble(3), 1e-9);
                assertEquals(ms * 1.01, q.getDouble(4), 1e-9);
                assertEquals("ms/op", q.getString(5));
                assertEquals(1, q.getInt(6));
            }
            try (ResultSet q = s.executeQuery("SELECT error FROM metrics WHERE label = 'memory.peakRss' LIMIT 1")) {
                q.next();
                q.getDouble(1);
                assertTrue(q.wasNull(), "JMH's \"NaN\" error is stored as NULL");
            }
            assertEquals(metrics, count(c, "SELECT COUNT(*) FROM history"), "the view joins every metric");

            // idempotent: the same run again adds nothing
            HistoryFixtures.Run again = cli("ingest", json.toString(), "--db", db.toString(), "--tag", "other");
            assertEquals(0, again.code(), again.err());
            assertTrue(again.out().contains("0 result(s) new, 4 already there; 0 run(s) new, 1 known; 0 metric row(s)"),
                    again.out());
            assertEquals(1, count(c, "SELECT COUNT(*) FROM runs"));
            assertEquals(4, count(c, "SELECT COUNT(*) FROM results"));
            assertEquals(metrics, count(c, "SELECT COUNT(*) FROM metrics"));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM runs WHERE tag = '2026-11-24'"), "a run keeps its first tag");
        }
    }

    @Test
    void aFileWithoutJournalGetsARunIdFromItsContentSoReIngestingIsIdempotent() throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), Fixtures.realText());
        Path copy = Files.createDirectories(dir.resolve("elsewhere")).resolve("renamed.json");
        Files.writeString(copy, Fixtures.realText());
        String db = "jdbc:sqlite:" + dir.resolve("h.db");
        HistoryFixtures.Run r1 = cli("ingest", a.toString(), "--db", db);
        assertEquals(0, r1.code(), r1.err());
        String id = RunIds.ofContent(a);
        assertTrue(r1.out().contains("run " + id + ": unknown device"), r1.out());
        HistoryFixtures.Run r2 = cli("ingest", copy.toString(), a.toString(), "--db", db);
        assertEquals(0, r2.code(), r2.err());
        assertTrue(r2.out().contains("0 result(s) new, 8 already there"), r2.out());
        try (HistoryDb h = HistoryDb.open(DbUrl.resolve(db, Map.of()), HistoryDb.Mode.EXISTING)) {
            assertEquals(1, count(h.connection(), "SELECT COUNT(*) FROM runs"));
            assertEquals(4, count(h.connection(), "SELECT COUNT(*) FROM results"));
        }
        // a device label for a file without journal
        Path b = Fixtures.write(dir.resolve("b.json"), HistoryFixtures.results(2, 0.01, null));
        HistoryFixtures.Run r3 = cli("ingest", b.toString(), "--device", "rtx3050", "--db", db);
        assertEquals(0, r3.code(), r3.err());
        assertTrue(r3.out().contains(": rtx3050, started"), r3.out());
    }

    @Test
    void aHalfWrittenJournalLineIsSkippedWithAWarningAndTheRestIngested() throws Exception {
        List<JsonObject> rs = HistoryFixtures.results(1, 0.01, null);
        Path json = HistoryFixtures.night(dir, "crashed", "run-crashed", "tx2-01", "2026-11-24T07:30:00Z", rs);
        Files.delete(json); // JMH never wrote its JSON: the journal is all there is
        Path journal = JournalFiles.besideResult(json);
        List<String> lines = new ArrayList<>(Files.readAllLines(journal));
        lines.remove(lines.size() - 1); // no end record
        String last = lines.get(lines.size() - 1);
        lines.set(lines.size() - 1, last.substring(0, last.length() / 2)); // the 4th benchmark line, half-written
        Files.write(journal, lines);
        HistoryFixtures.Run r = cli("ingest", journal.toString(), "--db", dir.resolve("h.db").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: " + journal + ":" + lines.size() + ": skipped a journal line that does "
                + "not parse"), r.err());
        assertTrue(r.out().contains("3 result(s) new"), r.out());
    }

    @Test
    void migratesAnOldSchemaForwardAndRefusesANewerOne() throws Exception {
        DbUrl url = sqlite("old.db");
        try (HistoryDb h = HistoryDb.open(url, HistoryDb.Mode.CREATE, 1)) {
            assertEquals(1, h.schemaVersion());
            Rows.Prepared p = prepared(Fixtures.write(dir.resolve("x.json"), Fixtures.real()));
            RowWriter.write(h, p);
            assertEquals(0, count(h.connection(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'history'"));
        }
        try (HistoryDb h = HistoryDb.open(url, HistoryDb.Mode.EXISTING)) {
            assertEquals(1, h.migratedFrom());
            assertEquals(Migrations.latest(), h.schemaVersion());
            assertEquals(Migrations.ALL.size(), count(h.connection(), "SELECT COUNT(*) FROM schema_version"));
            assertEquals(4, count(h.connection(), "SELECT COUNT(*) FROM history WHERE label = 'primary'"), "data kept");
            try (Statement s = h.connection().createStatement()) {
                s.executeUpdate("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', "
                        + "'2030-01-01T00:00:00Z')");
            }
        }
        HistoryException e = assertThrows(HistoryException.class, () -> HistoryDb.open(url, HistoryDb.Mode.EXISTING));
        assertEquals(HistoryException.Kind.SCHEMA_NEWER, e.kind());
        HistoryFixtures.Run r = cli("trend", "--db", url.sqliteFile().toString(), "--metric", "latency", "--out",
                dir.resolve("t").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().matches("vitwatt-reports: --db .*old\\.db: the database's schema is version 99, "
                + "newer than this vitwatt-reports knows \\(\\d+\\): use a newer vitwatt-reports"), r.err());
        assertFalse(r.err().strip().contains("\n"));
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path db = dir.resolve("h.db");
        Path missing = dir.resolve("nope.json");
        assertBad(cli("ingest", missing.toString(), "--db", db.toString()), missing + ": no such file");
        assertFalse(Files.exists(db), "nothing created for bad input");
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{ not json");
        assertBad(cli("ingest", notJson.toString(), "--db", db.toString()), notJson.toString());
        assertBad(cli(Map.of(), "ingest", Fixtures.write(dir.resolve("ok.json"), Fixtures.real()).toString()),
                "--db: no history database given");
        assertBad(cli("ingest", "--db", db.toString()), "ingest: Missing required parameter");
        assertBad(cli("ingest", dir.resolve("ok.json").toString(), "--db", dir.toString()), "is a directory");
        assertBad(cli("ingest", dir.resolve("ok.json").toString(), "--db", db.toString(), "--bogus"),
                "ingest: Unknown option: '--bogus'");
        assertBad(cli("ingest", dir.resolve("ok.json").toString(), "--db", db.toString(), "--device", "x.json=l"),
                "--device x.json=l: x.json is not one of the input files");
        assertBad(cli("compare", "--db", db.toString()), "no such database file");
        assertEquals(0, cli("ingest", "--help").code());
    }

    static void assertBad(HistoryFixtures.Run r, String contains) {
        assertEquals(2, r.code(), r.out() + r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("vitwatt-reports"), line);
        assertTrue(line.contains(contains), line + "\n  should contain: " + contains);
    }

    private Rows.Prepared prepared(Path json) throws Exception {
        ResultLoader.Loaded l = ResultLoader.load(List.of(json), DeviceLabels.NONE, Map.of());
        return IngestRows.prepare(json, l.results(), null, new ModelNames(Catalog.standard()), Instant.now());
    }

    /** N nights of one device, each its own run id, JSON + journal. */
    private List<Path> nights(String prefix, int n) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String started = Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86_400L * i).toString();
            files.add(HistoryFixtures.night(dir, prefix + i, prefix + "-run-" + i, "tx2-01", started,
                    HistoryFixtures.results(1 + i / 100.0, 0.01, null)));
        }
        return files;
    }

    @Test
    void twoThreadsIngestingTheSameAndOtherRunsAtOnceLoseNothingAndDuplicateNothing() throws Exception {
        List<Path> shared = nights("shared", 12);
        List<Path> onlyA = nights("a", 4);
        List<Path> onlyB = nights("b", 4);
        DbUrl url = sqlite("concurrent.db");
        List<Rows.Prepared> a = new ArrayList<>();
        List<Rows.Prepared> b = new ArrayList<>();
        for (Path p : shared) {
            a.add(prepared(p));
            b.add(prepared(p));
        }
        for (Path p : onlyA) {
            a.add(prepared(p));
        }
        for (Path p : onlyB) {
            b.add(prepared(p));
        }
        Collections.reverse(b);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Rows.Stats>> fs = new ArrayList<>();
            for (List<Rows.Prepared> work : List.of(a, b)) {
                fs.add(pool.submit(() -> {
                    try (HistoryDb h = HistoryDb.open(url, HistoryDb.Mode.CREATE)) {
                        start.await();
                        Rows.Stats s = Rows.Stats.ZERO;
                        for (Rows.Prepared p : work) {
                            s = s.plus(RowWriter.write(h, p));
                        }
                        return s;
                    }
                }));
            }
            Rows.Stats sa = fs.get(0).get(120, TimeUnit.SECONDS);
            Rows.Stats sb = fs.get(1).get(120, TimeUnit.SECONDS);
            assertEquals(20 * 4, sa.resultsNew() + sb.resultsNew(), "each result added by exactly one writer");
            assertEquals(20, sa.runsNew() + sb.runsNew());
        } finally {
            pool.shutdownNow();
        }
        assertCounts(url, 20);
    }

    static void assertCounts(DbUrl url, int runs) throws Exception {
        try (HistoryDb h = HistoryDb.open(url, HistoryDb.Mode.EXISTING)) {
            Connection c = h.connection();
            assertEquals(runs, count(c, "SELECT COUNT(*) FROM runs"));
            assertEquals(runs * 4L, count(c, "SELECT COUNT(*) FROM results"));
            assertEquals(runs * 4L, count(c, "SELECT COUNT(*) FROM (SELECT DISTINCT run_id, bench_key FROM results) x"));
            long perResult = count(c, "SELECT COUNT(*) FROM metrics") / (runs * 4L);
            assertEquals(runs * 4L * perResult, count(c, "SELECT COUNT(*) FROM metrics"), "every result has all its "
                    + "metrics");
            assertEquals(0, count(c, "SELECT COUNT(*) FROM results r WHERE NOT EXISTS (SELECT 1 FROM metrics m WHERE "
                    + "m.run_id = r.run_id AND m.bench_key = r.bench_key)"));
        }
    }

    @Test
    void twoProcessesIngestingIntoOneSqliteFileAtOnceWaitForTheLockInsteadOfFailing() throws Exception {
        List<Path> shared = nights("p", 16);
        Path db = dir.resolve("two-processes.db");
        HistoryDb.open(DbUrl.resolve(db.toString(), Map.of()), HistoryDb.Mode.CREATE).close();
        // Hold the write lock while both processes start, so that both meet a locked database (SQLITE_BUSY) and
        // must wait for it; then they compete for it, one transaction per file, 16 files each.
        Connection holder = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement lock = holder.createStatement();
        lock.execute("BEGIN IMMEDIATE");
        List<Process> ps = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            List<String> files = new ArrayList<>();
            shared.forEach(p -> files.add(p.toString()));
            if (w == 1) {
                Collections.reverse(files);
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.vitwatt.reports.cli.ReportsCli", "ingest"));
            for (String f : files) {
                cmd.add(f); // one transaction per file: the two processes take the lock in turns, many times
            }
            cmd.addAll(List.of("--db", db.toString()));
            ps.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("writer-" + w + ".log").toFile()).start());
        }
        Thread.sleep(4_000);
        assertTrue(ps.get(0).isAlive() && ps.get(1).isAlive(), "both writers wait for the lock");
        lock.execute("ROLLBACK");
        lock.close();
        holder.close();
        for (int w = 0; w < 2; w++) {
            assertTrue(ps.get(w).waitFor(180, TimeUnit.SECONDS), "writer " + w + " finished");
            String log = Files.readString(dir.resolve("writer-" + w + ".log"));
            assertEquals(0, ps.get(w).exitValue(), log);
            assertFalse(log.contains("SQLITE_BUSY") || log.contains("locked"), log);
        }
        assertCounts(DbUrl.resolve(db.toString(), Map.of()), 16);
        List<String> outs = List.of(Files.readString(dir.resolve("writer-0.log")), Files.readString(dir.resolve(
                "writer-1.log")));
        int added = 0;
        for (String o : outs) {
            Matcher m = Pattern.compile("(\\d+) result\\(s\\) new").matcher(o);
            assertTrue(m.find(), o);
            added += Integer.parseInt(m.group(1));
        }
        assertEquals(64, added, "every result added by exactly one process: " + outs);
    }
}
