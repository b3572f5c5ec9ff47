package org.vitwatt.reports.render;

import java.util.ArrayList;
import java.util.List;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/**
 * One CSV (RFC 4180, UTF-8, header row) per table family, every row of every table of it. Group columns come first;
 * a MEASURE column expands to KEY, KEY_ciLow, KEY_ciHigh, KEY_min, KEY_max, KEY_runs; an "n/a" cell is empty and its
 * reason goes to the last column, {@code na} ("key: reason; ...").
 */
public final class CsvWriter {
    private CsvWriter() {
    }

    public static String write(TableFamily f) {
        StringBuilder sb = new StringBuilder(16 * 1024);
        List<String> header = new ArrayList<>();
        for (Column c : f.groupColumns()) {
            header.add(c.key());
        }
        for (Column c : f.columns()) {
            header.add(c.key());
            if (c.type() == Column.Type.MEASURE) {
                for (String s : new String[] {"_ciLow", "_ciHigh", "_min", "_max", "_runs"}) {
                    header.add(c.key() + s);
                }
            }
        }
        header.add("na");
        line(sb, header);
        List<String> cells = new ArrayList<>();
        for (Table t : f.tables()) {
            for (List<Cell> row : t.rows()) {
                cells.clear();
                for (Column g : f.groupColumns()) {
                    cells.add(t.group().getOrDefault(g.key(), ""));
                }
                StringBuilder na = new StringBuilder();
                for (int i = 0; i < f.columns().size(); i++) {
                    Column c = f.columns().get(i);
                    Cell cell = row.get(i);
                    boolean measure = c.type() == Column.Type.MEASURE;
                    if (cell instanceof Cell.Na n) {
                        if (na.length() > 0) {
                            na.append("; ");
                        }
                        na.append(c.key()).append(": ").append(n.reason());
                    }
                    if (cell instanceof Cell.Meas m) {
                        Measure x = m.measure();
                        cells.add(num(x.value()));
                        cells.add(num(x.ciLow()));
                        cells.add(num(x.ciHigh()));
                        cells.add(num(x.min()));
                        cells.add(num(x.max()));
                        cells.add(Integer.toString(x.runs()));
                        continue;
                    }
                    cells.add(plain(cell));
                    if (measure) {
                        for (int k = 0; k < 5; k++) {
                            cells.add("");
                        }
                    }
                }
                cells.add(na.toString());
                line(sb, cells);
            }
        }
        return sb.toString();
    }

    private static String plain(Cell c) {
        if (c instanceof Cell.Text t) {
            return t.text();
        }
        if (c instanceof Cell.Int i) {
            return Long.toString(i.value());
        }
        if (c instanceof Cell.Num n) {
            return num(n.value());
        }
        return "";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Cell.Format.compact(v);
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String s = cells.get(i);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        sb.append("\r\n");
    }
}
