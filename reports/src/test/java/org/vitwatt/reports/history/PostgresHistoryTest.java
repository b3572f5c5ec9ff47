package org.vitwatt.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.history.HistoryFixtures.cli;
import static org.vitwatt.reports.history.HistoryFixtures.count;

import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.ingest.IngestRows;
import org.vitwatt.reports.history.ingest.RowWriter;
import org.vitwatt.reports.history.ingest.Rows;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.ResultLoader;

/**
 * The history database on a real PostgreSQL server, started once for the class from Debian's server binaries
 * (skipped, saying so, only when they are not installed: apt-get install postgresql).
 */
class PostgresHistoryTest {
    @TempDir
    static Path base;
    static PostgresServer server;
    static final AtomicInteger DBS = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        var bin = PostgresServer.binaries();
        if (bin.isEmpty()) {
            String why = "PostgreSQL tests SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl, postgres) under "
                    + "/usr/lib/postgresql/*/bin; install them with apt-get install postgresql (.ci/run does)";
            System.out.println(why);
            Assumptions.abort(why);
        }
        long t0 = System.nanoTime();
        server = PostgresServer.start(bin.get(), base, false);
        System.out.printf("PostgreSQL %s started on 127.0.0.1:%d%s in %.1f s%n", server.version(), server.port(),
                server.runsAs().isEmpty() ? "" : " as " + server.runsAs(), (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String freshDatabase() throws Exception {
        String name = "vitwatt_t" + DBS.incrementAndGet();
        server.createDatabase(name);
        return server.url(name);
    }

    private List<Path> nights(String prefix, int n, String host) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String started = Instant.parse("2026-11-01T01:00:00Z").plusSeconds(86_400L * i).toString();
            files.add(HistoryFixtures.night(dir, prefix + i, prefix + "-run-" + i, host, started,
                    HistoryFixtures.results(1 + i / 100.0, 0.01, r -> Fixtures.withEnergy(r, 40, 1, 10, 12))));
        }
        return files;
    }

