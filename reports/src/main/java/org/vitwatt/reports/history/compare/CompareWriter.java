package org.vitwatt.reports.history.compare;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.table.Numbers;

/** The outcome of {@code compare} as a text table (for people and CI logs) and as JSON (for machines). */
public final class CompareWriter {
    /** Version of the JSON's layout; goes up when a key is renamed or removed or changes meaning. */
    public static final int SCHEMA_VERSION = 1;

    private CompareWriter() {
    }

    /** "deit_tiny · synthetic · fp32 · cpu · batch 1 · threads=0" (prefixed by the device when there is one). */
    public static String label(BenchmarkKey k) {
        StringBuilder sb = new StringBuilder();
        if (!k.device().isEmpty()) {
            sb.append(k.device()).append(" · ");
        }
        sb.append(k.modelLabel()).append(" · ").append(k.dataset()).append(" · ").append(k.precision()).append(" · ")
                .append(k.provider()).append(" · batch ").append(k.batch());
        if (!k.others().isEmpty()) {
            sb.append(" · ").append(k.othersText());
        }
        return sb.toString();
    }

    /** A value with about 4 significant digits. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return Numbers.fixed(v, 0);
        }
        double a = Math.abs(v);
        int decimals = a == 0 ? 2 : Math.max(0, Math.min(6, 3 - (int) Math.floor(Math.log10(a))));
        return Numbers.fixed(v, decimals);
    }

    static String measure(Measure m, String unit) {
        if (m == null) {
            return "n/a";
        }
        double a = Math.abs(m.value());
        return Numbers.interval(m, a == 0 ? 2 : Math.max(0, Math.min(6, 3 - (int) Math.floor(Math.log10(a))))) + ' '
                + unit;
    }

    static String change(Comparison.Row r) {
        if (Double.isNaN(r.change())) {
            return "";
        }
        if (r.figure().inPoints()) {
            return String.format(Locale.ROOT, "%+.2f pt", r.change());
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100 * r.change());
    }

    /** What the thresholds are, in words. */
    static String rule(Comparison.Options o) {
        return String.format(Locale.ROOT, "a regression is worse by more than %s (latency, energy) or %s points "
                + "(accuracy) with the 99.9 %% confidence intervals apart", pct(o.threshold()), Numbers.compact(o.accuracyPoints()));
    }

    static String pct(double f) {
        String s = Numbers.compact(100 * f);
        return s + "%";
    }

