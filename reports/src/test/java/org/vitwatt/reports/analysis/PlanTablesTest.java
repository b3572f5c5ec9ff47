package org.vitwatt.reports.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.analysis.ReportBuilderTest.na;
import static org.vitwatt.reports.analysis.ReportBuilderTest.num;
import static org.vitwatt.reports.analysis.ReportBuilderTest.rows;
import static org.vitwatt.reports.analysis.ReportBuilderTest.text;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.analysis.plots.PlanPlots;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.analysis.tables.PlanTables;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.PlansReader;
import org.vitwatt.reports.input.ResultLoader;
import org.vitwatt.reports.table.Cell;

/**
 * The plans.json of a search of deit_tiny on labelled ImageNet (groups at fp16 and int8, three Pareto plans): the
 * sensitivity and Pareto-plans tables cell by cell, and a plan's latency and energy once the results ran it.
 */
class PlanTablesTest {
    static final String PLAN = "mixed:blocks[0-11]=int8+head=int8";

    @TempDir
    Path dir;

    static Path plansFixture() throws Exception {
        return Path.of(PlanTablesTest.class.getResource("/fixtures/plans-deit-tiny.json").toURI());
    }

    private static Report build(Path results) throws Exception {
        List<Path> in = List.of(results);
        ResultLoader.Loaded l = ResultLoader.load(in, DeviceLabels.parse(List.of(), in), Map.of());
        return new ReportBuilder(ReportOptions.defaults(), new ModelNames(Catalog.standard())).build(l,
                Optional.of(PlansReader.read(plansFixture())));
    }

    @Test
    void sensitivityRowsGiveEachGroupsLossAndCostChangeAsPlansJsonHasThem() throws Exception {
        Report r = build(Fixtures.write(dir.resolve("results.json"), Fixtures.real()));
        List<Map<String, Cell>> rows = rows(r.family("plan-sensitivity"));
        assertEquals(28, rows.size());
        Map<String, Cell> b0 = rows.get(3);
        assertEquals(List.of("deit_tiny_patch16_224", "imagenet:/data/imagenet/val", "blocks[0]", "int8", "0.20",
                "99.00", "-0.20", "-7.84", "-5.82"), List.of(text(b0.get("group.model")), text(b0.get("group.dataset")),
                text(b0.get("group")), text(b0.get("groupPrecision")), text(b0.get("loss")), text(b0.get("agreement")),
                text(b0.get("top1Change")), text(b0.get("gbopsChange")), text(b0.get("fileChange"))));
        Map<String, Cell> head = rows.get(27);
        assertEquals(List.of("head", "int8", "0.00", "99.50", "0.10", "-0.02", "-2.52"), List.of(text(head.get("group")),
                text(head.get("groupPrecision")), text(head.get("loss")), text(head.get("agreement")),
                text(head.get("top1Change")), text(head.get("gbopsChange")), text(head.get("fileChange"))));
        assertEquals(List.of("loss: top-1 points below FP32"), r.family("plan-sensitivity").tables().get(0).notes());
    }

    @Test
    void paretoRowsGiveEachPlanItsCostAndLossAndSayWhenTheResultsDidNotRunIt() throws Exception {
        Report r = build(Fixtures.write(dir.resolve("results.json"), Fixtures.real()));
        List<Map<String, Cell>> rows = rows(r.family("plans"));
        assertEquals(List.of("baseline", "baseline", "Pareto", "Pareto", "Pareto"),
                rows.stream().map(x -> text(x.get("role"))).toList());
        assertEquals(List.of("fp32", "fp32", "mixed:patch_embed=int8+blocks[0-11]=int8+head=int8", PLAN,
                "mixed:blocks[0-11]=fp16"), rows.stream().map(x -> text(x.get("precision"))).toList());
        Map<String, Cell> p = rows.get(3);
        assertEquals(List.of("75.80", "6327808", "0.60", "96.10", "74.40"), List.of(text(p.get("gbops")),
                text(p.get("fileBytes")), text(p.get("loss")), text(p.get("agreement")), text(p.get("top1"))));
        assertEquals(PlanTables.NOT_MEASURED, na(p.get("latencyPerImageMs")));
        assertEquals(PlanTables.NOT_MEASURED, na(p.get("energyPerImageMj")));
        assertEquals(List.of("1", "2"), rows.subList(0, 2).stream().map(x -> text(x.get("batch"))).toList());
    }

    @Test
    void aResultOfThePlansExactPrecisionFillsItsMeasuredColumns() throws Exception {
        List<JsonObject> rs = new ArrayList<>(Fixtures.real());
        JsonObject plan = Fixtures.pick(Fixtures.real(), "deit_tiny", 1);
        Fixtures.param(plan, "precision", PLAN);
        Fixtures.latency(plan, 4.0, 0.01);
        Fixtures.withEnergy(plan, 9.0, 0.01, 1, 5);
        rs.add(plan);
        Report r = build(Fixtures.write(dir.resolve("results.json"), rs));
        List<Map<String, Cell>> rows = rows(r.family("plans"));
        Map<String, Cell> p = rows.get(3);
        assertEquals(PLAN, text(p.get("precision")));
        assertEquals(List.of("unknown device", "cpu", "1"), List.of(text(p.get("device")), text(p.get("provider")),
                text(p.get("batch"))));
        assertEquals(4.0, num(p.get("latencyPerImageMs")), 1e-9);
        assertEquals(9.0, num(p.get("energyPerImageMj")), 1e-9);
        assertEquals(PlanTables.NOT_MEASURED, na(rows.get(4).get("latencyPerImageMs")));
    }

    @Test
    void thePlotPutsEveryPlanAtItsCostAndLossWithTheParetoPlansAsTheFront() throws Exception {
        Report r = build(Fixtures.write(dir.resolve("results.json"), Fixtures.real()));
        PlotData.PlanCost p = r.plots().stream().filter(PlotData.PlanCost.class::isInstance)
                .map(PlotData.PlanCost.class::cast).findFirst().orElseThrow();
        assertEquals("Plan search: cost vs accuracy loss — deit_tiny_patch16_224 on imagenet:/data/imagenet/val",
                p.title());
        assertEquals(32, p.points().size());
        assertEquals(List.of(new PlotData.Point("patch_embed=int8+blocks[0-11]=int8+head=int8", PlanPlots.PARETO, 46.2,
                0.9), new PlotData.Point("blocks[0-11]=int8+head=int8", PlanPlots.PARETO, 75.8, 0.6),
                new PlotData.Point("blocks[0-11]=fp16", PlanPlots.PARETO, 388.0, 0.0)), p.front());
        assertEquals(new PlotData.Point("fp32", PlanPlots.FP32, 1288.0, 0.0), p.points().get(0));
        assertEquals(new PlotData.Point("", PlanPlots.ALONE, 1187.0, 0.2), p.points().get(4));
    }

    @Test
    void withoutPlansBothTablesSayHowToGetThem() throws Exception {
        Report r = ReportBuilderTest.build(Fixtures.write(dir.resolve("results.json"), Fixtures.real()));
        assertEquals(0, r.family("plans").tables().size());
        assertEquals(PlanTables.NO_PLANS, r.family("plan-sensitivity").emptyReason());
        assertTrue(r.plots().stream().noneMatch(PlotData.PlanCost.class::isInstance));
    }
}
