package org.vitwatt.reports.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.Fixtures.latency;
import static org.vitwatt.reports.Fixtures.param;
import static org.vitwatt.reports.Fixtures.pick;
import static org.vitwatt.reports.Fixtures.put;
import static org.vitwatt.reports.Fixtures.withAccuracy;
import static org.vitwatt.reports.Fixtures.withEnergy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.analysis.plots.ParetoFront;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.ResultLoader;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.metrics.NetScore;
import org.vitwatt.reports.metrics.Sam;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

class ReportBuilderTest {
    @TempDir
    Path dir;

    static Report build(ReportOptions o, List<String> devices, Path... files) throws Exception {
        List<Path> in = List.of(files);
        ResultLoader.Loaded l = ResultLoader.load(in, DeviceLabels.parse(devices, in), Map.of());
        return new ReportBuilder(o, new ModelNames(Catalog.standard())).build(l);
    }

    static Report build(Path... files) throws Exception {
        return build(ReportOptions.defaults(), List.of(), files);
    }

    /** Every row of a family as column key → cell, group values included as text cells. */
    static List<Map<String, Cell>> rows(TableFamily f) {
        List<Map<String, Cell>> out = new ArrayList<>();
        for (Table t : f.tables()) {
            for (List<Cell> r : t.rows()) {
                Map<String, Cell> m = new LinkedHashMap<>();
                t.group().forEach((k, v) -> m.put("group." + k, Cell.text(v)));
                for (int i = 0; i < f.columns().size(); i++) {
                    Column c = f.columns().get(i);
                    m.put(c.key(), r.get(i));
                }
                out.add(m);
            }
        }
        return out;
    }

    static Map<String, Cell> row(TableFamily f, String key, String value) {
        for (Map<String, Cell> r : rows(f)) {
            Cell c = r.get(key);
            if (c instanceof Cell.Text t && t.text().equals(value)) {
                return r;
            }
        }
        throw new AssertionError("no row with " + key + " = " + value + " in " + f.id());
    }

    static String text(Cell c) {
        return c.display(2);
    }

    static double num(Cell c) {
        return c.sortValue();
    }

    static String na(Cell c) {
        return assertInstanceOf(Cell.Na.class, c, () -> "expected n/a, was " + c).reason();
    }

    /** The real fixture, given energy and measured accuracy (deit_small better on the device). */
    List<JsonObject> measured() {
        List<JsonObject> rs = Fixtures.real();
        withAccuracy(withEnergy(pick(rs, "deit_tiny", 1), 2.0, 0.05, 0.5, 12), 72.0, 91.0);
        withAccuracy(withEnergy(pick(rs, "deit_small", 1), 1.5, 0.05, 0.4, 14), 80.0, 95.0);
        withAccuracy(withEnergy(pick(rs, "deit_tiny", 2), 1.8, 0.05, 0.5, 12), 72.0, 91.0);
        withAccuracy(withEnergy(pick(rs, "deit_small", 2), 1.4, 0.05, 0.4, 14), 80.0, 95.0);
        return rs;
    }

    @Test
    void realFixtureGivesNetScoreAndSaysWhySamIsNa() throws Exception {
        Path p = Files.writeString(dir.resolve("r.json"), Fixtures.realText());
        Report r = build(p);
        TableFamily ns = r.family("netscore");
        assertEquals(2, rows(ns).size());
        Map<String, Cell> small = row(ns, "model", "deit_small_patch16_224");
        // params and MACs from the results' model.params / model.gmacs, top-1 published
        assertEquals(22.050664, num(small.get("paramsM")), 1e-9);
        assertEquals(4.608338304, num(small.get("gmacs")), 1e-12);
        assertEquals(79.856, num(small.get("top1")), 1e-12);
        assertEquals(NetScore.of(79.856, 22.050664, 4.608338304), num(small.get("netScore")), 1e-12);
        assertEquals(56.02, num(small.get("netScore")), 0.01);
        assertEquals("DeiT-S", text(small.get("paperName")));
        Map<String, Cell> tiny = row(ns, "model", "deit_tiny_patch16_224");
        assertEquals(1, num(tiny.get("rank")), 0, "deit_tiny has the higher NetScore");

        TableFamily sam = r.family("sam");
        assertEquals(2, sam.tables().size(), "batch 1 and batch 2");
        for (Map<String, Cell> row : rows(sam)) {
            assertTrue(na(row.get("sam5")).contains("synthetic weights"), row.toString());
            assertTrue(na(row.get("sam5")).contains("energy not measured"));
            assertTrue(na(row.get("top1")).contains("synthetic weights"));
            assertInstanceOf(Cell.Meas.class, row.get("latencyMs"));
        }
        assertFalse(r.family("disagreement").emptyReason().isEmpty());
        assertTrue(r.plots().stream().anyMatch(pl -> pl instanceof PlotData.Missing m
                && m.id().equals("energy-accuracy") && m.reason().contains("energy n/a for 4")));
        assertTrue(r.plots().stream().anyMatch(pl -> pl instanceof PlotData.PrecisionBars));

        Map<String, Cell> prec = rows(r.family("precision")).get(0);
        assertEquals(1.0, num(prec.get("speedup")), 0);
        assertEquals("baseline", text(prec.get("latencyVerdict")));
        // BOPs are the benchmark's per-node figure (model.bops), never re-derived here; this fixture predates it
        assertEquals("no model.bops in the results (vitwatt's benchmark writes it)",
                na(rows(r.family("precision")).get(0).get("gbops")));
    }

