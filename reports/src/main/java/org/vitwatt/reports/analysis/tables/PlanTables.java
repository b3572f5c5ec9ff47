package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.input.SearchPlans;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/**
 * The plans of {@code benchmarks.jar search} ({@code plans.json}): the sensitivity of each group alone at each lower
 * precision, and the Pareto plans with their cost, their loss and, where the results ran that exact
 * {@code -p precision=} value on the same model, the latency and energy per image measured.
 */
public final class PlanTables {
    /** Why there are no tables when no plans.json was given or found. */
    public static final String NO_PLANS = "no plans.json: give --plans FILE (written by benchmarks.jar search) or "
            + "put plans.json beside the first results file";

    /** Why a plan's measured columns are empty. */
    public static final String NOT_MEASURED = "not in these results: run it with -p precision=PLAN";

    public static final String BASELINE = "baseline";
    public static final String PARETO = "Pareto";

    public static final List<Column> GROUP_COLUMNS = List.of(Column.text("model", "model"),
            Column.text("dataset", "searched on"), Column.text("file", "plans file"));

    public static final List<Column> SENSITIVITY_COLUMNS = List.of(Column.text("group", "group"),
            Column.text("groupPrecision", "precision"), Column.number("loss", "accuracy loss", "points", 2),
            Column.number("agreement", "agreement with FP32", "%", 1),
            Column.number("top1Change", "top-1 change", "points", 2),
            Column.number("gbopsChange", "BOPs change", "% vs FP32", 2),
            Column.number("fileChange", "file change", "% vs FP32", 2));

    public static final List<Column> PLAN_COLUMNS = List.of(Column.text("role", "plan"),
            Column.text("precision", "-p precision="), Column.number("gbops", "cost", "GBOPs/image", 3),
            Column.integer("fileBytes", "file bytes"), Column.number("loss", "accuracy loss", "points", 2),
            Column.number("agreement", "agreement with FP32", "%", 1), Column.number("top1", "top-1", "%", 1),
            Column.text("device", "measured on"), Column.text("provider", "provider"),
            Column.integer("batch", "batch"), Column.measure("latencyPerImageMs", "latency", "ms/image", 3),
            Column.measure("energyPerImageMj", "energy", "mJ/image", 3));

    private PlanTables() {
    }

    /** Each group alone at each lower precision, in plans.json's order; none without plans. */
    public static TableFamily sensitivity(Optional<SearchPlans> plans) {
        List<Table> tables = new ArrayList<>();
        plans.ifPresent(s -> {
            SearchPlans.Plan base = s.fp32();
            Table.Builder t = new Table.Builder("Sensitivity", group(s, s.model()));
            for (SearchPlans.GroupPlan g : s.sensitivity()) {
                SearchPlans.Plan p = g.plan();
                Cell top1 = p.top1().isPresent() && base.top1().isPresent()
                        ? Cell.num(p.top1().getAsDouble() - base.top1().getAsDouble()) : Cell.na("unlabelled images");
                t.row(List.of(Cell.text(g.group()), Cell.text(g.groupPrecision()), Cell.num(p.loss()),
                        Cell.num(p.agreement()), top1, change(p.gbops(), base.gbops()),
                        change(p.fileBytes(), base.fileBytes())));
            }
            t.note("loss: " + s.lossText());
            tables.add(t.build());
        });
        return new TableFamily("plan-sensitivity", "Plan search: sensitivity",
                "benchmarks.jar search's plans.json: each group alone at each lower precision (the rest FP32), what "
                        + "it costs in accuracy and what it saves.",
                GROUP_COLUMNS, SENSITIVITY_COLUMNS,
                List.of("accuracy loss = FP32's top-1 minus the plan's (0 when above) on labelled images, else 100 − "
                        + "agreement; top-1 change = the plan's top-1 − FP32's, points; BOPs change and file change "
                        + "= (plan / FP32 − 1) × 100"),
                tables, NO_PLANS);
    }

    /**
     * The FP32 baseline and the Pareto plans, with the latency and energy per image of every merged benchmark of
     * that model whose precision is the plan's string.
     *
     * @param model the plans' model as a canonical name
     */
    public static TableFamily pareto(Optional<SearchPlans> plans, String model, List<Merged> merged) {
        List<Table> tables = new ArrayList<>();
        plans.ifPresent(s -> {
            Table.Builder t = new Table.Builder("Pareto plans", group(s, model));
            rows(t, BASELINE, s.fp32(), model, merged);
            for (SearchPlans.Plan p : s.pareto()) {
                rows(t, PARETO, p, model, merged);
            }
            t.note("budget " + s.budget() + " points; loss: " + s.lossText());
            tables.add(t.build());
        });
        return new TableFamily("plans", "Plan search: Pareto plans",
                "benchmarks.jar search's Pareto plans (none cheaper at a lower loss), cheapest first, and what the "
                        + "results measured for each exact -p precision= value on the same model.",
                GROUP_COLUMNS, PLAN_COLUMNS,
                List.of("cost = bit-weighted operations per image (Σ MACs × weight bits × activation bits), billions; "
                        + "latency and energy per image as in All results, a row per device × provider × batch that "
                        + "ran the plan"),
                tables, NO_PLANS);
    }

    /** A plan's row per merged benchmark that ran it, or one row without measurements. */
    private static void rows(Table.Builder t, String role, SearchPlans.Plan p, String model, List<Merged> merged) {
        String precision = p.precision().strip().toLowerCase(Locale.ROOT);
        List<Cell> head = List.of(Cell.text(role), Cell.text(p.precision()), Cell.num(p.gbops()),
                Cell.integer(p.fileBytes()), Cell.num(p.loss()), Cell.num(p.agreement()),
                p.top1().isPresent() ? Cell.num(p.top1().getAsDouble()) : Cell.na("unlabelled images"));
        boolean any = false;
        for (Merged m : merged) {
            if (m.key().model().equals(model) && m.key().precision().equals(precision)) {
                List<Cell> row = new ArrayList<>(head);
                row.addAll(List.of(Cell.text(m.key().device()), Cell.text(m.key().provider()),
                        Cell.integer(m.key().batch()), Cell.meas(m.latencyPerImageMs()), m.energyPerImageMj(false).cell()));
                t.row(row);
                any = true;
            }
        }
        if (!any) {
            List<Cell> row = new ArrayList<>(head);
            row.addAll(List.of(Cell.EMPTY, Cell.EMPTY, Cell.EMPTY, Cell.na(NOT_MEASURED), Cell.na(NOT_MEASURED)));
            t.row(row);
        }
    }

    private static Map<String, String> group(SearchPlans s, String model) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("model", model);
        g.put("dataset", s.dataset());
        g.put("file", s.file());
        return g;
    }

    /** (v / base − 1) × 100, or n/a when the base is not above 0. */
    private static Cell change(double v, double base) {
        return base > 0 ? Cell.num((v / base - 1) * 100) : Cell.na("FP32 cost is 0");
    }
}
