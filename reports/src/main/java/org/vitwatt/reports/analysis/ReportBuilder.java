package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vitwatt.reports.analysis.plots.ClockSweepPlots;
import org.vitwatt.reports.analysis.plots.EnergyAccuracyPlots;
import org.vitwatt.reports.analysis.plots.PlanPlots;
import org.vitwatt.reports.analysis.plots.PlotBudget;
import org.vitwatt.reports.analysis.plots.PrecisionPlots;
import org.vitwatt.reports.analysis.plots.RankPlots;
import org.vitwatt.reports.analysis.tables.ClockSweepTable;
import org.vitwatt.reports.analysis.tables.DevicesTable;
import org.vitwatt.reports.analysis.tables.DisagreementTable;
import org.vitwatt.reports.analysis.tables.NetScoreTable;
import org.vitwatt.reports.analysis.tables.PlanTables;
import org.vitwatt.reports.analysis.tables.PrecisionTable;
import org.vitwatt.reports.analysis.tables.RecommendationTable;
import org.vitwatt.reports.analysis.tables.ResultsTable;
import org.vitwatt.reports.analysis.tables.SamTable;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.DeviceInfo;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.ResultLoader;
import org.vitwatt.reports.input.SearchPlans;
import org.vitwatt.reports.table.TableFamily;

/**
 * Computes a {@link Report} from loaded results: merges runs ({@link Merger}), finds each model's facts and
 * NetScore ({@link ModelFacts}) and every benchmark's SAM ({@link SamScores}) once, then builds each table family and
 * plot from them and chooses the plots {@code --max-plots} allows ({@link PlotBudget}).
 */
public final class ReportBuilder {
    private final ReportOptions options;
    private final ModelNames names;

    public ReportBuilder(ReportOptions options, ModelNames names) {
        this.options = options;
        this.names = names;
    }

    /** Builds the report of loaded results. */
    public Report build(ResultLoader.Loaded loaded) {
        return build(loaded, Optional.empty());
    }

    /** Builds the report of loaded results and of the plans of {@code benchmarks.jar search}, when given. */
    public Report build(ResultLoader.Loaded loaded, Optional<SearchPlans> plans) {
        Merger.Result mr = Merger.merge(loaded.results(), names);
        List<Diagnostic> diags = new ArrayList<>(loaded.diagnostics());
        diags.addAll(mr.diagnostics());
        List<Merged> merged = mr.merged();
        Map<String, ModelFacts> facts = ModelFacts.of(merged, options, names);
        SamScores sam = new SamScores(merged, options.samAboveIdle());
        Map<String, List<Merged>> precision = Groups.precisionGroups(merged);
        List<DeviceInfo> devices = devices(loaded.results());
        String model = plans.map(p -> names.canonical(p.model())).orElse("");

        List<TableFamily> families = List.of(RecommendationTable.family(merged, sam, options),
                NetScoreTable.family(facts, options), SamTable.family(sam, options),
                DisagreementTable.family(sam, facts, options), PrecisionTable.family(precision, options),
                ClockSweepTable.family(merged, options), PlanTables.sensitivity(plans),
                PlanTables.pareto(plans, model, merged),
                ResultsTable.family(merged), DevicesTable.family(devices, loaded.results()));
        PlotBudget plots = PlotBudget.of(List.of(EnergyAccuracyPlots.of(merged, options.samAboveIdle()),
                RankPlots.of(sam, facts), PrecisionPlots.of(merged), PlanPlots.of(plans, model),
                ClockSweepPlots.of(merged, options)), options.maxPlots());
        return new Report(options, loaded.inputs(), devices, diags, loaded.results().size(), merged, families,
                plots.kept(), plots.omitted());
    }

    /** Every device label of the results, with the most detailed description any result has of it. */
    private static List<DeviceInfo> devices(List<BenchmarkResult> results) {
        Map<String, DeviceInfo> by = new TreeMap<>();
        for (BenchmarkResult r : results) {
            DeviceInfo d = r.device();
            DeviceInfo prev = by.get(d.label());
            if (prev == null || prev.details().size() < d.details().size()) {
                by.put(d.label(), d);
            }
        }
        return List.copyOf(by.values());
    }
}