    @Test
    void samIsExactAndRankedAndDisagreementShowsTheSwap() throws Exception {
        Path p = Fixtures.write(dir.resolve("m.json"), measured());
        Report r = build(p);
        TableFamily sam = r.family("sam");
        Map<String, Cell> small = row(sam, "model", "deit_small_patch16_224");
        // A = 0.80, E = 1.5 mJ = 0.0015 J → SAM5 = 0.32768 / 0.0015 = 218.4533…
        assertEquals(0.32768 / 0.0015, num(small.get("sam5")), 1e-9);
        assertEquals(0.80 / 0.0015, num(small.get("sam1")), 1e-9);
        assertEquals(0.64 / 0.0015, num(small.get("sam2")), 1e-9);
        assertEquals(Sam.of(5, 0.80, 0.0015), num(small.get("sam5")), 0);
        assertEquals(1, num(small.get("rank")), 0);
        // SAM5's interval comes from energy's: [A^5 / 1.55 mJ, A^5 / 1.45 mJ]
        Measure m = ((Cell.Meas) small.get("sam5")).measure();
        assertEquals(0.32768 / 0.00155, m.ciLow(), 1e-9);
        assertEquals(0.32768 / 0.00145, m.ciHigh(), 1e-9);
        assertEquals("higher than #2", text(small.get("vsNext")));
        Map<String, Cell> tiny = row(sam, "model", "deit_tiny_patch16_224");
        assertEquals(0.72 * 0.72 * 0.72 * 0.72 * 0.72 / 0.002, num(tiny.get("sam5")), 1e-9);
        assertEquals(2, num(tiny.get("rank")), 0);
        assertEquals(1.5, num(small.get("energyPerImageMj")), 1e-12);
        assertEquals(1.1, num(small.get("energyAboveIdleMj")), 1e-12);

        // NetScore prefers deit_tiny (65.8 dB vs 56.0), SAM5 prefers deit_small: one swapped pair per group
        TableFamily dis = r.family("disagreement");
        assertEquals(2, dis.tables().size());
        Map<String, Cell> pair = rows(dis).get(0);
        assertEquals("deit_tiny_patch16_224", text(pair.get("netScoreHigher")));
        assertEquals("deit_small_patch16_224", text(pair.get("samHigher")));
        assertEquals("1, 2", text(pair.get("netScoreRanks")));
        assertEquals("2, 1", text(pair.get("samRanks")));
        assertEquals(2, num(pair.get("rankShift")), 0);
        assertTrue(num(pair.get("sam5Ratio")) > 1);
        assertEquals("significant (CIs apart)", text(pair.get("significant")));
        assertTrue(dis.tables().get(0).notes().get(0).contains("Kendall τ = -1.00"), dis.tables().get(0).notes().toString());

        assertTrue(r.plots().stream().anyMatch(pl -> pl instanceof PlotData.EnergyAccuracy));
        assertTrue(r.plots().stream().anyMatch(pl -> pl instanceof PlotData.RankRank));
        PlotData.EnergyAccuracy ea = (PlotData.EnergyAccuracy) r.plots().stream()
                .filter(pl -> pl instanceof PlotData.EnergyAccuracy).findFirst().get();
        assertEquals(2, ea.points().size(), "one plot per device, dataset, provider and batch");
        assertEquals(2, r.plots().stream().filter(pl -> pl instanceof PlotData.EnergyAccuracy).count());
        // deit_small b1 (1.5 mJ, 80 %) dominates deit_tiny b1 (2.0 mJ, 72 %)
        assertEquals(1, ea.front().size());
        assertEquals(1.5, ea.front().get(0).x(), 1e-12);
        List<PlotData.Point> front = ParetoFront.of(List.of(new PlotData.Point("a", "s", 1, 70),
                new PlotData.Point("b", "s", 2, 80), new PlotData.Point("c", "s", 3, 75), new PlotData.Point("d", "s", 4, 90),
                new PlotData.Point("e", "s", 1.5, 69)));
        assertEquals(List.of("a", "b", "d"), front.stream().map(PlotData.Point::label).toList());

        // --accuracy measured: NetScore uses the measured top-1
        Report rm = build(new ReportOptions("t", false, ReportOptions.AccuracySource.MEASURED, false, 0, 40, 500, 100),
                List.of(), p);
        Map<String, Cell> nsSmall = row(rm.family("netscore"), "model", "deit_small_patch16_224");
        assertEquals(80.0, num(nsSmall.get("top1")), 1e-12);
        assertTrue(text(nsSmall.get("top1Source")).startsWith("measured (imagenet, fp32"));
    }

