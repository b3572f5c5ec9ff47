package org.vitwatt.reports.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.analysis.plots.PlotData;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        try (TextOut out = new TextOut(bytes)) {
            write(r, generator, generatedAt, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Streams report.json (compact, one line) to {@code out}. */
    public static void write(Report r, String generator, String generatedAt, TextOut out) throws IOException {
        JsonOut w = new JsonOut(out);
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
            w.name("threshold").number(r.options().threshold());
            w.name("maxPlots").value(r.options().maxPlots());
            w.name("maxRows").value(r.options().maxRows());
            w.name("maxTables").value(r.options().maxTables());
            w.name("latencyTargetMs").number(r.options().latencyTargetMs());
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
                w.name("devices").strings(in.devices());
                w.name("runIds").strings(in.runIds());
                w.endObject();
            }
            w.endArray();
            w.name("devices").beginArray();
            for (DeviceInfo d : r.devices()) {
                w.beginObject();
                w.name("label").value(d.label());
                w.name("origin").value(d.origin());
                w.name("details").beginObject();
                for (Map.Entry<String, String> e : new TreeMap<>(d.details()).entrySet()) {
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
            w.name("omittedPlots").strings(r.omittedPlots());
            w.endObject();
        }
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
        if (p instanceof PlotData.PlanCost) {
            return "plan-cost";
        }
        if (p instanceof PlotData.ClockSweep) {
            return "clock-sweep";
        }
        String id = p.id();
        return id.startsWith("energy-accuracy") ? "energy-accuracy" : id.startsWith("rank-rank") ? "rank-rank"
                : id.startsWith("clock-sweep") ? "clock-sweep" : "precision-bars";
    }

    private static void family(JsonOut w, TableFamily f) throws IOException {
        w.name(f.id()).beginObject();
        w.name("title").value(f.title());
        w.name("description").value(f.description());
        w.name("formulas").strings(f.formulas());
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
            w.name("notes").strings(t.notes());
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

    private static void columns(JsonOut w, List<Column> cols) throws IOException {
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

    private static void cell(JsonOut w, Cell c) throws IOException {
        if (c instanceof Cell.Text t) {
            w.value(t.text());
        } else if (c instanceof Cell.Int i) {
            w.value(i.value());
        } else if (c instanceof Cell.Num n) {
            w.number(n.value());
        } else if (c instanceof Cell.Meas m) {
            Measure x = m.measure();
            w.beginObject();
            w.name("value").number(x.value());
            w.name("ciLow").number(x.ciLow());
            w.name("ciHigh").number(x.ciHigh());
            w.name("error").number(x.error());
            w.name("min").number(x.min());
            w.name("max").number(x.max());
            w.name("runs").value(x.runs());
            if (!m.note().isEmpty()) {
                w.name("note").value(m.note());
            }
            w.endObject();
        } else if (c instanceof Cell.Na n) {
            w.beginObject();
            w.name("na").value(n.reason());
            w.endObject();
        } else {
            w.nullValue();
        }
    }
}
