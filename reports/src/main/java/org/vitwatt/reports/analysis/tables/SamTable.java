package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.analysis.SamGroup;
import org.vitwatt.reports.analysis.SamScores;
import org.vitwatt.reports.analysis.Val;
import org.vitwatt.reports.analysis.Verdicts;
import org.vitwatt.reports.metrics.Sam;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;
import org.vitwatt.results.Metrics;

/** Stage 2: one table per SAM group, its models ranked by SAM5 with accuracy, latency, energy and power. */
public final class SamTable {
    /** The columns that identify a SAM table within its family. */
    public static final List<Column> GROUP_COLUMNS = List.of(Column.text("device", "device"),
            Column.text("dataset", "dataset"), Column.text("precision", "precision"), Column.text("provider", "provider"),
            Column.integer("batch", "batch"), Column.text("params", "other params"));

    public static final List<Column> COLUMNS = List.of(Column.integer("rank", "rank"), Column.text("model", "model"),
            Column.measure("top1", "top-1", "%", 2), Column.measure("latencyMs", "latency", "ms/batch", 3),
            Column.measure("latencyPerImageMs", "latency", "ms/image", 3),
            Column.measure("energyPerImageMj", "energy", "mJ/image", 3),
            Column.measure("energyAboveIdleMj", "energy above idle", "mJ/image", 3),
            Column.measure("meanPowerW", "mean power", "W", 2), Column.measure("sam1", "SAM1", "1/J", 4),
            Column.measure("sam2", "SAM2", "1/J", 4), Column.measure("sam5", "SAM5", "1/J", 4),
            Column.text("vsNext", "SAM5 vs next rank"));

    private SamTable() {
    }

    public static TableFamily family(SamScores sam, ReportOptions options) {
        List<Table> tables = new ArrayList<>();
        for (SamGroup g : sam.groups()) {
            Table.Builder t = new Table.Builder(g.title(), g.group());
            List<Merged> ms = g.ranked();
            int rank = 0;
            Set<String> shortWindow = new LinkedHashSet<>();
            Set<String> estimated = new LinkedHashSet<>();
            for (int i = 0; i < ms.size(); i++) {
                Merged m = ms.get(i);
                Val v5 = sam.of(m, 5);
                String vsNext = "";
                if (v5.ok()) {
                    rank++;
                    if (i + 1 < ms.size() && sam.of(ms.get(i + 1), 5).ok()) {
                        vsNext = Verdicts.text(v5.measure().compareTo(sam.of(ms.get(i + 1), 5).measure(),
                                options.threshold()), "higher than #" + (rank + 1), "lower than #" + (rank + 1));
                    }
                }
                if (m.shortWindow()) {
                    shortWindow.add(m.key().modelLabel());
                }
                if (m.energyEstimate()) {
                    estimated.add(m.key().modelLabel());
                }
                t.row(List.of(v5.ok() ? Cell.integer(rank) : Cell.EMPTY, Cell.text(m.key().modelLabel()),
                        m.accuracy(Metrics.ACCURACY_TOP1.label()).cell(), Cell.meas(m.latencyMs()),
                        Cell.meas(m.latencyPerImageMs()), m.energyPerImageMj(false).cell(),
                        m.energyPerImageMj(true).cell(), m.meanPowerW().cell(), sam.of(m, 1).cell(),
                        sam.of(m, 2).cell(), v5.cell(), vsNext.isEmpty() ? Cell.EMPTY : Cell.text(vsNext)));
            }
            if (!shortWindow.isEmpty()) {
                t.note("⚠ energy.warning.shortWindow for " + String.join(", ", shortWindow)
                        + ": an iteration was shorter than ~10 sensor updates, so its energy is less certain.");
            }
            if (!estimated.isEmpty()) {
                t.note("⚠ energy.estimate for " + String.join(", ", estimated) + ": the energy includes the CPU "
                        + "estimate (OSHI load × TDP), not a measurement; their SAM is indicative only.");
            }
            tables.add(t.build());
        }
        String energyBasis = options.samAboveIdle() ? "E = energy per image above idle (energy.perImage.aboveIdle)"
                : "E = total energy per image (energy.perImage), no idle subtraction, as the paper's measurements";
        return new TableFamily("sam", "Stage 2 — SAM per device × dataset × precision × provider × batch",
                "Measured accuracy, latency, energy and power, ranked by SAM5 (higher is better). One table per device, "
                        + "dataset, precision, provider, batch and other parameters: only like is ranked with like.",
                GROUP_COLUMNS, COLUMNS,
                List.of(Sam.FORMULA, energyBasis + "; energy columns in mJ/image (SAM uses J = mJ / 1000)",
                        "SAM's 99.9 % interval is [A^α / E_high, A^α / E_low] from energy's; its (n runs: min–max) is "
                                + "over each run's own SAM (each fork of each result, with its own accuracy and energy)",
                        Merged.NA_LEGEND,
                        "latency: JMH mean per operation (one batch) in ms; per image = per batch / batch",
                        "\"higher/lower than #k\" only where the 99.9 % intervals do not overlap"
                                + Verdicts.thresholdClause(options.threshold())),
                tables, tables.isEmpty() ? "no results" : "");
    }
}
