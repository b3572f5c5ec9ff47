package org.vitwatt.reports.render;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vitwatt.reports.analysis.PlotData;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.input.DeviceInfo;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.ResultLoader.InputSummary;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/**
 * report.json: the whole report in a stable schema (docs/reports.md, "report.json"). {@link #SCHEMA_VERSION} goes up
 * by one whenever a key is renamed or removed or a value changes meaning; adding keys keeps it.
 */
public final class JsonReportWriter {
    /** Version of report.json's schema. */
    public static final int SCHEMA_VERSION = 1;

    private JsonReportWriter() {
    }

    /** report.json as a string (tests; small reports). */
    public static String write(Report r, String generator, String generatedAt) {
        StringWriter out = new StringWriter(256 * 1024);
        try {
            write(r, generator, generatedAt, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Streams report.json (compact, UTF-8 when {@code out} encodes so) to {@code out}; does not close it. */
    public static void write(Report r, String generator, String generatedAt, java.io.Writer out) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.setSerializeNulls(true);
        {
            w.beginObject();
            w.name("schemaVersion").value(SCHEMA_VERSION);
            w.name("generator").value(generator);
            w.name("generatedAt").value(generatedAt);
            w.name("title").value(r.options().title());
            w.name("options").beginObject();
            w.name("catalog").value(r.options().withCatalog());
            w.name("accuracy").value(r.options().accuracy().name().toLowerCase(Locale.ROOT));
            w.name("samEnergy").value(r.options().samAboveIdle() ? "above-idle" : "total");
            w.name("threshold").value(r.options().threshold());
            w.name("maxPlots").value(r.options().maxPlots());
            w.name("maxRows").value(r.options().maxRows());
            w.name("maxTables").value(r.options().maxTables());
            w.endObject();
            w.name("counts").beginObject();
            w.name("results").value(r.results());
            w.name("benchmarks").value(r.merged().size());
            w.name("devices").value(r.devices().size());
            w.endObject();
            w.name("inputs").beginArray();
            for (InputSummary in : r.inputs()) {
                w.beginObject();
                w.name("file").value(in.file().toString());
                w.name("source").value(in.source());
                w.name("journal").value(in.journal() == null ? null : in.journal().toString());
                w.name("results").value(in.read());
                w.name("used").value(in.used());
                w.name("otherSkipped").value(in.otherSkipped());
                strings(w.name("devices"), in.devices());
                strings(w.name("runIds"), in.runIds());
                w.endObject();
            }
            w.endArray();
            w.name("devices").beginArray();
            for (DeviceInfo d : r.devices()) {
                w.beginObject();
                w.name("label").value(d.label());
                w.name("origin").value(d.origin());
                w.name("details").beginObject();
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(d.details()).entrySet()) {
                    w.name(e.getKey()).value(e.getValue());
                }
                w.endObject();
                w.endObject();
            }
            w.endArray();
            w.name("diagnostics").beginArray();
            for (Diagnostic d : r.diagnostics()) {
                w.beginObject();
                w.name("level").value(d.level().name().toLowerCase(Locale.ROOT));
                w.name("message").value(d.message());
                w.endObject();
            }
            w.endArray();
            w.name("tables").beginObject();
            for (TableFamily f : r.families()) {
                family(w, f);
            }
            w.endObject();
            w.name("plots").beginArray();
            for (PlotData p : r.plots()) {
                w.beginObject();
                w.name("id").value(p.id());
                w.name("title").value(p.title());
                w.name("kind").value(kind(p));
                if (p instanceof PlotData.Missing m) {
                    w.name("missing").value(m.reason());
                } else {
                    w.name("svg").value("plots/" + p.id() + ".svg");
                    w.name("png").value("plots/" + p.id() + ".png");
                }
                w.endObject();
            }
            w.endArray();
            strings(w.name("omittedPlots"), r.omittedPlots());
            w.endObject();
        }
        w.flush();
    }

    static String kind(PlotData p) {
        if (p instanceof PlotData.EnergyAccuracy) {
            return "energy-accuracy";
        }
        if (p instanceof PlotData.RankRank) {
            return "rank-rank";
        }
        if (p instanceof PlotData.PrecisionBars) {
            return "precision-bars";
        }
        String id = p.id();
        return id.startsWith("energy-accuracy") ? "energy-accuracy" : id.startsWith("rank-rank") ? "rank-rank"
                : "precision-bars";
    }

    private static void family(JsonWriter w, TableFamily f) throws IOException {
        w.name(f.id()).beginObject();
        w.name("title").value(f.title());
        w.name("description").value(f.description());
        strings(w.name("formulas"), f.formulas());
        columns(w.name("groupColumns"), f.groupColumns());
        columns(w.name("columns"), f.columns());
        w.name("emptyReason").value(f.emptyReason());
        w.name("tables").beginArray();
        for (Table t : f.tables()) {
            w.beginObject();
            w.name("title").value(t.title());
            w.name("group").beginObject();
            for (Map.Entry<String, String> e : t.group().entrySet()) {
                w.name(e.getKey()).value(e.getValue());
            }
            w.endObject();
            strings(w.name("notes"), t.notes());
            w.name("rows").beginArray();
            for (List<Cell> row : t.rows()) {
                w.beginObject();
                for (int i = 0; i < f.columns().size(); i++) {
                    w.name(f.columns().get(i).key());
                    cell(w, row.get(i));
                }
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        w.endObject();
    }

    private static void columns(JsonWriter w, List<Column> cols) throws IOException {
        w.beginArray();
        for (Column c : cols) {
            w.beginObject();
            w.name("key").value(c.key());
            w.name("label").value(c.label());
            w.name("unit").value(c.unit());
            w.name("type").value(c.type().name().toLowerCase(Locale.ROOT));
            w.endObject();
        }
        w.endArray();
    }

    private static void cell(JsonWriter w, Cell c) throws IOException {
        if (c instanceof Cell.Text t) {
            w.value(t.text());
        } else if (c instanceof Cell.Int i) {
            w.value(i.value());
        } else if (c instanceof Cell.Num n) {
            num(w, n.value());
        } else if (c instanceof Cell.Meas m) {
            Measure x = m.measure();
            w.beginObject();
            num(w.name("value"), x.value());
            num(w.name("ciLow"), x.ciLow());
            num(w.name("ciHigh"), x.ciHigh());
            num(w.name("error"), x.error());
            num(w.name("min"), x.min());
            num(w.name("max"), x.max());
            w.name("runs").value(x.runs());
            w.endObject();
        } else if (c instanceof Cell.Na n) {
            w.beginObject();
            w.name("na").value(n.reason());
            w.endObject();
        } else {
            w.nullValue();
        }
    }

    private static void num(JsonWriter w, double v) throws IOException {
        if (Double.isFinite(v)) {
            w.jsonValue(Cell.Format.compact(v));
        } else {
            w.nullValue();
        }
    }

    private static void strings(JsonWriter w, Iterable<String> values) throws IOException {
        w.beginArray();
        for (String s : values) {
            w.value(s);
        }
        w.endArray();
    }
}
