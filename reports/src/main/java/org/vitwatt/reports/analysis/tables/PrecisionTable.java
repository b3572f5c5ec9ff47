package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitwatt.reports.analysis.Groups;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.analysis.Val;
import org.vitwatt.reports.analysis.Verdicts;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;
import org.vitwatt.results.Bops;
import org.vitwatt.results.Metrics;

/**
 * The precision study: per model on one device, dataset, provider, batch and set of other params, one row per
 * precision or mixed plan against its FP32 row (= 1.00): latency, throughput, memory, energy, accuracy, agreement
 * with FP32, speedup, energy saving, BOPs.
 */
public final class PrecisionTable {
    public static final List<Column> GROUP_COLUMNS = List.of(Column.text("model", "model"),
            Column.text("device", "device"), Column.text("dataset", "dataset"), Column.text("provider", "provider"),
            Column.integer("batch", "batch"), Column.text("params", "other params"));

    public static final List<Column> COLUMNS = List.of(Column.text("precision", "precision / plan"),
            Column.measure("latencyMs", "latency", "ms/batch", 3),
            Column.measure("latencyPerImageMs", "latency", "ms/image", 3),
            Column.measure("throughput", "throughput", "images/s", 1), Column.number("fileMiB", "model file", "MiB", 1),
            Column.measure("peakRssMiB", "peak RSS", "MiB", 0), Column.measure("energyPerImageMj", "energy", "mJ/image", 3),
            Column.measure("top1", "top-1", "%", 2), Column.number("top1Change", "Δ top-1 vs FP32", "points", 2),
            Column.measure("agreement", "agreement with FP32", "%", 2), Column.number("speedup", "speedup", "×", 2),
            Column.text("latencyVerdict", "latency vs FP32"), Column.number("energySaving", "energy saving", "×", 2),
            Column.text("energyVerdict", "energy vs FP32"), Column.number("gbops", "BOPs", "G", 1));

    private static final String NO_BASE = "no fp32 result for this model, device, dataset, provider and batch";

    private PrecisionTable() {
    }

    /** @param groups the precision groups ({@link Groups}), each ordered fp32 first */
    public static TableFamily family(Map<String, List<Merged>> groups, ReportOptions options) {
        List<Table> tables = new ArrayList<>();
        for (List<Merged> ms : groups.values()) {
            Map<String, String> g = Groups.precision(ms.get(0).key());
            Table.Builder t = new Table.Builder(Groups.title(g), g);
            Merged base = null;
            for (Merged m : ms) {
                if (m.key().precision().equals("fp32")) {
                    base = m;
                }
            }
            for (Merged m : ms) {
                t.row(row(m, base, options));
            }
            tables.add(t.build());
        }
        return new TableFamily("precision", "Precision study — per model",
                "Each precision or mixed plan of a model on one device, dataset, provider and batch, against its FP32 "
                        + "row (= 1.00).",
                GROUP_COLUMNS, COLUMNS,
                List.of("speedup = latency(FP32) / latency(precision); energy saving = energy per image(FP32) / energy "
                        + "per image(precision); same model, device, dataset, provider, batch; FP32 row = 1.00",
                        "throughput = batch × 1000 / latency (ms/batch), images/s; Δ top-1 = top-1(precision) − "
                                + "top-1(FP32) in points; agreement = top-1 agreement with FP32's predictions on the same "
                                + "images, %; it needs no labels, so it is shown for synthetic data too, marked (proxy) "
                                + "when the weights are synthetic: then it is the only accuracy signal the run has",
                        "faster/slower, cheaper/costlier only where the 99.9 % intervals do not overlap"
                                + Verdicts.thresholdClause(options.threshold()),
                        "memory: model file MiB (model.fileMiB), peak resident set of the benchmark JVM MiB "
                                + "(memory.peakRss)",
                        Bops.FORMULA, PaperPlans.LEGEND, Merged.NA_LEGEND),
                tables, tables.isEmpty() ? "no results" : "");
    }

    private static List<Cell> row(Merged m, Merged base, ReportOptions options) {
        Cell speedup;
        Cell latV;
        Cell saving;
        Cell enV;
        Cell top1Change;
        Val top1 = m.accuracy(Metrics.ACCURACY_TOP1.label());
        Val e = m.energyPerImageMj(false);
        if (base == null) {
            speedup = Cell.na(NO_BASE);
            latV = Cell.EMPTY;
            saving = Cell.na(NO_BASE);
            enV = Cell.EMPTY;
            top1Change = Cell.na(NO_BASE);
        } else if (m == base) {
            speedup = Cell.num(1.0);
            latV = Cell.text("baseline");
            saving = e.ok() ? Cell.num(1.0) : Cell.na(e.reason());
            enV = e.ok() ? Cell.text("baseline") : Cell.EMPTY;
            top1Change = top1.ok() ? Cell.num(0.0) : Cell.na(top1.reason());
        } else {
            speedup = Cell.num(base.latencyMs().value() / m.latencyMs().value());
            latV = Cell.text(Verdicts.text(m.latencyMs().compareTo(base.latencyMs(), options.threshold()), "slower",
                    "faster"));
            Val be = base.energyPerImageMj(false);
            if (e.ok() && be.ok()) {
                saving = Cell.num(be.value() / e.value());
                enV = Cell.text(Verdicts.text(e.measure().compareTo(be.measure(), options.threshold()), "costlier",
                        "cheaper"));
            } else {
                saving = Cell.na(!e.ok() ? e.reason() : "fp32: " + be.reason());
                enV = Cell.EMPTY;
            }
            Val bt = base.accuracy(Metrics.ACCURACY_TOP1.label());
            top1Change = top1.ok() && bt.ok() ? Cell.num(top1.value() - bt.value())
                    : Cell.na(!top1.ok() ? top1.reason() : "fp32: " + bt.reason());
        }
        Cell agreement = m.key().precision().equals("fp32") ? Cell.EMPTY : m.agreement().cell();
        return List.of(Cell.text(PaperPlans.label(m.key().precision())), Cell.meas(m.latencyMs()), Cell.meas(m.latencyPerImageMs()),
                Cell.meas(m.throughput()), metricNum(m, Metrics.MODEL_FILE_MIB.label()),
                metricMeas(m, Metrics.MEMORY_PEAK_RSS.label()), e.cell(), top1.cell(), top1Change, agreement, speedup,
                latV, saving, enV, bops(m));
    }

    /** BOPs as the benchmark computed them per node ({@link Bops}); reports never re-derive them. */
    private static Cell bops(Merged m) {
        return m.metric(Metrics.MODEL_BOPS.label()).map(b -> Cell.num(b.value()))
                .orElse(Cell.na("no " + Metrics.MODEL_BOPS.label() + " in the results (vitwatt's benchmark writes it)"));
    }

    private static Cell metricNum(Merged m, String label) {
        return m.metric(label).map(x -> Cell.num(x.value())).orElse(Cell.na("no " + label + " in the results"));
    }

    private static Cell metricMeas(Merged m, String label) {
        return m.metric(label).map(Cell::meas).orElse(Cell.na("no " + label + " in the results"));
    }
}