    @Test
    void missingEnergyMissingAccuracyAndInvalidEnergySayWhy() throws Exception {
        List<JsonObject> rs = Fixtures.real();
        withAccuracy(pick(rs, "deit_tiny", 1), 72.0, 91.0); // accuracy, no energy
        withEnergy(pick(rs, "deit_small", 1), 1.5, 0.05, 0.4, 14); // energy, synthetic weights
        JsonObject bad = withAccuracy(withEnergy(pick(rs, "deit_tiny", 2), 1.8, 0.05, 0.5, 12), 72, 91);
        put(bad, "energy.invalid", 1, 0, "#");
        JsonObject noTop1 = withEnergy(pick(rs, "deit_small", 2), 1.4, 0.05, 0.4, 14);
        param(noTop1, "dataset", "imagenet:/data/val");
        put(noTop1, "model.syntheticWeights", 0, 0, "bool");
        Report r = build(Fixtures.write(dir.resolve("v.json"), rs));
        List<Map<String, Cell>> sam = rows(r.family("sam"));
        Map<String, String> why = new LinkedHashMap<>();
        for (Map<String, Cell> row : sam) {
            why.put(text(row.get("model")) + "/" + text(row.get("group.batch")) + "/" + text(row.get("group.dataset")),
                    na(row.get("sam5")));
        }
        assertEquals("energy not measured", why.get("deit_tiny_patch16_224/1/imagenet"));
        assertEquals("synthetic weights, unlabelled dataset", why.get("deit_small_patch16_224/1/synthetic"));
        assertEquals("energy invalid", why.get("deit_tiny_patch16_224/2/imagenet"));
        assertEquals("accuracy not measured", why.get("deit_small_patch16_224/2/imagenet"));
        put(pick(rs, "deit_tiny", 1), "energy.estimate", 1, 0, "#");
        put(pick(rs, "deit_tiny", 1), "energy.perImage", 3.0, 0.1, "mJ/image");
        Report est = build(Fixtures.write(dir.resolve("est.json"), rs));
        Table estTable = est.family("sam").tables().stream()
                .filter(t -> t.group().get("dataset").equals("imagenet") && t.group().get("batch").equals("1"))
                .findFirst().orElseThrow();
        assertTrue(estTable.notes().stream().anyMatch(n -> n.contains("energy.estimate for deit_tiny_patch16_224")),
                estTable.notes().toString());
        Map<String, Cell> invalid = rows(r.family("results")).stream()
                .filter(x -> text(x.get("flags")).contains("energy invalid")).findFirst().orElseThrow();
        assertEquals("energy invalid", na(invalid.get("energyPerImageMj")));
    }

