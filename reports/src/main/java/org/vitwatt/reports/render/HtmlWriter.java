package org.vitwatt.reports.render;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vitwatt.reports.analysis.PlotData;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.ResultLoader.InputSummary;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/**
 * index.html: one self-contained page (inline CSS and JS, plots inlined as SVG, nothing fetched) with every table,
 * sortable by clicking a header, and every plot. {@code #sort=TABLE-ID:COLUMN[:desc]} in the address sorts a table
 * on load (a shareable view; the tests use it).
 */
public final class HtmlWriter {
    private HtmlWriter() {
    }

    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;
             max-width:1500px;padding:0 1.5rem 3rem;color:#1b1f24;background:#fff;line-height:1.4}
            h1{margin:1.2rem 0 .3rem}h2{margin-top:2.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
            h3{margin:1.4rem 0 .4rem;font-size:1.02rem}
            nav a{margin-right:1rem}
            .meta{color:#57606a}
            .scroll{overflow-x:auto;max-width:100%}
            table{border-collapse:collapse;font-size:.83rem;margin:.4rem 0}
            th,td{border:1px solid #d0d7de;padding:.22rem .45rem;vertical-align:top}
            th{background:#f6f8fa;position:sticky;top:0;text-align:left}
            table.sortable th{cursor:pointer;user-select:none}
            table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
            table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
            td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
            td.na{color:#9a6700;font-style:italic;font-size:.78rem}
            tbody tr:nth-child(even){background:#fafbfc}
            .formula{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.78rem;color:#24292f;
             background:#f6f8fa;border-left:3px solid #8c959f;padding:.25rem .5rem;margin:.15rem 0}
            .note{font-size:.8rem;color:#57606a;margin:.15rem 0}
            .warning{color:#9a6700}.missing{border:1px dashed #d4a72c;background:#fff8c5;padding:.8rem;margin:.6rem 0}
            figure{margin:1rem 0}figure svg{max-width:100%;height:auto;border:1px solid #eaeef2}
            figcaption{font-size:.85rem;color:#57606a}
            """;

    static final String JS = """
            (function(){
              function key(td){
                if(!td||td.classList.contains('na')||td.textContent===''){return null;}
                var v=td.getAttribute('data-v');
                if(v!==null&&v!==''){return parseFloat(v);}
                return td.textContent.toLowerCase();
              }
              function sortBy(table,col,desc){
                var tb=table.tBodies[0];if(!tb){return;}
                var rows=Array.prototype.slice.call(tb.rows);
                rows.sort(function(a,b){
                  var x=key(a.cells[col]),y=key(b.cells[col]);
                  if(x===null&&y===null){return 0;} if(x===null){return 1;} if(y===null){return -1;}
                  var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));
                  return desc?-c:c;
                });
                rows.forEach(function(r){tb.appendChild(r);});
                var ths=table.tHead.rows[0].cells;
                for(var i=0;i<ths.length;i++){ths[i].removeAttribute('aria-sort');}
                ths[col].setAttribute('aria-sort',desc?'descending':'ascending');
              }
              var tables=document.querySelectorAll('table.sortable');
              tables.forEach(function(t){
                var ths=t.tHead.rows[0].cells;
                for(var i=0;i<ths.length;i++){(function(col,th){
                  th.addEventListener('click',function(){sortBy(t,col,th.getAttribute('aria-sort')==='ascending');});
                })(i,ths[i]);}
              });
              var m=/#sort=([^:]+):(\\d+)(:desc)?/.exec(decodeURIComponent(location.hash));
              if(m){var t=document.getElementById(m[1]);if(t){sortBy(t,parseInt(m[2],10),!!m[3]);}}
              document.body.setAttribute('data-ready','1');
            })();
            """;

    /** The page; {@code svgs} maps plot ids to their inline SVG elements. */
    public static String write(Report r, Map<String, String> svgs, String generator, String generatedAt) {
        StringBuilder sb = new StringBuilder(256 * 1024);
        String title = esc(r.options().title());
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>").append(title).append("</title><style>").append(CSS).append("</style></head>\n<body>\n");
        sb.append("<h1>").append(title).append("</h1>\n<p class=\"meta\">Generated by ").append(esc(generator))
                .append(" at ").append(esc(generatedAt)).append(" from ").append(r.results())
                .append(" vitwatt result(s) in ").append(r.inputs().size()).append(" file(s): ")
                .append(r.merged().size()).append(" benchmark(s) after merging runs, ").append(r.devices().size())
                .append(" device(s). Click a column header to sort.</p>\n");
        sb.append("<nav>");
        for (String id : MarkdownWriter.ORDER) {
            sb.append("<a href=\"#").append(id).append("\">").append(esc(r.family(id).title())).append("</a>");
            if (id.equals("precision")) {
                sb.append("<a href=\"#plots\">Plots</a>");
            }
        }
        sb.append("</nav>\n");
        sb.append("<h2 id=\"inputs\">Inputs</h2>\n<div class=\"scroll\"><table class=\"sortable\" id=\"t-inputs\">")
                .append("<thead><tr><th>file</th><th>read from</th><th>journal</th><th>results</th><th>vitwatt</th>")
                .append("<th>other skipped</th><th>devices</th></tr></thead><tbody>");
        for (InputSummary in : r.inputs()) {
            sb.append("<tr><td>").append(esc(in.file().toString())).append("</td><td>").append(esc(in.source()))
                    .append("</td><td>").append(in.journal() == null ? "" : esc(in.journal().toString()))
                    .append("</td><td class=\"n\" data-v=\"").append(in.read()).append("\">").append(in.read())
                    .append("</td><td class=\"n\" data-v=\"").append(in.used()).append("\">").append(in.used())
                    .append("</td><td class=\"n\" data-v=\"").append(in.otherSkipped()).append("\">")
                    .append(in.otherSkipped()).append("</td><td>").append(esc(String.join(", ", in.devices())))
                    .append("</td></tr>");
        }
        sb.append("</tbody></table></div>\n");
        if (!r.diagnostics().isEmpty()) {
            sb.append("<h2 id=\"notes\">Notes and warnings</h2>\n<ul>");
            for (Diagnostic d : r.diagnostics()) {
                sb.append("<li class=\"").append(d.level().name().toLowerCase(Locale.ROOT)).append("\"><b>")
                        .append(d.level().name().toLowerCase(Locale.ROOT)).append("</b>: ").append(esc(d.message()))
                        .append("</li>");
            }
            sb.append("</ul>\n");
        }
        family(sb, r.family("devices"), r.options().maxRows(), r.options().maxTables());
        for (String id : MarkdownWriter.ORDER) {
            if (id.equals("results")) {
                plots(sb, r, svgs);
            }
            family(sb, r.family(id), r.options().maxRows(), r.options().maxTables());
        }
        sb.append("<script>").append(JS).append("</script>\n</body></html>\n");
        return sb.toString();
    }

    private static void plots(StringBuilder sb, Report r, Map<String, String> svgs) {
        sb.append("<h2 id=\"plots\">Plots</h2>\n");
        for (PlotData p : r.plots()) {
            if (p instanceof PlotData.Missing m) {
                sb.append("<div class=\"missing plot-missing\" id=\"plot-").append(p.id()).append("\"><b>")
                        .append(esc(m.title())).append("</b> — not drawn: ").append(esc(m.reason())).append("</div>\n");
                continue;
            }
            String svg = svgs.get(p.id());
            sb.append("<figure class=\"plot\" id=\"plot-").append(p.id()).append("\">");
            if (svg == null) {
                sb.append("<div class=\"missing\">plot not rendered</div>");
            } else {
                sb.append(svg);
            }
            sb.append("<figcaption>").append(esc(p.title())).append(" — files: <a href=\"plots/").append(p.id())
                    .append(".svg\">SVG</a>, <a href=\"plots/").append(p.id()).append(".png\">PNG</a></figcaption></figure>\n");
        }
        if (!r.omittedPlots().isEmpty()) {
            sb.append("<p class=\"note\">").append(r.omittedPlots().size()).append(" more plot(s) not drawn (--max-plots ")
                    .append(r.options().maxPlots()).append("): ").append(esc(firstFew(r.omittedPlots())))
                    .append("</p>\n");
        }
    }

    private static void family(StringBuilder sb, TableFamily f, int maxRows, int maxTables) {
        sb.append("<section id=\"").append(f.id()).append("\"><h2>").append(esc(f.title())).append("</h2>\n<p>")
                .append(esc(f.description())).append("</p>\n");
        if (f.tables().isEmpty()) {
            sb.append("<div class=\"missing\">No table: ").append(esc(f.emptyReason())).append(".</div>\n");
            formulas(sb, f);
        }
        int i = 0;
        boolean many = f.tables().size() > 1 || !f.groupColumns().isEmpty();
        for (Table t : f.tables()) {
            if (i == maxTables) {
                sb.append("<p class=\"note\">… ").append(f.tables().size() - maxTables).append(" more table(s) in ")
                        .append(f.id()).append(".csv and report.json (--max-tables ").append(maxTables).append(").</p>\n");
                break;
            }
            String id = "t-" + f.id() + "-" + (++i);
            if (many) {
                sb.append("<h3>").append(esc(t.title())).append("</h3>\n");
            }
            table(sb, id, f.columns(), t, maxRows, f.id());
            formulas(sb, f);
            for (String n : t.notes()) {
                sb.append("<p class=\"note\">").append(esc(n)).append("</p>\n");
            }
        }
        sb.append("</section>\n");
    }

    private static void formulas(StringBuilder sb, TableFamily f) {
        for (String fm : f.formulas()) {
            sb.append("<p class=\"formula\">").append(esc(fm)).append("</p>\n");
        }
    }

    private static void table(StringBuilder sb, String id, List<Column> cols, Table t, int maxRows, String family) {
        sb.append("<div class=\"scroll\"><table class=\"sortable\" id=\"").append(id).append("\"><thead><tr>");
        for (Column c : cols) {
            sb.append("<th data-key=\"").append(c.key()).append("\">").append(esc(c.header())).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        int n = 0;
        for (List<Cell> row : t.rows()) {
            if (n++ == maxRows) {
                break;
            }
            sb.append("<tr>");
            for (int i = 0; i < cols.size(); i++) {
                Cell c = row.get(i);
                String text = c.display(cols.get(i).decimals());
                if (c instanceof Cell.Na na) {
                    sb.append("<td class=\"na\" title=\"").append(esc(na.reason())).append("\">").append(esc(text));
                } else if (c instanceof Cell.Text || c instanceof Cell.Empty) {
                    sb.append("<td>").append(esc(text));
                } else {
                    double v = c.sortValue();
                    sb.append("<td class=\"n\" data-v=\"").append(Double.isFinite(v) ? Double.toString(v)
                            : v > 0 ? "1e308" : "-1e308").append("\">").append(esc(text));
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></div>\n");
        if (t.rows().size() > maxRows) {
            sb.append("<p class=\"note\">… ").append(t.rows().size() - maxRows).append(" more row(s) in ")
                    .append(family).append(".csv and report.json (--max-rows ").append(maxRows).append(").</p>\n");
        }
    }

    /** The first ten titles, "; "-separated, then "… and N more (report.json lists all)". */
    static String firstFew(List<String> titles) {
        if (titles.size() <= 10) {
            return String.join("; ", titles);
        }
        return String.join("; ", titles.subList(0, 10)) + "; … and " + (titles.size() - 10)
                + " more (report.json lists all)";
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
