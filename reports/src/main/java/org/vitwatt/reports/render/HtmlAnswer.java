package org.vitwatt.reports.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.analysis.tables.RecommendationTable;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Numbers;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/**
 * The first screen of index.html: per device × dataset a card with the recommendation — criterion, configuration,
 * SAM5, energy, top-1, latency, the interval and spread of each figure in its tooltip — and beside it the place's
 * energy-vs-accuracy plot (else its precision plot), drawn once in the plots section and shown here by reference.
 */
final class HtmlAnswer {
    /** Pareto rows shown in a card; report.json and recommendation.csv have every one. */
    static final int PARETO_SHOWN = 5;

    private HtmlAnswer() {
    }

    static void write(TextOut out, Report r, Map<String, String> svgs) throws IOException {
        TableFamily f = r.family("recommendation");
        out.append("<section id=\"answer\">\n");
        if (f.tables().isEmpty()) {
            out.append("<div class=\"missing\">No recommendation: ");
            Html.text(out, f.emptyReason()).append(".</div>\n");
        }
        int i = 0;
        for (Table t : f.tables()) {
            if (i == r.options().maxTables()) {
                out.append("<p class=\"note\">… ").append(f.tables().size() - i)
                        .append(" more device × dataset recommendation(s) in recommendation.csv and report.json.</p>\n");
                break;
            }
            String id = "t-recommendation-" + (++i);
            out.append("<article class=\"answer-card\" id=\"answer-").append(i).append("\"><div class=\"answer-text\">")
                    .append("<h2>Recommendation — ");
            Html.text(out, t.title()).append("</h2>\n");
            answerTable(out, id, f, t);
            out.append("<p class=\"note\">Over every model, precision, provider and batch measured here; hover a ")
                    .append("figure for its interval and spread. <a href=\"#glossary-recommendation\">How it is chosen")
                    .append("</a>.</p>\n");
            for (String n : t.notes()) {
                out.append("<p class=\"note\">");
                Html.text(out, n).append("</p>\n");
            }
            out.append("</div>\n");
            answerPlot(out, r, svgs, t.group().get("device"), t.group().get("dataset"));
            out.append("</article>\n");
        }
        out.append("</section>\n");
    }

    /** criterion | configuration (and its note) | SAM5 | energy | top-1 | latency: the recommendation of one place. */
    private static void answerTable(TextOut out, String id, TableFamily f, Table t) throws IOException {
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int c = 0; c < f.columns().size(); c++) {
            col.put(f.columns().get(c).key(), c);
        }
        String[] figures = {"sam5", "energyPerImageMj", "top1", "latencyPerImageMs"};
        out.append("<table class=\"sortable answer\" id=\"").append(id)
                .append("\"><thead><tr><th>criterion</th><th>configuration</th>");
        for (String k : figures) {
            Column c = f.columns().get(col.get(k));
            out.append("<th>");
            Html.text(out, c.label()).append("<span class=\"u\">");
            Html.text(out, c.unit()).append("</span></th>");
        }
        out.append("</tr></thead><tbody>\n");
        int pareto = 0;
        int paretoTotal = (int) t.rows().stream()
                .filter(row -> row.get(0) instanceof Cell.Text x && x.text().equals(RecommendationTable.PARETO)).count();
        for (List<Cell> row : t.rows()) {
            String criterion = ((Cell.Text) row.get(0)).text();
            if (criterion.equals(RecommendationTable.PARETO) && ++pareto > PARETO_SHOWN) {
                if (pareto == PARETO_SHOWN + 1) {
                    out.append("<tr><td>").append(criterion).append("</td><td colspan=\"5\" class=\"note\">… ")
                            .append(paretoTotal - PARETO_SHOWN)
                            .append(" more in recommendation.csv and report.json</td></tr>\n");
                }
                continue;
            }
            out.append("<tr><td>");
            Html.text(out, criterion).append("</td>");
            Cell model = row.get(col.get("model"));
            if (model instanceof Cell.Na na) {
                out.append("<td class=\"na\" colspan=\"5\">n/a: ");
                Html.text(out, na.reason()).append("</td></tr>\n");
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (String k : List.of("model", "precision", "provider", "batch", "params")) {
                String v = row.get(col.get(k)).display(0);
                if (!v.isEmpty()) {
                    parts.add(k.equals("batch") ? "batch " + v : v);
                }
            }
            out.append("<td class=\"choice\">");
            Html.text(out, String.join(" · ", parts));
            String note = row.get(col.get("note")).display(0);
            if (!note.isEmpty()) {
                out.append("<span class=\"sub\">");
                Html.text(out, note).append("</span>");
            }
            out.append("</td>");
            for (String k : figures) {
                answerFigure(out, row.get(col.get(k)), f.columns().get(col.get(k)).decimals());
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    /** A figure of the answer: the value, its interval and spread in the tooltip. */
    private static void answerFigure(TextOut out, Cell c, int decimals) throws IOException {
        if (c instanceof Cell.Meas m) {
            out.append("<td class=\"n\" data-v=\"").compact(m.measure().value()).append("\" title=\"");
            Html.text(out, Numbers.measure(m.measure(), decimals)).append("\">")
                    .fixed(m.measure().value(), decimals).append("</td>");
        } else if (c instanceof Cell.Na na) {
            out.append("<td class=\"na\" title=\"");
            Html.text(out, na.reason()).append("\">n/a</td>");
        } else {
            out.append("<td></td>");
        }
    }

    /** The place's energy-vs-accuracy plot (else its precision plot), drawn once in Plots and shown here by reference. */
    private static void answerPlot(TextOut out, Report r, Map<String, String> svgs, String device, String dataset)
            throws IOException {
        PlotData chosen = null;
        for (PlotData p : r.plots()) {
            if (p instanceof PlotData.EnergyAccuracy ea && ea.device().equals(device) && ea.dataset().equals(dataset)
                    && svgs.containsKey(p.id())) {
                chosen = p;
                break;
            }
        }
        if (chosen == null) {
            for (PlotData p : r.plots()) {
                if (p instanceof PlotData.PrecisionBars pb && pb.device().equals(device) && pb.dataset().equals(dataset)
                        && svgs.containsKey(p.id())) {
                    chosen = p;
                    break;
                }
            }
        }
        out.append("<figure class=\"answer-plot\">");
        if (chosen == null) {
            out.append("<div class=\"missing\">No plot of this device and dataset was drawn (see <a href=\"#plots\">")
                    .append("Plots</a> for why).</div>");
        } else {
            int[] size = Plots.size(chosen);
            out.append("<svg viewBox=\"0 0 ").append(size[0]).append(' ').append(size[1])
                    .append("\" role=\"img\" aria-label=\"");
            Html.text(out, chosen.title()).append("\"><use href=\"#").append(chosen.id()).append("-svg\" width=\"")
                    .append(size[0]).append("\" height=\"").append(size[1]).append("\"/></svg><figcaption>");
            Html.text(out, chosen.title()).append(" — <a href=\"#plot-").append(chosen.id()).append("\">full size</a>")
                    .append("</figcaption>");
        }
        out.append("</figure>\n");
    }
}
