package org.vitwatt.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.history.HistoryFixtures.cli;
import static org.vitwatt.reports.history.HistoryFixtures.count;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

/**
 * A result whose energy is invalid never gives ingest, compare or trend an energy figure: the case of a rail that
 * vanished in iteration 2 of 3 (energy.invalid 0.667, energy.total 519.504 mJ/op and power.mean 1.667 W averaged
 * with zeros by an energy profiler that predates energy.validIterations), and of a database that stored them.
 */
class InvalidEnergyTest {
    @TempDir
    Path dir;

    /** Night {@code name}: the fixture's 4 results with energy; deit_tiny batch 1's energy invalid when asked. */
    Path night(String name, String runId, String started, boolean invalid) {
        List<JsonObject> rs = HistoryFixtures.results(1, 0.01, r -> Fixtures.withEnergy(r, 1558.5, 5, 100, 5.0));
        if (invalid) {
            JsonObject bad = Fixtures.pick(rs, "deit_tiny", 1);
            Fixtures.put(bad, "energy.total", 519.504, 16415.825, "mJ/op");
            Fixtures.put(bad, "energy.perImage", 519.504, 16415.825, "mJ/image");
            Fixtures.put(bad, "power.mean", 1.667, 5, "W");
            Fixtures.put(bad, "energy.invalid", 0.667, 1.9, "#");
        }
        return HistoryFixtures.night(dir, name, runId, "tx2-01", started, rs);
    }

    @Test
    void ingestStoresNoEnergyFigureOfAnInvalidResult() throws Exception {
        Path json = night("n1", "run-1", "2026-11-23T01:00:00Z", true);
        Path db = dir.resolve("h.db");
        HistoryFixtures.Run r = cli("ingest", json.toString(), "--db", db.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: " + json + ": 1 result(s) with invalid energy: stored without their "
                + "energy and power figures (their energy.invalid and energy.validIterations are kept)"), r.err());
        try (HistoryDb h = HistoryDb.open(DbUrl.resolve(db.toString(), Map.of()), HistoryDb.Mode.EXISTING)) {
            Connection c = h.connection();
            String bad = " FROM metrics m JOIN results r ON r.run_id = m.run_id AND r.bench_key = m.bench_key "
                    + "WHERE r.model = 'deit_tiny_patch16_224' AND r.batch = 1";
            assertEquals(0, count(c, "SELECT COUNT(*)" + bad + " AND (m.label LIKE 'energy.total%' OR m.label LIKE "
                    + "'energy.perImage%' OR m.label LIKE 'power.%' OR m.label = 'energy.aboveIdle')"));
            assertEquals(1, count(c, "SELECT COUNT(*)" + bad + " AND m.label = 'energy.invalid'"));
            assertEquals(3, count(c, "SELECT COUNT(*) FROM metrics WHERE label = 'energy.total'"), "the others' kept");
        }
        HistoryFixtures.Run t = cli("trend", "--db", db.toString(), "--metric", "power.mean", "--out",
                dir.resolve("t").toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("trend of power.mean: 3 point(s)"), t.out());
    }

    @Test
    void compareAndTrendSkipInvalidEnergyADatabaseStoredBefore() throws Exception {
        Path db = dir.resolve("old.db");
        assertEquals(0, cli("ingest", night("n1", "run-1", "2026-11-23T01:00:00Z", false).toString(), "--db",
                db.toString(), "-q").code());
        Path n2 = night("n2", "run-2", "2026-11-24T01:00:00Z", true);
        assertEquals(0, cli("ingest", n2.toString(), "--db", db.toString(), "-q").code());
        // what an ingest before this fix stored: the invalid result's averaged energy and power
        try (HistoryDb h = HistoryDb.open(DbUrl.resolve(db.toString(), Map.of()), HistoryDb.Mode.EXISTING);
                Statement s = h.connection().createStatement()) {
            String key = "(SELECT bench_key FROM results WHERE run_id = 'run-2' AND model = 'deit_tiny_patch16_224' "
                    + "AND batch = 1)";
            for (String[] m : new String[][] {{"energy.total", "519.504", "mJ/op"}, {"energy.perImage", "519.504",
                "mJ/image"}, {"power.mean", "1.667", "W"}}) {
                s.executeUpdate("INSERT INTO metrics (run_id, bench_key, label, score, error, ci_low, ci_high, unit, n) "
                        + "VALUES ('run-2', " + key + ", '" + m[0] + "', " + m[1] + ", 1, " + m[1] + " - 1, " + m[1]
                        + " + 1, '" + m[2] + "', 3)");
            }
        }
        HistoryFixtures.Run c = cli("compare", "--db", db.toString(), "--baseline", "run-1", "--candidate", "run-2",
                "--json");
        assertEquals(0, c.code(), c.err());
        JsonArray rows = JsonParser.parseString(c.out()).getAsJsonObject().getAsJsonArray("rows");
        JsonObject energy = null;
        for (var e : rows) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("metric").getAsString().equals("energy") && o.get("model").getAsString().equals(
                    "deit_tiny_patch16_224") && o.get("batch").getAsInt() == 1) {
                energy = o;
            }
        }
        assertTrue(energy != null, c.out());
        assertEquals("not-measured", energy.get("verdict").getAsString());
        assertEquals("candidate: energy invalid", energy.get("why").getAsString());
        assertTrue(!energy.has("candidate") || energy.get("candidate").isJsonNull(), "no energy figure of it");

        HistoryFixtures.Run t = cli("trend", "--db", db.toString(), "--metric", "power.mean", "--model", "deit_tiny",
                "--batch", "1", "--out", dir.resolve("t").toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("trend of power.mean: 1 point(s)"), t.out());
        assertTrue(t.err().contains("note: 1 result(s) without power.mean: energy invalid"), t.err());
        String csv = Files.readString(dir.resolve("t/trend-power.mean.csv"));
        assertTrue(!csv.contains("1.667"), csv);
    }
}