    @Test
    void severalDevicesGetTheirOwnTables() throws Exception {
        Path a = Fixtures.write(dir.resolve("tx2.json"), measured());
        List<JsonObject> other = measured();
        other.forEach(x -> latency(x, 5, 0.5));
        Path b = Fixtures.write(dir.resolve("rtx.json"), other);
        Report r = build(ReportOptions.defaults(), List.of("tx2.json=tx2-01", "rtx.json=rtx3050"), a, b);
        assertEquals(2, r.devices().size());
        assertEquals(4, r.family("sam").tables().size(), "2 devices × 2 batches");
        assertEquals(8, r.merged().size(), "nothing merged across devices");
        assertTrue(r.family("sam").tables().stream().anyMatch(t -> t.group().get("device").equals("rtx3050")));
        assertEquals(2, rows(r.family("devices")).size());
    }

    @Test
    void severalRunsOfTheSameBenchmarkAreMergedWithTheirSpread() throws Exception {
        List<JsonObject> one = Fixtures.real();
        List<JsonObject> two = Fixtures.real();
        latency(pick(one, "deit_small", 1), 70, 2);
        latency(pick(two, "deit_small", 1), 90, 3);
        Path a = Fixtures.write(dir.resolve("run1.json"), one);
        Path b = Fixtures.write(dir.resolve("run2.json"), two);
        Report r = build(a, b);
        assertEquals(4, r.merged().size());
        assertEquals(8, r.results());
        Merged small = r.merged().stream().filter(m -> m.key().model().equals("deit_small_patch16_224")
                && m.key().batch() == 1).findFirst().orElseThrow();
        Measure lat = small.latencyMs();
        assertEquals(2, lat.runs());
        assertEquals(80, lat.value(), 1e-9);
        assertEquals(70, lat.min(), 1e-9);
        assertEquals(90, lat.max(), 1e-9);
        assertEquals(68, lat.ciLow(), 1e-9, "hull of the runs' intervals");
        assertEquals(93, lat.ciHigh(), 1e-9);
        Map<String, Cell> row = rows(r.family("results")).stream()
                .filter(x -> text(x.get("model")).equals("deit_small_patch16_224") && num(x.get("batch")) == 1)
                .findFirst().orElseThrow();
        assertEquals(2, num(row.get("runs")), 0);
        assertTrue(row.get("latencyMs").display(1).contains("(2 runs: 70.0–90.0)"), row.get("latencyMs").display(1));
        assertTrue(text(row.get("sources")).contains("run1.json") && text(row.get("sources")).contains("run2.json"));
    }

    @Test
    void precisionTableAgainstFp32() throws Exception {
        List<JsonObject> base = Fixtures.real();
        JsonObject fp32 = withAccuracy(withEnergy(latency(pick(base, "deit_small", 1), 80, 2), 4.0, 0.1, 1, 20), 79.8, 95);
        List<JsonObject> rs = new ArrayList<>(List.of(fp32));
        String[][] variants = {{"fp16", "40", "3.0", "79.7"}, {"int8", "79", "3.9", "78.9"},
            {"mixed:encoder=fp16+others=int8", "30", "2.0", "79.1"}};
        for (String[] v : variants) {
            JsonObject x = fp32.deepCopy();
            param(x, "precision", v[0]);
            latency(x, Double.parseDouble(v[1]), 2);
            withEnergy(x, Double.parseDouble(v[2]), 0.1, 1, 20);
            put(x, "accuracy.top1", Double.parseDouble(v[3]), Double.NaN, "%");
            put(x, "accuracy.agreement", 99.0, Double.NaN, "%");
            rs.add(x);
        }
        // model.bops as the benchmark writes it for uniform precisions: GMACs × weight bits × activation bits
        put(rs.get(0), "model.bops", 4.608338304 * 32 * 32, 0, "GBOPs");
        put(rs.get(1), "model.bops", 4.608338304 * 16 * 16, 0, "GBOPs");
        put(rs.get(2), "model.bops", 4.608338304 * 8 * 8, 0, "GBOPs");
        Report r = build(Fixtures.write(dir.resolve("p.json"), rs));
        TableFamily f = r.family("precision");
        assertEquals(1, f.tables().size());
        List<Map<String, Cell>> rows = rows(f);
        assertEquals(List.of("fp32", "fp16 (MP C)", "int8", "mixed:encoder=fp16+others=int8 (MP B)"),
                rows.stream().map(x -> text(x.get("precision"))).toList());
        assertEquals(1.0, num(rows.get(0).get("speedup")), 0);
        assertEquals(1.0, num(rows.get(0).get("energySaving")), 0);
        assertEquals(2.0, num(rows.get(1).get("speedup")), 1e-12);
        assertEquals("faster", text(rows.get(1).get("latencyVerdict")));
        assertEquals(4.0 / 3.0, num(rows.get(1).get("energySaving")), 1e-12);
        assertEquals("cheaper", text(rows.get(1).get("energyVerdict")));
        assertEquals(80.0 / 79.0, num(rows.get(2).get("speedup")), 1e-12);
        assertEquals("no claim: CIs overlap", text(rows.get(2).get("latencyVerdict")));
        assertEquals(-0.9, num(rows.get(2).get("top1Change")), 1e-9);
        assertEquals(99.0, num(rows.get(1).get("agreement")), 0);
        assertEquals(1 * 1000.0 / 40, num(rows.get(1).get("throughput")), 1e-9, "batch × 1000 / ms per batch");
        assertEquals(4.608338304 * 256, num(rows.get(1).get("gbops")), 1e-9);
        assertEquals(4.608338304 * 64, num(rows.get(2).get("gbops")), 1e-9);
        assertEquals("no model.bops in the results (vitwatt's benchmark writes it)", na(rows.get(3).get("gbops")));

        // a mixed plan that carries model.bops uses it
        put(rs.get(3), "model.bops", 777.0, 0, "GBOPs");
        Report r2 = build(Fixtures.write(dir.resolve("p2.json"), rs));
        assertEquals(777.0, num(rows(r2.family("precision")).get(3).get("gbops")), 0);

        // no FP32 baseline: says so
        Report r3 = build(Fixtures.write(dir.resolve("p3.json"), rs.subList(1, 4)));
        assertTrue(na(rows(r3.family("precision")).get(0).get("speedup")).startsWith("no fp32 result"));
    }