    /** The text table: sides, rule, one row per benchmark and figure, added / removed, a summary line. */
    public static String text(Comparison.Outcome out) {
        StringBuilder sb = new StringBuilder();
        sb.append("baseline:  ").append(out.baseline().describe()).append('\n');
        sb.append("candidate: ").append(out.candidate().describe()).append('\n');
        sb.append(rule(out.options())).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"benchmark", "figure", "baseline", "candidate", "change", "verdict"});
        for (Comparison.Row r : out.rows()) {
            rows.add(new String[] {label(r.key()), r.figure().name(), measure(r.baseline(), r.unit()),
                measure(r.candidate(), r.unit()), change(r),
                r.verdict().text() + (r.why().isEmpty() ? "" : " (" + r.why() + ")")});
        }
        if (rows.size() > 1) {
            int[] w = new int[6];
            for (String[] r : rows) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            sb.append('\n');
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(r[i]);
                    if (i < r.length - 1) {
                        line.append(" ".repeat(w[i] - r[i].length() + 2));
                    }
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
        }
        if (!out.added().isEmpty()) {
            sb.append('\n').append("added (in the candidate only, not a regression): ").append(out.added().size())
                    .append('\n');
            out.added().forEach(k -> sb.append("  + ").append(label(k)).append('\n'));
        }
        if (!out.removed().isEmpty()) {
            sb.append('\n').append("removed (in the baseline only, not a regression): ").append(out.removed().size())
                    .append('\n');
            out.removed().forEach(k -> sb.append("  - ").append(label(k)).append('\n'));
        }
        sb.append('\n').append(summary(out)).append('\n');
        return sb.toString();
    }

    /** "2 regression(s), 1 improvement(s), ...; 1 added, 0 removed". */
    public static String summary(Comparison.Outcome out) {
        long noClaim = out.count(Comparison.Verdict.OVERLAP) + out.count(Comparison.Verdict.BELOW_THRESHOLD)
                + out.count(Comparison.Verdict.NO_CI);
        return String.format(Locale.ROOT, "%d regression(s), %d improvement(s), %d unchanged, %d without a claim, "
                + "%d not measured on one side; %d benchmark(s) compared, %d added, %d removed",
                out.count(Comparison.Verdict.REGRESSION), out.count(Comparison.Verdict.IMPROVEMENT),
                out.count(Comparison.Verdict.UNCHANGED), noClaim, out.count(Comparison.Verdict.NOT_MEASURED),
                out.rows().stream().map(Comparison.Row::key).distinct().count(), out.added().size(),
                out.removed().size());
    }

    /** The JSON document (schema in docs/history.md), one line. */
    public static String json(Comparison.Outcome out, String generator, int exitCode) {
        JsonObject j = new JsonObject();
        j.addProperty("schemaVersion", SCHEMA_VERSION);
        j.addProperty("generator", generator);
        j.addProperty("generatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        j.add("baseline", side(out.baseline()));
        j.add("candidate", side(out.candidate()));
        JsonObject opts = new JsonObject();
        opts.addProperty("threshold", out.options().threshold());
        opts.addProperty("accuracyThresholdPoints", out.options().accuracyPoints());
        JsonArray figs = new JsonArray();
        out.options().figures().forEach(f -> figs.add(f.name()));
        opts.add("metrics", figs);
        opts.addProperty("matchedByDevice", out.byDevice());
        j.add("options", opts);
        JsonArray rows = new JsonArray();
        for (Comparison.Row r : out.rows()) {
            JsonObject o = key(r.key());
            o.addProperty("metric", r.figure().name());
            o.addProperty("unit", r.unit());
            o.addProperty("worseIs", r.figure().higherIsWorse() ? "higher" : "lower");
            o.add("baseline", measure(r.baseline()));
            o.add("candidate", measure(r.candidate()));
            if (Double.isNaN(r.change())) {
                o.add("change", JsonNull.INSTANCE);
            } else {
                o.addProperty("change", r.change());
            }
            o.addProperty("changeUnit", r.figure().inPoints() ? "points" : "fraction");
            o.addProperty("verdict", r.verdict().id());
            o.addProperty("regression", r.regression());
            if (!r.why().isEmpty()) {
                o.addProperty("why", r.why());
            }
            rows.add(o);
        }
        j.add("rows", rows);
        JsonArray added = new JsonArray();
        out.added().forEach(k -> added.add(key(k)));
        j.add("added", added);
        JsonArray removed = new JsonArray();
        out.removed().forEach(k -> removed.add(key(k)));
        j.add("removed", removed);
        JsonObject s = new JsonObject();
        s.addProperty("regressions", out.count(Comparison.Verdict.REGRESSION));
        s.addProperty("improvements", out.count(Comparison.Verdict.IMPROVEMENT));
        s.addProperty("unchanged", out.count(Comparison.Verdict.UNCHANGED));
        s.addProperty("noClaim", out.count(Comparison.Verdict.OVERLAP) + out.count(Comparison.Verdict.BELOW_THRESHOLD)
                + out.count(Comparison.Verdict.NO_CI));
        s.addProperty("notMeasured", out.count(Comparison.Verdict.NOT_MEASURED));
        s.addProperty("added", out.added().size());
        s.addProperty("removed", out.removed().size());
        j.add("summary", s);
        JsonArray notes = new JsonArray();
        for (Diagnostic d : out.notes()) {
            JsonObject n = new JsonObject();
            n.addProperty("level", d.level().name().toLowerCase(Locale.ROOT));
            n.addProperty("message", d.message());
            notes.add(n);
        }
        j.add("diagnostics", notes);
        j.addProperty("exitCode", exitCode);
        return new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create().toJson(j);
    }

    private static JsonObject side(Side s) {
        JsonObject o = new JsonObject();
        JsonArray sel = new JsonArray();
        s.selectors().forEach(sel::add);
        o.add("selectors", sel);
        JsonArray runs = new JsonArray();
        for (Stored.Run r : s.runs()) {
            JsonObject x = new JsonObject();
            x.addProperty("runId", r.runId());
            if (r.tag() != null) {
                x.addProperty("tag", r.tag());
            }
            x.addProperty("device", r.device());
            x.addProperty("started", r.started());
            x.addProperty("git", r.git());
            x.addProperty("vitwatt", r.vitwatt());
            x.addProperty("ort", r.ort());
            runs.add(x);
        }
        o.add("runs", runs);
        o.addProperty("results", s.results().size());
        return o;
    }

    private static JsonObject key(BenchmarkKey k) {
        JsonObject o = new JsonObject();
        o.addProperty("key", label(k));
        if (!k.device().isEmpty()) {
            o.addProperty("device", k.device());
        }
        o.addProperty("benchmark", k.benchmark());
        o.addProperty("model", k.model());
        o.addProperty("dataset", k.dataset());
        o.addProperty("precision", k.precision());
        o.addProperty("provider", k.provider());
        o.addProperty("batch", k.batch());
        JsonObject others = new JsonObject();
        k.others().forEach(others::addProperty);
        o.add("params", others);
        return o;
    }

    private static JsonElement measure(Measure m) {
        if (m == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        o.addProperty("value", m.value());
        addFinite(o, "ciLow", m.ciLow());
        addFinite(o, "ciHigh", m.ciHigh());
        addFinite(o, "error", m.error());
        o.addProperty("runs", m.runs());
        return o;
    }

    private static void addFinite(JsonObject o, String k, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(k, v);
        } else {
            o.add(k, JsonNull.INSTANCE);
        }
    }
}
