package org.vitwatt.reports.render;

import java.io.IOException;
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
 * reason goes to the column {@code na} ("key: reason; ..."); a qualified measure's note (the agreement's "proxy") goes
 * to the last column, {@code notes} ("key: note; ...").
 */
public final class CsvWriter {
    private static final String[] MEASURE_PARTS = {"_ciLow", "_ciHigh", "_min", "_max", "_runs"};

    private CsvWriter() {
    }

    /** Writes the family's CSV. */
    public static void write(TableFamily f, TextOut text) throws IOException {
        CsvOut out = new CsvOut(text);
        List<String> header = new ArrayList<>();
        for (Column c : f.groupColumns()) {
            header.add(c.key());
        }
        for (Column c : f.columns()) {
            header.add(c.key());
            if (c.type() == Column.Type.MEASURE) {
                for (String s : MEASURE_PARTS) {
                    header.add(c.key() + s);
                }
            }
        }
        header.add("na");
        header.add("notes");
        out.line(header);
        StringBuilder na = new StringBuilder();
        StringBuilder notes = new StringBuilder();
        for (Table t : f.tables()) {
            for (List<Cell> row : t.rows()) {
                for (Column g : f.groupColumns()) {
                    out.cell(t.group().getOrDefault(g.key(), ""));
                }
                na.setLength(0);
                notes.setLength(0);
                for (int i = 0; i < f.columns().size(); i++) {
                    Column c = f.columns().get(i);
                    Cell cell = row.get(i);
                    if (cell instanceof Cell.Meas m) {
                        Measure x = m.measure();
                        out.number(x.value()).number(x.ciLow()).number(x.ciHigh()).number(x.min()).number(x.max())
                                .integer(x.runs());
                        if (!m.note().isEmpty()) {
                            list(notes, c.key(), m.note());
                        }
                        continue;
                    }
                    if (cell instanceof Cell.Na n) {
                        list(na, c.key(), n.reason());
                    }
                    plain(out, cell);
                    if (c.type() == Column.Type.MEASURE) {
                        for (int k = 0; k < MEASURE_PARTS.length; k++) {
                            out.empty();
                        }
                    }
                }
                out.cell(na.toString()).cell(notes.toString()).end();
            }
        }
    }

    private static void list(StringBuilder sb, String key, String text) {
        if (sb.length() > 0) {
            sb.append("; ");
        }
        sb.append(key).append(": ").append(text);
    }

    private static void plain(CsvOut out, Cell c) throws IOException {
        if (c instanceof Cell.Text t) {
            out.cell(t.text());
        } else if (c instanceof Cell.Int i) {
            out.integer(i.value());
        } else if (c instanceof Cell.Num n) {
            out.number(n.value());
        } else {
            out.empty();
        }
    }
}