    @Test
    void modelIdentityGoesThroughTheCatalogElseTheFileBaseName() throws Exception {
        List<JsonObject> rs = Fixtures.real();
        param(pick(rs, "deit_tiny", 1), "model", "/models/deit_tiny_patch16_224.onnx");
        param(pick(rs, "deit_small", 1), "model", "DeiT-S");
        param(pick(rs, "deit_tiny", 2), "model", "/home/me/models/my_vit.onnx");
        Report r = build(Fixtures.write(dir.resolve("ids.json"), rs));
        List<String> models = rows(r.family("netscore")).stream().map(x -> text(x.get("model"))).sorted().toList();
        assertEquals(List.of("deit_small_patch16_224", "deit_tiny_patch16_224", "my_vit"), models);
        Map<String, Cell> mine = row(r.family("netscore"), "model", "my_vit");
        assertTrue(na(mine.get("netScore")).contains("not in the catalog"), mine.toString());
        assertEquals(5.717416, num(mine.get("paramsM")), 1e-12, "from the result's model.params");

        Report all = build(new ReportOptions("t", true, ReportOptions.AccuracySource.PUBLISHED, false, 0, 40, 500, 100),
                List.of(), Fixtures.write(dir.resolve("r.json"), Fixtures.real()));
        assertEquals(Catalog.standard().entries().size(), rows(all.family("netscore")).size());
        assertEquals("catalog only", text(row(all.family("netscore"), "model", "vit_base_patch16_224").get("inResults")));
    }

    @Test
    void throughputModeIsConvertedToLatency() throws Exception {
        List<JsonObject> rs = Fixtures.real().subList(0, 1);
        JsonObject p = rs.get(0).getAsJsonObject("primaryMetric");
        rs.get(0).addProperty("mode", "thrpt");
        p.addProperty("score", 0.04); // ops/ms → 25 ms/op
        p.addProperty("scoreError", 0.01);
        p.add("scoreConfidence", JsonParser.parseString("[0.03, 0.05]"));
        p.addProperty("scoreUnit", "ops/ms");
        p.add("rawData", JsonParser.parseString("[[0.04, 0.04]]"));
        Report r = build(Fixtures.write(dir.resolve("t.json"), rs));
        Measure lat = r.merged().get(0).latencyMs();
        assertEquals(25, lat.value(), 1e-9);
        assertEquals(20, lat.ciLow(), 1e-9);
        assertEquals(1 / 0.03, lat.ciHigh(), 1e-9);
    }

