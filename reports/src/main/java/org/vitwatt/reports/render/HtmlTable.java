package org.vitwatt.reports.render;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Numbers;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/**
 * One sortable table of index.html. Only a family's key columns show at first, so that the table fits a laptop
 * screen; a button shows the others. A measure shows its value and interval on one line and its spread across runs on
 * a second, smaller one, so that a row never wraps; an n/a cell says "n/a" with its reason in small type.
 */
final class HtmlTable {
    /** The columns of each family shown before "all columns" is pressed; a family not listed shows every column. */
    static final Map<String, Set<String>> KEY_COLUMNS = Map.of(
            "sam", Set.of("rank", "model", "top1", "latencyPerImageMs", "energyPerImageMj", "sam1", "sam2", "sam5"),
            "disagreement", Set.of("netScoreHigher", "samHigher", "netScoreRanks", "samRanks", "sam5Ratio", "rankShift",
                    "significant"),
            "precision", Set.of("precision", "latencyPerImageMs", "throughput", "energyPerImageMj", "top1", "agreement",
                    "speedup", "energySaving"),
            "results", Set.of("device", "model", "dataset", "precision", "provider", "batch", "latencyPerImageMs",
                    "energyPerImageMj", "top1", "flags"),
            "devices", Set.of("device", "origin", "host", "cpu", "gpu", "powerMode"));

    private HtmlTable() {
    }

    /** Writes table {@code t} of family {@code f} with the element id {@code id}, at most {@code maxRows} rows. */
    static void write(TextOut out, String id, TableFamily f, Table t, int maxRows) throws IOException {
        Set<String> keys = KEY_COLUMNS.get(f.id());
        List<Column> cols = f.columns();
        boolean folding = keys != null && keys.size() < cols.size();
        if (folding) {
            out.append("<button class=\"cols\" type=\"button\" data-table=\"").append(id)
                    .append("\" data-more=\"all ").append(cols.size()).append(" columns\" data-fewer=\"key columns only\">")
                    .append("all ").append(cols.size()).append(" columns</button>\n");
        }
        out.append("<div class=\"scroll\"><table class=\"sortable").append(folding ? " keys" : "").append("\" id=\"")
                .append(id).append("\"><thead><tr>");
        boolean[] extra = new boolean[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            Column c = cols.get(i);
            extra[i] = folding && !keys.contains(c.key());
            out.append("<th data-key=\"").append(c.key()).append('"').append(extra[i] ? " class=\"x\">" : ">");
            Html.text(out, c.label());
            if (!c.unit().isEmpty()) {
                out.append("<span class=\"u\">");
                Html.text(out, c.unit()).append("</span>");
            }
            out.append("</th>");
        }
        out.append("</tr></thead><tbody>\n");
        int n = 0;
        for (List<Cell> row : t.rows()) {
            if (n++ == maxRows) {
                break;
            }
            out.append("<tr>");
            for (int i = 0; i < cols.size(); i++) {
                cell(out, row.get(i), cols.get(i).decimals(), extra[i]);
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table></div>\n");
        if (t.rows().size() > maxRows) {
            out.append("<p class=\"note\">… ").append(t.rows().size() - maxRows).append(" more row(s) in ")
                    .append(f.id()).append(".csv and report.json (--max-rows ").append(maxRows).append(").</p>\n");
        }
    }

    /** One {@code <td>}. */
    static void cell(TextOut out, Cell c, int decimals, boolean extra) throws IOException {
        String x = extra ? " x" : "";
        if (c instanceof Cell.Na na) {
            out.append("<td class=\"na").append(x).append("\" title=\"");
            Html.text(out, na.reason()).append("\">n/a: ");
            Html.text(out, na.reason()).append("</td>");
        } else if (c instanceof Cell.Text text) {
            out.append(extra ? "<td class=\"x\">" : "<td>");
            Html.text(out, text.text()).append("</td>");
        } else if (c instanceof Cell.Empty) {
            out.append(extra ? "<td class=\"x\"></td>" : "<td></td>");
        } else if (c instanceof Cell.Meas m) {
            Measure v = m.measure();
            out.append("<td class=\"n").append(x).append("\" data-v=\"");
            sortValue(out, v.value()).append("\">");
            Html.text(out, Numbers.interval(v, decimals));
            if (!m.note().isEmpty()) {
                out.append(" <span class=\"proxy\">(");
                Html.text(out, m.note()).append(")</span>");
            }
            String spread = Numbers.spread(v, decimals);
            if (!spread.isEmpty()) {
                out.append("<span class=\"sp\">").append(spread).append("</span>");
            }
            out.append("</td>");
        } else {
            out.append("<td class=\"n").append(x).append("\" data-v=\"");
            sortValue(out, c.sortValue()).append("\">");
            Html.text(out, c.display(decimals)).append("</td>");
        }
    }

    private static TextOut sortValue(TextOut out, double v) throws IOException {
        if (Double.isFinite(v)) {
            return out.compact(v);
        }
        return out.append(v > 0 ? "1e308" : "-1e308");
    }
}
