package org.vitwatt.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.history.HistoryFixtures.cli;
import static org.vitwatt.reports.history.IngestTest.assertBad;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

/** compare: verdicts per figure, direction, thresholds, added / removed, selectors, exit codes, JSON. */
class CompareTest {
    @TempDir
    Path dir;

    private static double ms(List<JsonObject> rs, String model, int batch) {
        return Fixtures.pick(rs, model, batch).getAsJsonObject("primaryMetric").get("score").getAsDouble();
    }

    private static void lat(List<JsonObject> rs, String model, int batch, double factor, double relErr) {
        double base = ms(Fixtures.real(), model, batch) * factor;
        Fixtures.latency(Fixtures.pick(rs, model, batch), base, base * relErr);
    }

    /** Rows of the JSON output by "model bBATCH metric". */
    private static Map<String, JsonObject> rows(String json) {
        Map<String, JsonObject> out = new HashMap<>();
        for (JsonElement e : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("rows")) {
            JsonObject o = e.getAsJsonObject();
            out.put(o.get("model").getAsString().replaceFirst("_patch16_224", "") + " b" + o.get("batch").getAsInt()
                    + " " + o.get("metric").getAsString(), o);
        }
        return out;
    }

    @Test
    void latencyVerdictsNeedBothTheThresholdAndApartIntervals() throws Exception {
        List<JsonObject> base = HistoryFixtures.results(1, 0.001, null);
        List<JsonObject> cand = HistoryFixtures.results(1, 0.001, null);
        lat(cand, "deit_tiny", 1, 1.5, 0.001);   // +50 %, intervals apart: regression
        lat(cand, "deit_small", 1, 1.02, 0.001); // +2 %, intervals apart: below the 5 % threshold
        lat(cand, "deit_tiny", 2, 0.5, 0.001);   // −50 %: improvement
        lat(cand, "deit_small", 2, 1.5, 0.4);    // +50 % but ±40 %: intervals overlap, no claim
        Path b = Fixtures.write(dir.resolve("base.json"), base);
        Path c = Fixtures.write(dir.resolve("cand.json"), cand);

        HistoryFixtures.Run r = cli("compare", "--baseline", b.toString(), "--candidate", c.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("deit_tiny_patch16_224 · synthetic · fp32 · cpu · batch 1 · threads=0"), r.out());
        assertTrue(r.out().matches("(?s).*batch 1 · threads=0 +latency +24\\.87 ± 0\\.02 ms/op +37\\.31 ± 0\\.04 ms/op "
                + "+\\+50\\.0% +REGRESSION.*"), r.out());
        assertTrue(r.out().contains("1 regression(s), 1 improvement(s), 0 unchanged, 2 without a claim"), r.out());

        HistoryFixtures.Run j = cli("compare", "--baseline", b.toString(), "--candidate", c.toString(), "--json");
        assertEquals(3, j.code(), j.err());
        JsonObject doc = JsonParser.parseString(j.out()).getAsJsonObject();
        assertEquals(1, doc.get("schemaVersion").getAsInt());
        assertEquals(3, doc.get("exitCode").getAsInt());
        Map<String, JsonObject> rows = rows(j.out());
        assertEquals("regression", rows.get("deit_tiny b1 latency").get("verdict").getAsString());
        assertTrue(rows.get("deit_tiny b1 latency").get("regression").getAsBoolean());
        assertEquals(0.5, rows.get("deit_tiny b1 latency").get("change").getAsDouble(), 1e-9);
        assertEquals("below-threshold", rows.get("deit_small b1 latency").get("verdict").getAsString());
        assertEquals("improvement", rows.get("deit_tiny b2 latency").get("verdict").getAsString());
        assertEquals("overlap", rows.get("deit_small b2 latency").get("verdict").getAsString());
        assertEquals(4, rows.size(), "no energy or accuracy rows: measured on neither side");

        // a 1 % threshold makes the +2 % a regression too; --json=FILE writes the file and prints the table
        Path jf = dir.resolve("out/compare.json");
        HistoryFixtures.Run t = cli("compare", "--baseline", b.toString(), "--candidate", c.toString(), "--threshold",
                "1%", "--json=" + jf);
        assertEquals(3, t.code());
        assertTrue(t.out().contains("2 regression(s)"), t.out());
        assertEquals(2, JsonParser.parseString(Files.readString(jf)).getAsJsonObject().getAsJsonObject("summary")
                .get("regressions").getAsInt());

        // the same run twice: nothing changed, exit 0
        HistoryFixtures.Run same = cli("compare", "--baseline", b.toString(), "--candidate", b.toString());
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("4 unchanged"), same.out());
    }

    @Test
    void energyHigherIsWorseAccuracyLowerIsWorseInPoints() throws Exception {
        List<JsonObject> base = HistoryFixtures.results(1, 0.001, r -> {
            Fixtures.withEnergy(r, 40, 0.2, 10, 12);
            Fixtures.withAccuracy(r, 72.0, 91.0);
        });
        List<JsonObject> cand = HistoryFixtures.results(1, 0.001, r -> {
            Fixtures.withEnergy(r, 40, 0.2, 10, 12);
            Fixtures.withAccuracy(r, 72.0, 91.0);
        });
        JsonObject tiny1 = Fixtures.pick(cand, "deit_tiny", 1);
        Fixtures.withEnergy(tiny1, 50, 0.2, 10, 12);            // +25 % energy: regression
        Fixtures.withAccuracy(tiny1, 71.0, 91.0);               // −1.0 point: regression
        JsonObject small1 = Fixtures.pick(cand, "deit_small", 1);
        Fixtures.withEnergy(small1, 30, 0.2, 10, 12);           // −25 %: improvement
        Fixtures.withAccuracy(small1, 71.8, 91.0);              // −0.2 point: below 0.5 points
        JsonObject tiny2 = Fixtures.pick(cand, "deit_tiny", 2);
        Fixtures.withAccuracy(tiny2, 73.0, 91.0);               // +1 point: improvement
        Fixtures.put(tiny2, "energy.invalid", 1, 0, "#");       // energy invalid: not measured, not a regression
        Path b = Fixtures.write(dir.resolve("base.json"), base);
        Path c = Fixtures.write(dir.resolve("cand.json"), cand);

        HistoryFixtures.Run r = cli("compare", "--baseline", b.toString(), "--candidate", c.toString(), "--json");
        assertEquals(3, r.code(), r.err());
        Map<String, JsonObject> rows = rows(r.out());
        assertEquals("regression", rows.get("deit_tiny b1 energy").get("verdict").getAsString());
        assertEquals("mJ/image", rows.get("deit_tiny b1 energy").get("unit").getAsString());
        assertEquals("regression", rows.get("deit_tiny b1 accuracy").get("verdict").getAsString());
        assertEquals(-1.0, rows.get("deit_tiny b1 accuracy").get("change").getAsDouble(), 1e-9);
        assertEquals("points", rows.get("deit_tiny b1 accuracy").get("changeUnit").getAsString());
        assertEquals("lower", rows.get("deit_tiny b1 accuracy").get("worseIs").getAsString());
        assertEquals("improvement", rows.get("deit_small b1 energy").get("verdict").getAsString());
        assertEquals("below-threshold", rows.get("deit_small b1 accuracy").get("verdict").getAsString());
        assertEquals("improvement", rows.get("deit_tiny b2 accuracy").get("verdict").getAsString());
        assertEquals("not-measured", rows.get("deit_tiny b2 energy").get("verdict").getAsString());
        assertEquals("candidate: energy invalid", rows.get("deit_tiny b2 energy").get("why").getAsString());
        assertEquals("unchanged", rows.get("deit_small b2 accuracy").get("verdict").getAsString());

        HistoryFixtures.Run text = cli("compare", "--baseline", b.toString(), "--candidate", c.toString());
        assertTrue(text.out().contains("-1.00 pt"), text.out());

        // only accuracy, with a 2-point threshold: nothing regresses
        HistoryFixtures.Run acc = cli("compare", "--baseline", b.toString(), "--candidate", c.toString(), "--metrics",
                "accuracy", "--accuracy-threshold", "2", "--json");
        assertEquals(0, acc.code(), acc.err());
        assertTrue(rows(acc.out()).keySet().stream().allMatch(k -> k.endsWith("accuracy")), acc.out());
    }

    @Test
    void benchmarksInOneRunOnlyAreAddedOrRemovedNotRegressions() throws Exception {
        List<JsonObject> base = HistoryFixtures.results(1, 0.001, null);
        List<JsonObject> cand = HistoryFixtures.results(1, 0.001, null);
        cand.remove(Fixtures.pick(cand, "deit_small", 2));
        Fixtures.param(Fixtures.pick(cand, "deit_tiny", 2), "threads", "4");
        Path b = Fixtures.write(dir.resolve("base.json"), base);
        Path c = Fixtures.write(dir.resolve("cand.json"), cand);
        HistoryFixtures.Run r = cli("compare", "--baseline", b.toString(), "--candidate", c.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("added (in the candidate only, not a regression): 1\n  + deit_tiny_patch16_224 · "
                + "synthetic · fp32 · cpu · batch 2 · threads=4"), r.out());
        assertTrue(r.out().contains("removed (in the baseline only, not a regression): 2"), r.out());
        assertTrue(r.out().contains("2 benchmark(s) compared, 1 added, 2 removed"), r.out());
    }

    @Test
    void selectorsFromTheDatabase() throws Exception {
        String db = dir.resolve("h.db").toString();
        Path n1 = HistoryFixtures.night(dir, "n1", "run-n1", "tx2-01", "2026-11-23T01:00:00Z",
                HistoryFixtures.results(1, 0.001, null));
        List<JsonObject> slower = HistoryFixtures.results(1, 0.001, null);
        lat(slower, "deit_tiny", 1, 1.3, 0.001);
        Path n2 = HistoryFixtures.night(dir, "n2", "run-n2", "tx2-01", "2026-11-24T01:00:00Z", slower);
        Path n2b = HistoryFixtures.night(dir, "n2b", "run-n2b", "tx2-01", "2026-11-24T02:00:00Z",
                HistoryFixtures.results(1, 0.001, r -> Fixtures.param(r, "threads", "2")));
        Path other = HistoryFixtures.night(dir, "o1", "run-o1", "rtx3050", "2026-11-24T03:00:00Z",
                HistoryFixtures.results(0.2, 0.001, null));
        assertEquals(0, cli("ingest", n1.toString(), "--tag", "2026-11-23", "--db", db).code());
        assertEquals(0, cli("ingest", n2.toString(), n2b.toString(), "--tag", "2026-11-24", "--db", db).code());
        assertEquals(0, cli("ingest", other.toString(), "--tag", "2026-11-24", "--db", db).code());

        // latest vs previous (the defaults): per device; rtx3050 has no earlier night (a note, not an error)
        HistoryFixtures.Run r = cli("compare", "--db", db);
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("baseline:  previous (1 run(s), 4 result(s) on tx2-01)"), r.out());
        assertTrue(r.out().contains("candidate: latest (3 run(s), 12 result(s) on rtx3050, tx2-01)"), r.out());
        assertTrue(r.out().matches("(?s).*tx2-01 · deit_tiny_patch16_224 · synthetic · fp32 · cpu · batch 1 · "
                + "threads=0 +latency .*\\+30\\.0% +REGRESSION.*"), r.out());
        assertTrue(r.err().contains("note: --baseline previous: no earlier run of device rtx3050"), r.err());
        assertTrue(r.out().contains("1 regression(s)"), r.out());
        assertTrue(r.out().contains("added (in the candidate only, not a regression): 8"), r.out());

        // one device
        HistoryFixtures.Run dev = cli("compare", "--db", db, "--device", "rtx3050");
        assertEquals(0, dev.code(), dev.err());
        assertTrue(dev.err().contains("nothing to compare"), dev.err());

        // tags and run ids; a file candidate that was ingested already is not its own baseline
        assertEquals(3, cli("compare", "--db", db, "--baseline", "tag:2026-11-23", "--candidate", "run-n2").code());
        HistoryFixtures.Run file = cli("compare", "--db", db, "--baseline", "previous", "--candidate", n2.toString());
        assertEquals(3, file.code(), file.out() + file.err());
        assertTrue(file.out().contains("baseline:  previous (1 run(s), 4 result(s) on tx2-01)"), file.out());
        assertEquals(0, cli("compare", "--db", db, "--baseline", "run-n2", "--candidate", "run-n2").code());

        // two devices, one each side: compared with each other, said so
        HistoryFixtures.Run cross = cli("compare", "--db", db, "--baseline", "run-n1", "--candidate", "run-o1");
        assertEquals(0, cross.code(), cross.err());
        assertTrue(cross.err().contains("note: comparing device rtx3050 (candidate) with tx2-01 (baseline)"), cross.err());
        assertTrue(cross.out().contains("4 improvement(s)"), cross.out());

        // bad selectors: one line naming the flag and value, exit 2
        assertBad(cli("compare", "--db", db, "--baseline", "no-such-run"), "--baseline no-such-run: no such run in");
        assertBad(cli("compare", "--db", db, "--baseline", "tag:1999-01-01"), "--baseline tag:1999-01-01: no run with "
                + "tag 1999-01-01");
        assertBad(cli("compare", "--db", db, "--candidate", "previous"), "--candidate previous: only a baseline");
        assertBad(cli("compare", "--db", db, "--metrics", "latency,speed"), "--metrics speed: expected latency, "
                + "energy or accuracy");
        assertBad(cli("compare", "--db", db, "--threshold", "abc"), "--threshold abc: expected a percentage");
        assertBad(cli("compare", "--db", db, "--accuracy-threshold", "-1"), "--accuracy-threshold -1");
        Path missing = dir.resolve("missing.json");
        assertBad(cli("compare", "--baseline", missing.toString(), "--candidate", n1.toString()), "--baseline "
                + missing + ": no such file");
        assertBad(cli(Map.of(), "compare", "--candidate", n1.toString()),
                "--baseline previous: needs the history database");
        assertEquals(3, cli(Map.of(DbUrl.ENV_DB, db), "compare", "--candidate", n2.toString()).code(),
                "VITWATT_DB is the default --db");
        assertBad(cli("compare", "--db", db, "--baseline"), "compare: Missing required parameter for option "
                + "'--baseline'");
        assertEquals(0, cli("compare", "--help").code());
        assertTrue(cli("compare", "--help").out().contains("--accuracy-threshold"));
    }

    @Test
    void resultsWithSeveralRunsPerSideAreMergedLikeTheReport() throws Exception {
        List<JsonObject> a = HistoryFixtures.results(1, 0.001, null);
        List<JsonObject> b = HistoryFixtures.results(1.2, 0.001, null);
        Path base = Fixtures.write(dir.resolve("base.json"), HistoryFixtures.results(1, 0.001, null));
        Path c1 = Fixtures.write(dir.resolve("c1.json"), a);
        Path c2 = Fixtures.write(dir.resolve("c2.json"), b);
        HistoryFixtures.Run r = cli("compare", "--baseline", base.toString(), "--candidate", c1.toString(),
                "--candidate", c2.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject row = rows(r.out()).get("deit_tiny b1 latency");
        JsonObject cand = row.getAsJsonObject("candidate");
        double ms = ms(Fixtures.real(), "deit_tiny", 1);
        assertEquals(ms * 1.1, cand.get("value").getAsDouble(), 1e-9, "mean of the two runs");
        assertEquals(ms * 0.999, cand.get("ciLow").getAsDouble(), 1e-9, "hull of the intervals");
        assertEquals(ms * 1.2 * 1.001, cand.get("ciHigh").getAsDouble(), 1e-9);
        assertEquals("overlap", row.get("verdict").getAsString());
        JsonArray runs = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("candidate")
                .getAsJsonArray("runs");
        assertEquals(2, runs.size(), "two files, two content-hash run ids");
        assertFalse(r.out().contains("NaN"));
    }
}