    /** One result of model {@code name}: measured top-1 {@code a} %, params × MACs = {@code pm}, energy {@code e} mJ/image. */
    static JsonObject model(String name, double a, double pm, double e) {
        JsonObject r = withAccuracy(withEnergy(pick(Fixtures.real(), "deit_tiny", 1), e, 0.001, 0.1, 10), a, 95);
        param(r, "model", name);
        put(r, "model.params", pm * 1e6, 0, "#");
        put(r, "model.gmacs", 1.0, 0, "GMACs");
        return r;
    }

    @Test
    void disagreementRowsAreSortedByTheirOwnRankShift() throws Exception {
        // NetScore (same a, params × MACs 1..4): A > B > C > D; SAM5 (same a, energy): B > D > A > C
        List<JsonObject> rs = List.of(model("m_a", 80, 1, 3), model("m_b", 80, 2, 1), model("m_c", 80, 3, 4),
                model("m_d", 80, 4, 2));
        Report r = build(new ReportOptions("t", false, ReportOptions.AccuracySource.MEASURED, false, 0, 12, 500, 100),
                List.of(), Fixtures.write(dir.resolve("four.json"), rs));
        List<Map<String, Cell>> pairs = rows(r.family("disagreement"));
        List<String> got = pairs.stream().map(x -> text(x.get("netScoreHigher")) + ">" + text(x.get("samHigher")) + ":"
                + text(x.get("rankShift"))).toList();
        // shifts |SAM − NetScore|: A 2, B 1, C 1, D 2; the pair (A, D) shifts 4, (A, B) and (C, D) 3
        assertEquals(List.of("m_a>m_d:4", "m_a>m_b:3", "m_c>m_d:3"), got);
    }

    @Test
    void samSpreadIsOverEachRunsOwnSam() throws Exception {
        JsonObject r = withAccuracy(withEnergy(pick(Fixtures.real(), "deit_small", 1), 1.5, 0.05, 0.4, 14), 80, 95);
        r.addProperty("forks", 2);
        // two forks: fork 1 at 1.0 mJ and 80 % top-1, fork 2 at 2.0 mJ and 60 %
        JsonObject e = r.getAsJsonObject("secondaryMetrics").getAsJsonObject("energy.perImage");
        e.add("rawData", JsonParser.parseString("[[1.0, 1.0], [2.0, 2.0]]"));
        JsonObject a = r.getAsJsonObject("secondaryMetrics").getAsJsonObject("accuracy.top1");
        a.add("rawData", JsonParser.parseString("[[80.0], [60.0]]"));
        r.getAsJsonObject("primaryMetric").add("rawData", JsonParser.parseString("[[70, 70], [71, 71]]"));
        Report rep = build(Fixtures.write(dir.resolve("forks.json"), List.of(r)));
        Measure sam5 = ((Cell.Meas) rows(rep.family("sam")).get(0).get("sam5")).measure();
        assertEquals(2, sam5.runs());
        assertEquals(Sam.of(5, 0.6, 0.002), sam5.min(), 1e-9, "fork 2's own SAM5");
        assertEquals(Sam.of(5, 0.8, 0.001), sam5.max(), 1e-9, "fork 1's own SAM5");
        assertEquals(Sam.of(5, 0.8, 0.0015), sam5.value(), 1e-9, "the value: merged accuracy over merged energy");
    }