    @Test
    void ingestIsIdempotentAndNeverShowsThePassword() throws Exception {
        String url = freshDatabase();
        Path json = nights("pg", 1, "tx2-01").get(0);
        HistoryFixtures.Run r = cli("ingest", json.toString(), "--db", url, "--tag", "2026-11-01");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4 result(s) new, 0 already there; 1 run(s) new"), r.out());
        assertTrue(r.out().contains("password=" + DbUrl.MASK), "the URL is shown masked: " + r.out());
        assertFalse(r.out().contains(server.password()) || r.err().contains(server.password()), r.out() + r.err());
        HistoryFixtures.Run again = cli("ingest", json.toString(), "--db", url);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 result(s) new, 4 already there"), again.out());
        try (HistoryDb h = HistoryDb.open(DbUrl.resolve(url, Map.of()), HistoryDb.Mode.EXISTING)) {
            assertEquals(DbUrl.Dialect.POSTGRESQL, h.dialect());
            assertEquals(Migrations.latest(), h.schemaVersion());
            assertEquals(1, count(h.connection(), "SELECT COUNT(*) FROM runs"));
            assertEquals(4, count(h.connection(), "SELECT COUNT(*) FROM results"));
            assertTrue(count(h.connection(), "SELECT COUNT(*) FROM history WHERE label = 'energy.perImage'") == 4);
        }
        // a wrong password: exit 2, one line, neither password shown
        String wrong = url.replace(server.password(), "wrong-" + server.password().substring(3));
        HistoryFixtures.Run bad = cli("ingest", json.toString(), "--db", wrong);
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("password authentication failed"), bad.err());
        assertFalse(bad.err().contains(server.password().substring(3)), bad.err());
        assertFalse(bad.err().strip().contains("\n"), bad.err());
    }

    @Test
    void twoConcurrentWritersLoseNothingAndDuplicateNothing() throws Exception {
        String url = freshDatabase(); // empty: both writers also race to create the schema
        DbUrl db = DbUrl.resolve(url, Map.of());
        List<Path> shared = nights("s", 10, "tx2-01");
        List<Path> onlyA = nights("a", 3, "tx2-01");
        List<Path> onlyB = nights("b", 3, "jetson-orin");
        ModelNames names = new ModelNames(Catalog.standard());
        List<List<Rows.Prepared>> work = List.of(new ArrayList<>(), new ArrayList<>());
        for (int w = 0; w < 2; w++) {
            List<Path> files = new ArrayList<>(shared);
            files.addAll(w == 0 ? onlyA : onlyB);
            if (w == 1) {
                Collections.reverse(files);
            }
            for (Path p : files) {
                ResultLoader.Loaded l = ResultLoader.load(List.of(p), DeviceLabels.NONE, Map.of());
                work.get(w).add(IngestRows.prepare(p, l.results(), "night", names, Instant.now()));
            }
        }
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Rows.Stats>> fs = new ArrayList<>();
            for (List<Rows.Prepared> ps : work) {
                fs.add(pool.submit(() -> {
                    start.await();
                    try (HistoryDb h = HistoryDb.open(db, HistoryDb.Mode.CREATE)) {
                        Rows.Stats s = Rows.Stats.ZERO;
                        for (Rows.Prepared p : ps) {
                            s = s.plus(RowWriter.write(h, p));
                        }
                        return s;
                    }
                }));
            }
            Rows.Stats a = fs.get(0).get(120, TimeUnit.SECONDS);
            Rows.Stats b = fs.get(1).get(120, TimeUnit.SECONDS);
            assertEquals(16 * 4, a.resultsNew() + b.resultsNew(), "each result added by exactly one writer");
            assertEquals(16, a.runsNew() + b.runsNew());
        } finally {
            pool.shutdownNow();
        }
        IngestTest.assertCounts(db, 16);
        try (HistoryDb h = HistoryDb.open(db, HistoryDb.Mode.EXISTING)) {
            assertEquals(Migrations.ALL.size(), count(h.connection(), "SELECT COUNT(*) FROM schema_version"),
                    "each migration applied once");
        }
    }

    @Test
    void compareAndTrendAgainstPostgres() throws Exception {
        String url = freshDatabase();
        Path n1 = HistoryFixtures.night(dir, "n1", "pg-n1", "tx2-01", "2026-11-23T01:00:00Z",
                HistoryFixtures.results(1, 0.001, null));
        List<com.google.gson.JsonObject> slow = HistoryFixtures.results(1, 0.001, null);
        double ms = Fixtures.pick(slow, "deit_small", 2).getAsJsonObject("primaryMetric").get("score").getAsDouble();
        Fixtures.latency(Fixtures.pick(slow, "deit_small", 2), ms * 1.2, ms * 0.001);
        Path n2 = HistoryFixtures.night(dir, "n2", "pg-n2", "tx2-01", "2026-11-24T01:00:00Z", slow);
        assertEquals(0, cli("ingest", n1.toString(), "--tag", "2026-11-23", "--db", url).code());
        assertEquals(0, cli("ingest", n2.toString(), "--tag", "2026-11-24", "--db", url).code());
        HistoryFixtures.Run c = cli("compare", "--db", url, "--json");
        assertEquals(3, c.code(), c.err());
        assertTrue(c.out().contains("\"regressions\":1"), c.out());
        assertFalse(c.out().contains(server.password()), "the JSON never holds the URL's password");
        assertEquals(0, cli("compare", "--db", url, "--baseline", "pg-n1", "--candidate", "pg-n1").code());
        Path out = dir.resolve("trend");
        HistoryFixtures.Run t = cli("trend", "--db", url, "--metric", "latency", "--out", out.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("trend of latency: 8 point(s) in 4 series from 2 run(s)"), t.out());
        assertTrue(Files.size(out.resolve("trend-latency.png")) > 1000);
    }
}
