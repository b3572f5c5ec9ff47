package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.vitwatt.reports.analysis.ModelFacts;
import org.vitwatt.reports.analysis.ReportOptions.AccuracySource;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.metrics.NetScore;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/** Stage 1: every model ranked by NetScore, with the params, MACs and top-1 it used and where they came from. */
public final class NetScoreTable {
    public static final List<Column> COLUMNS = List.of(Column.integer("rank", "rank"), Column.text("model", "model"),
            Column.text("paperName", "paper name"), Column.number("paramsM", "params", "M", 2),
            Column.number("gmacs", "MACs", "G", 2), Column.number("top1", "top-1", "%", 2),
            Column.text("top1Source", "top-1 from"), Column.text("figuresSource", "params · MACs from"),
            Column.number("netScore", "NetScore", "dB", 2), Column.text("inResults", "in results"));

    private NetScoreTable() {
    }

    public static TableFamily family(Map<String, ModelFacts> facts, ReportOptions options) {
        List<ModelFacts> rows = new ArrayList<>(facts.values());
        rows.sort(Comparator.comparing((ModelFacts f) -> !f.netScore().ok())
                .thenComparing(f -> -f.netScore().value(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ModelFacts::model));
        Table.Builder t = new Table.Builder("Stage 1 — NetScore (device-agnostic screening)", Map.of());
        int rank = 0;
        for (ModelFacts f : rows) {
            t.row(List.of(f.netScore().ok() ? Cell.integer(++rank) : Cell.EMPTY, Cell.text(f.model()),
                    Cell.text(f.paperName()), f.paramsM().numCell(), f.gmacs().numCell(), f.top1().numCell(),
                    Cell.text(f.top1From()), Cell.text(f.figuresFrom()), f.netScore().numCell(),
                    Cell.text(f.inResults() ? "yes" : "catalog only")));
        }
        if (options.accuracy() == AccuracySource.PUBLISHED) {
            t.note("a = the catalog's published ImageNet-1K top-1 (timm); --accuracy measured uses measured top-1 "
                    + "where the results have one.");
        } else {
            t.note("a = measured top-1 where the results have one (ImageNet and FP32 preferred), else published.");
        }
        return new TableFamily("netscore", "Stage 1 — NetScore",
                "Every model in the results" + (options.withCatalog() ? " and the catalog" : "")
                        + ", ranked by NetScore (higher is better).",
                List.of(), COLUMNS, List.of(NetScore.FORMULA), List.of(t.build()), rows.isEmpty() ? "no models" : "");
    }
}