    @Test
    void anInvalidResultsEnergyIsNeverAveragedIn() throws Exception {
        // run 1: valid 2.0 mJ/image; run 2: written before energy.validIterations, energy.invalid 0.667 and an
        // energy that averaged its invalid windows as zeros
        JsonObject ok = withAccuracy(withEnergy(pick(Fixtures.real(), "deit_tiny", 1), 2.0, 0.05, 0.5, 12), 72, 91);
        JsonObject bad = withAccuracy(withEnergy(pick(Fixtures.real(), "deit_tiny", 1), 0.6667, 0.05, 0.2, 4), 72, 91);
        put(bad, "energy.invalid", 0.667, 0.5, "#");
        Report both = build(Fixtures.write(dir.resolve("ok.json"), List.of(ok)),
                Fixtures.write(dir.resolve("bad.json"), List.of(bad)));
        Merged m = both.merged().get(0);
        assertEquals(2, m.results().size());
        assertEquals(2.0, m.energyPerImageMj(false).value(), 0, "only the valid run's energy");
        assertEquals(12, m.meanPowerW().value(), 0, "and its power");
        assertEquals(1, m.energyDropped());
        assertTrue(text(rows(both.family("results")).get(0).get("flags")).contains("energy of 1 of 2 results invalid"));

        Report alone = build(Fixtures.write(dir.resolve("bad-only.json"), List.of(bad)));
        Map<String, Cell> row = rows(alone.family("results")).get(0);
        assertEquals("energy invalid", na(row.get("energyPerImageMj")));
        assertEquals("energy invalid", na(row.get("meanPowerW")));
        assertEquals("energy invalid", na(rows(alone.family("sam")).get(0).get("sam5")));

        // the energy profiler's contract: means over valid iterations, their count; 0 valid is no energy at all
        JsonObject partial = withAccuracy(withEnergy(pick(Fixtures.real(), "deit_tiny", 1), 2.5, 0.05, 0.5, 12), 72, 91);
        put(partial, "energy.validIterations", 2, 0, "#");
        put(partial, "energy.invalid", 1, 0, "#");
        assertEquals(2.5, build(Fixtures.write(dir.resolve("partial.json"), List.of(partial))).merged().get(0)
                .energyPerImageMj(false).value(), 0);
        JsonObject none = withAccuracy(pick(Fixtures.real(), "deit_tiny", 1), 72, 91);
        put(none, "energy.validIterations", 0, 0, "#");
        put(none, "energy.invalid", 3, 0, "#");
        assertEquals("energy invalid", build(Fixtures.write(dir.resolve("none.json"), List.of(none))).merged().get(0)
                .energyPerImageMj(false).reason());
    }

    @Test
    void agreementIsShownForEveryOtherPrecisionAndMarkedAProxyWithSyntheticWeights() throws Exception {
        List<JsonObject> rs = new ArrayList<>(Fixtures.real().subList(0, 1)); // deit_tiny, synthetic weights and data
        JsonObject int8 = rs.get(0).deepCopy();
        param(int8, "precision", "int8");
        put(int8, "accuracy.agreement", 96.5, Double.NaN, "%");
        rs.add(int8);
        Report r = build(Fixtures.write(dir.resolve("agree.json"), rs));
        List<Map<String, Cell>> prec = rows(r.family("precision"));
        assertEquals(Cell.EMPTY, prec.get(0).get("agreement"), "FP32 against itself: nothing to say");
        Cell.Meas a = assertInstanceOf(Cell.Meas.class, prec.get(1).get("agreement"));
        assertEquals(96.5, a.measure().value(), 0);
        assertEquals(Merged.PROXY, a.note());
        assertEquals("96.50 (proxy)", a.display(2));
        assertTrue(na(prec.get(1).get("top1")).contains("synthetic weights"), "top-1 stays n/a");
    }

    @Test
    void theRecommendationAnswersPerDeviceAndDataset() throws Exception {
        List<JsonObject> rs = List.of(model("m_a", 80, 1, 3), model("m_b", 80, 2, 1), model("m_c", 82, 3, 4),
                model("m_d", 60, 4, 0.5));
        latency(rs.get(1), 90, 1); // m_b: best SAM5 but slow
        latency(rs.get(3), 10, 1); // m_d: the fastest and cheapest
        Report r = build(new ReportOptions("t", false, ReportOptions.AccuracySource.MEASURED, false, 0, 12, 500, 100,
                50), List.of(), Fixtures.write(dir.resolve("rec.json"), rs));
        TableFamily f = r.family("recommendation");
        assertEquals(1, f.tables().size());
        List<String> got = rows(f).stream().map(x -> text(x.get("criterion")) + ": " + text(x.get("model"))).toList();
        // m_a (80 %, 3 mJ) is dominated by m_b (80 %, 1 mJ): not in the Pareto set
        assertEquals(List.of("best SAM5: m_b", "best SAM5 within 50 ms/image: m_d", "Pareto set: m_d", "Pareto set: m_b",
                "Pareto set: m_c", "lowest energy: m_d", "fastest: m_d"), got);
        Map<String, Cell> best = rows(f).get(0);
        assertEquals(Sam.of(5, 0.8, 0.001), num(best.get("sam5")), 1e-9);
        assertEquals("higher than #2 (CIs apart)", text(best.get("note")));

        Report synthetic = build(Files.writeString(dir.resolve("syn.json"), Fixtures.realText()));
        Map<String, Cell> none = rows(synthetic.family("recommendation")).get(0);
        assertEquals("no SAM5: synthetic weights, unlabelled dataset; energy not measured", na(none.get("model")));
    }
}
