package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.reports.analysis.ReportOptions.AccuracySource;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.DeviceInfo;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.ResultLoader;
import org.vitwatt.results.Bops;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.metrics.NetScore;
import org.vitwatt.reports.metrics.Sam;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;
import org.vitwatt.results.Metrics;

/** Computes a {@link Report}: model facts, NetScore, SAM, disagreement, precision and results tables, plots. */
public final class ReportBuilder {
    private final ReportOptions options;
    private final ModelNames names;

    public ReportBuilder(ReportOptions options, ModelNames names) {
        this.options = options;
        this.names = names;
    }

    /** NetScore inputs and result of one model. */
    record ModelFacts(String model, String paperName, boolean inResults, Val paramsM, String paramsFrom, Val gmacs,
            String gmacsFrom, Val top1, String top1From, Val netScore) {
    }

    /** Builds the report of loaded results. */
    public Report build(ResultLoader.Loaded loaded) {
        Merger.Result mr = Merger.merge(loaded.results(), names);
        List<Diagnostic> diags = new ArrayList<>(loaded.diagnostics());
        diags.addAll(mr.diagnostics());
        List<Merged> merged = mr.merged();
        Map<String, ModelFacts> facts = modelFacts(merged);

        List<TableFamily> families = new ArrayList<>();
        families.add(netScoreFamily(facts));
        Map<String, List<Merged>> samGroups = samGroups(merged);
        Map<String, Map<String, Measure>> sam5ByGroup = new LinkedHashMap<>();
        families.add(samFamily(samGroups, sam5ByGroup));
        families.add(disagreementFamily(samGroups, sam5ByGroup, facts));
        Map<String, List<Merged>> precGroups = precisionGroups(merged);
        families.add(precisionFamily(precGroups, facts));
        families.add(resultsFamily(merged));
        List<DeviceInfo> devices = devices(loaded.results());
        families.add(devicesFamily(devices, loaded.results()));

        List<List<PlotData>> kinds = List.of(energyAccuracyPlots(merged), rankPlots(samGroups, sam5ByGroup, facts),
                precisionPlots(precGroups));
        // --max-plots is shared round-robin between the three kinds, so no kind crowds out the others
        Set<PlotData> chosen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int[] next = new int[kinds.size()];
        boolean progress = true;
        while (chosen.size() < options.maxPlots() && progress) {
            progress = false;
            for (int k = 0; k < kinds.size() && chosen.size() < options.maxPlots(); k++) {
                List<PlotData> l = kinds.get(k);
                while (next[k] < l.size() && l.get(next[k]) instanceof PlotData.Missing) {
                    next[k]++;
                }
                if (next[k] < l.size()) {
                    chosen.add(l.get(next[k]++));
                    progress = true;
                }
            }
        }
        List<PlotData> kept = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (List<PlotData> l : kinds) {
            for (PlotData p : l) {
                if (p instanceof PlotData.Missing || chosen.contains(p)) {
                    kept.add(p);
                } else {
                    omitted.add(p.title());
                }
            }
        }
        return new Report(options, loaded.inputs(), devices, diags, loaded.results().size(), merged, families, kept,
                omitted);
    }

    // ---------------------------------------------------------------- model facts and NetScore

    private Map<String, ModelFacts> modelFacts(List<Merged> merged) {
        Map<String, List<Merged>> byModel = new TreeMap<>();
        for (Merged m : merged) {
            byModel.computeIfAbsent(m.key().model(), k -> new ArrayList<>()).add(m);
        }
        Map<String, ModelFacts> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Merged>> e : byModel.entrySet()) {
            out.put(e.getKey(), facts(e.getKey(), e.getValue()));
        }
        if (options.withCatalog()) {
            for (CatalogEntry ce : names.catalog().entries()) {
                out.computeIfAbsent(ce.id(), id -> facts(id, List.of()));
            }
        }
        return out;
    }

    private ModelFacts facts(String model, List<Merged> ms) {
        Optional<CatalogEntry> ce = names.entry(model);
        // prefer an fp32 result's figures: the model as published
        List<Merged> ordered = new ArrayList<>(ms);
        ordered.sort(Comparator.comparingInt(m -> BenchmarkKey.precisionOrder(m.key().precision())));
        Val params = Val.na("no model.params in the results and not in the catalog");
        String paramsFrom = "";
        Val gmacs = Val.na("no model.gmacs in the results and not in the catalog");
        String gmacsFrom = "";
        for (Merged m : ordered) {
            if (!params.ok() && m.metric(Metrics.MODEL_PARAMS.label()).isPresent()) {
                params = Val.of(Measure.exact(m.metric(Metrics.MODEL_PARAMS.label()).get().value() / 1e6));
                paramsFrom = "results";
            }
            if (!gmacs.ok() && m.metric(Metrics.MODEL_GMACS.label()).isPresent()) {
                gmacs = Val.of(Measure.exact(m.metric(Metrics.MODEL_GMACS.label()).get().value()));
                gmacsFrom = "results";
            }
        }
        if (!params.ok() && ce.isPresent() && ce.get().published().paramsMillions() > 0) {
            params = Val.of(Measure.exact(ce.get().published().paramsMillions()));
            paramsFrom = "catalog";
        }
        if (!gmacs.ok() && ce.isPresent() && ce.get().published().gmacs() > 0) {
            gmacs = Val.of(Measure.exact(ce.get().published().gmacs()));
            gmacsFrom = "catalog";
        }
        Val top1 = Val.na(ce.isPresent() ? "no published top-1 in the catalog"
                : "not in the catalog: no published top-1" + (options.accuracy() == AccuracySource.PUBLISHED
                        ? " (try --accuracy measured)" : ""));
        String top1From = "";
        if (ce.isPresent() && ce.get().published().top1() > 0) {
            top1 = Val.of(Measure.exact(ce.get().published().top1()));
            top1From = "published";
        }
        if (options.accuracy() == AccuracySource.MEASURED) {
            Merged best = null;
            for (Merged m : ordered) {
                if (!m.accuracy(Metrics.ACCURACY_TOP1.label()).ok()) {
                    continue;
                }
                if (best == null || rankForAccuracy(m) < rankForAccuracy(best)) {
                    best = m;
                }
            }
            if (best != null) {
                top1 = Val.of(Measure.exact(best.accuracy(Metrics.ACCURACY_TOP1.label()).value()));
                top1From = "measured (" + best.key().dataset() + ", " + best.key().precision() + ", "
                        + best.key().device() + ")";
            } else if (top1.ok()) {
                top1From = "published (no measured top-1)";
            }
        }
        Val ns;
        if (!top1.ok()) {
            ns = Val.na(top1.reason());
        } else if (!params.ok()) {
            ns = Val.na(params.reason());
        } else if (!gmacs.ok()) {
            ns = Val.na(gmacs.reason());
        } else {
            ns = Val.of(Measure.exact(NetScore.of(top1.value(), params.value(), gmacs.value())));
        }
        return new ModelFacts(model, ce.map(CatalogEntry::paperName).orElse(""), !ms.isEmpty(), params, paramsFrom,
                gmacs, gmacsFrom, top1, top1From, ns);
    }

    /** Lower is preferred: imagenet before other datasets, fp32 before other precisions. */
    private static int rankForAccuracy(Merged m) {
        return (m.key().dataset().equals("imagenet") ? 0 : 10) + BenchmarkKey.precisionOrder(m.key().precision());
    }

    static final List<Column> NETSCORE_COLUMNS = List.of(Column.integer("rank", "rank"), Column.text("model", "model"),
            Column.text("paperName", "paper name"), Column.number("paramsM", "params", "M", 2),
            Column.number("gmacs", "MACs", "G", 2), Column.number("top1", "top-1", "%", 2),
            Column.text("top1Source", "top-1 from"), Column.text("figuresSource", "params · MACs from"),
            Column.number("netScore", "NetScore", "dB", 2), Column.text("inResults", "in results"));

    private TableFamily netScoreFamily(Map<String, ModelFacts> facts) {
        List<ModelFacts> rows = new ArrayList<>(facts.values());
        rows.sort(Comparator.comparing((ModelFacts f) -> !f.netScore().ok())
                .thenComparing(f -> -f.netScore().value(), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ModelFacts::model));
        Table.Builder t = new Table.Builder("Stage 1 — NetScore (device-agnostic screening)", Map.of());
        int rank = 0;
        for (ModelFacts f : rows) {
            t.row(List.of(f.netScore().ok() ? Cell.integer(++rank) : Cell.EMPTY, Cell.text(f.model()),
                    Cell.text(f.paperName()), f.paramsM().numCell(), f.gmacs().numCell(), f.top1().numCell(),
                    Cell.text(f.top1From()), Cell.text(figuresFrom(f)), f.netScore().numCell(),
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
                List.of(), NETSCORE_COLUMNS, List.of(NetScore.FORMULA), List.of(t.build()),
                rows.isEmpty() ? "no models" : "");
    }

    private static String figuresFrom(ModelFacts f) {
        if (f.paramsFrom().equals(f.gmacsFrom())) {
            return f.paramsFrom();
        }
        return (f.paramsFrom().isEmpty() ? "—" : f.paramsFrom()) + " · " + (f.gmacsFrom().isEmpty() ? "—" : f.gmacsFrom());
    }

    // ---------------------------------------------------------------- SAM

    static final List<Column> GROUP_COLUMNS = List.of(Column.text("device", "device"), Column.text("dataset", "dataset"),
            Column.text("precision", "precision"), Column.text("provider", "provider"), Column.integer("batch", "batch"),
            Column.text("params", "other params"));

    private static Map<String, String> groupOf(BenchmarkKey k) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("device", k.device());
        g.put("dataset", k.dataset());
        g.put("precision", k.precision());
        g.put("provider", k.provider());
        g.put("batch", Integer.toString(k.batch()));
        g.put("params", k.othersText());
        return g;
    }

    private static String groupTitle(Map<String, String> g) {
        StringBuilder sb = new StringBuilder();
        g.forEach((k, v) -> {
            if (v.isEmpty()) {
                return;
            }
            if (sb.length() > 0) {
                sb.append(" · ");
            }
            sb.append(k.equals("batch") ? "batch " + v : k.equals("params") ? v : v);
        });
        return sb.toString();
    }

    private static String samGroupKey(BenchmarkKey k) {
        return k.device() + "\u0000" + k.dataset() + "\u0000" + k.precision() + "\u0000" + k.provider() + "\u0000"
                + k.batch() + "\u0000" + k.othersText();
    }

    private Map<String, List<Merged>> samGroups(List<Merged> merged) {
        Map<String, List<Merged>> g = new LinkedHashMap<>();
        for (Merged m : merged) {
            g.computeIfAbsent(samGroupKey(m.key()), k -> new ArrayList<>()).add(m);
        }
        return g;
    }

    static final List<Column> SAM_COLUMNS = List.of(Column.integer("rank", "rank"), Column.text("model", "model"),
            Column.measure("top1", "top-1", "%", 2), Column.measure("latencyMs", "latency", "ms/batch", 3),
            Column.measure("latencyPerImageMs", "latency", "ms/image", 3),
            Column.measure("energyPerImageMj", "energy", "mJ/image", 3),
            Column.measure("energyAboveIdleMj", "energy above idle", "mJ/image", 3),
            Column.measure("meanPowerW", "mean power", "W", 2), Column.measure("sam1", "SAM1", "1/J", 4),
            Column.measure("sam2", "SAM2", "1/J", 4), Column.measure("sam5", "SAM5", "1/J", 4),
            Column.text("vsNext", "SAM5 vs next rank"));

    /** SAM_α of a merged benchmark, with an interval from the energy's interval, or why it is n/a. */
    Val sam(Merged m, int alpha) {
        Val acc = m.accuracy(Metrics.ACCURACY_TOP1.label());
        Val e = m.energyPerImageMj(options.samAboveIdle());
        if (!acc.ok() && !e.ok()) {
            return Val.na(acc.reason() + "; " + e.reason());
        }
        if (!acc.ok()) {
            return Val.na(acc.reason());
        }
        if (!e.ok()) {
            return Val.na(e.reason());
        }
        double a = acc.value() / 100.0;
        if (a < 0 || a > 1) {
            return Val.na("accuracy " + acc.value() + " % is outside 0..100");
        }
        Measure em = e.measure().scale(1e-3); // mJ → J
        if (!(em.value() > 0)) {
            return Val.na("energy per image is not positive (" + e.value() + " mJ)");
        }
        double v = Sam.of(alpha, a, em.value());
        double lo = em.hasCi() && em.ciHigh() > 0 ? Sam.of(alpha, a, em.ciHigh()) : Double.NaN;
        double hi = em.hasCi() ? (em.ciLow() > 0 ? Sam.of(alpha, a, em.ciLow()) : Double.POSITIVE_INFINITY) : Double.NaN;
        double min = em.max() > 0 ? Sam.of(alpha, a, em.max()) : v;
        double max = em.min() > 0 ? Sam.of(alpha, a, em.min()) : v;
        return Val.of(new Measure(v, lo, hi, min, max, em.runs()));
    }

    private TableFamily samFamily(Map<String, List<Merged>> groups, Map<String, Map<String, Measure>> sam5Out) {
        List<Table> tables = new ArrayList<>();
        for (Map.Entry<String, List<Merged>> e : groups.entrySet()) {
            List<Merged> ms = new ArrayList<>(e.getValue());
            Map<Merged, Val> s5 = new java.util.IdentityHashMap<>();
            for (Merged m : ms) {
                s5.put(m, sam(m, 5));
            }
            ms.sort(Comparator.comparing((Merged m) -> !s5.get(m).ok()).thenComparing(m -> -s5.get(m).value())
                    .thenComparing(m -> m.key().modelLabel()));
            Map<String, String> g = groupOf(ms.get(0).key());
            Table.Builder t = new Table.Builder(groupTitle(g), g);
            Map<String, Measure> sam5 = new LinkedHashMap<>();
            int rank = 0;
            Set<String> shortWindow = new LinkedHashSet<>();
            Set<String> estimated = new LinkedHashSet<>();
            for (int i = 0; i < ms.size(); i++) {
                Merged m = ms.get(i);
                Val v5 = s5.get(m);
                String vsNext = "";
                if (v5.ok()) {
                    sam5.put(m.key().modelLabel(), v5.measure());
                    rank++;
                    if (i + 1 < ms.size() && s5.get(ms.get(i + 1)).ok()) {
                        vsNext = verdictText(v5.measure().compareTo(s5.get(ms.get(i + 1)).measure(),
                                options.threshold()), "higher than #" + (rank + 1), "lower than #" + (rank + 1));
                    }
                }
                if (m.shortWindow()) {
                    shortWindow.add(m.key().modelLabel());
                }
                if (m.energyEstimate() && !m.energyInvalid()) {
                    estimated.add(m.key().modelLabel());
                }
                t.row(List.of(v5.ok() ? Cell.integer(rank) : Cell.EMPTY, Cell.text(m.key().modelLabel()),
                        m.accuracy(Metrics.ACCURACY_TOP1.label()).cell(), Cell.meas(m.latencyMs()), Cell.meas(m.latencyPerImageMs()),
                        m.energyPerImageMj(false).cell(), m.energyPerImageMj(true).cell(), m.meanPowerW().cell(),
                        sam(m, 1).cell(), sam(m, 2).cell(), v5.cell(), vsNext.isEmpty() ? Cell.EMPTY : Cell.text(vsNext)));
            }
            if (!shortWindow.isEmpty()) {
                t.note("⚠ energy.warning.shortWindow for " + String.join(", ", shortWindow)
                        + ": an iteration was shorter than ~10 sensor updates, so its energy is less certain.");
            }
            if (!estimated.isEmpty()) {
                t.note("⚠ energy.estimate for " + String.join(", ", estimated) + ": the energy includes the CPU "
                        + "estimate (OSHI load × TDP), not a measurement; their SAM is indicative only.");
            }
            sam5Out.put(e.getKey(), sam5);
            tables.add(t.build());
        }
        String energyBasis = options.samAboveIdle() ? "E = energy per image above idle (energy.perImage.aboveIdle)"
                : "E = total energy per image (energy.perImage), no idle subtraction, as the paper's measurements";
        return new TableFamily("sam", "Stage 2 — SAM per device × dataset × precision × provider × batch",
                "Measured accuracy, latency, energy and power, ranked by SAM5 (higher is better). One table per device, "
                        + "dataset, precision, provider, batch and other parameters: only like is ranked with like.",
                GROUP_COLUMNS, SAM_COLUMNS,
                List.of(Sam.FORMULA, energyBasis + "; energy columns in mJ/image (SAM uses J = mJ / 1000)",
                        Merged.NA_LEGEND,
                        "latency: JMH mean per operation (one batch) in ms; per image = per batch / batch; "
                                + "± = 99.9 % confidence half-width, [low, high] = the interval when not symmetric (hull "
                                + "over merged runs); (n runs: min–max) = spread across runs",
                        "\"higher/lower than #k\" only where the 99.9 % intervals do not overlap"
                                + (options.threshold() > 0 ? " and the change exceeds "
                                        + pct(options.threshold()) : "")),
                tables, tables.isEmpty() ? "no results" : "");
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** The words for a comparison of "this" with another measure: {@code ifHigher} when this one is higher. */
    static String verdictText(Measure.Verdict v, String ifHigher, String ifLower) {
        return switch (v) {
            case HIGHER -> ifHigher;
            case LOWER -> ifLower;
            case OVERLAP -> "no claim: CIs overlap";
            case BELOW_THRESHOLD -> "no claim: below threshold";
            case NO_CI -> "no claim: no CI";
        };
    }

    // ---------------------------------------------------------------- disagreement

    static final List<Column> DISAGREEMENT_COLUMNS = List.of(Column.text("netScoreHigher", "NetScore prefers"),
            Column.text("samHigher", "SAM5 prefers"), Column.number("netScoreA", "NetScore of first", "dB", 2),
            Column.number("netScoreB", "NetScore of second", "dB", 2), Column.number("netScoreDiff", "NetScore Δ", "dB", 2),
            Column.text("netScoreRanks", "NetScore ranks (first, second)"),
            Column.number("sam5A", "SAM5 of first", "1/J", 4), Column.number("sam5B", "SAM5 of second", "1/J", 4),
            Column.number("sam5Ratio", "SAM5 second / first", "×", 2),
            Column.text("samRanks", "SAM5 ranks (first, second)"), Column.integer("rankShift", "rank shift"),
            Column.text("significant", "SAM5 difference"));

    private TableFamily disagreementFamily(Map<String, List<Merged>> groups, Map<String, Map<String, Measure>> sam5,
            Map<String, ModelFacts> facts) {
        List<Table> tables = new ArrayList<>();
        int groupsWithTwo = 0;
        for (Map.Entry<String, List<Merged>> e : groups.entrySet()) {
            List<String> models = new ArrayList<>();
            Map<String, Double> ns = new HashMap<>();
            Map<String, Measure> s = new HashMap<>();
            for (Map.Entry<String, Measure> me : sam5.get(e.getKey()).entrySet()) {
                ModelFacts f = facts.get(modelOf(me.getKey()));
                if (f != null && f.netScore().ok()) {
                    models.add(me.getKey());
                    ns.put(me.getKey(), f.netScore().value());
                    s.put(me.getKey(), me.getValue());
                }
            }
            if (models.size() < 2) {
                continue;
            }
            groupsWithTwo++;
            Map<String, Integer> nsRank = ranks(models, ns::get);
            Map<String, Integer> samRank = ranks(models, m -> s.get(m).value());
            Map<String, String> g = groupOf(e.getValue().get(0).key());
            Table.Builder t = new Table.Builder(groupTitle(g), g);
            int concordant = 0;
            int discordant = 0;
            List<String[]> pairs = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                for (int j = i + 1; j < models.size(); j++) {
                    String a = models.get(i);
                    String b = models.get(j);
                    double dn = ns.get(a) - ns.get(b);
                    double ds = s.get(a).value() - s.get(b).value();
                    if (dn == 0 || ds == 0) {
                        continue;
                    }
                    if (Math.signum(dn) == Math.signum(ds)) {
                        concordant++;
                    } else {
                        discordant++;
                        pairs.add(dn > 0 ? new String[] {a, b} : new String[] {b, a});
                    }
                }
            }
            pairs.sort(Comparator.comparingInt((String[] p) -> -Math.abs(samRank.get(p[0]) - nsRank.get(p[0])))
                    .thenComparingInt(p -> nsRank.get(p[0])).thenComparingInt(p -> nsRank.get(p[1])));
            for (String[] p : pairs) {
                String a = p[0];
                String b = p[1];
                Measure sa = s.get(a);
                Measure sb = s.get(b);
                String sig = verdictText(sb.compareTo(sa, options.threshold()), "significant (CIs apart)",
                        "significant (CIs apart)");
                t.row(List.of(Cell.text(a), Cell.text(b), Cell.num(ns.get(a)), Cell.num(ns.get(b)),
                        Cell.num(ns.get(a) - ns.get(b)), Cell.text(nsRank.get(a) + ", " + nsRank.get(b)),
                        Cell.num(sa.value()), Cell.num(sb.value()), Cell.num(sb.value() / sa.value()),
                        Cell.text(samRank.get(a) + ", " + samRank.get(b)),
                        Cell.integer(Math.abs(samRank.get(a) - nsRank.get(a)) + Math.abs(samRank.get(b) - nsRank.get(b))),
                        Cell.text(sig)));
            }
            int n = concordant + discordant;
            double tau = n == 0 ? 1 : (concordant - discordant) / (double) n;
            t.note(String.format(Locale.ROOT, "%d models with both NetScore and SAM5: %d of %d pairs swap order; "
                    + "Kendall τ = %.2f (1 = same order, −1 = reversed).", models.size(), discordant, n, tau));
            if (pairs.isEmpty()) {
                t.note("NetScore and SAM5 agree on every pair here.");
            }
            tables.add(t.build());
        }
        String empty = groupsWithTwo == 0 ? "no device × dataset group has SAM5 and NetScore for two or more models "
                + "(SAM needs measured energy and measured accuracy; the SAM tables say why each is n/a)" : "";
        return new TableFamily("disagreement", "Disagreement — NetScore order vs SAM5 order",
                "Pairs of models that NetScore (stage 1, device-agnostic) and SAM5 (stage 2, on the device) rank in "
                        + "opposite order: the theoretical figure misleads for them on this device.",
                GROUP_COLUMNS, DISAGREEMENT_COLUMNS,
                List.of(NetScore.FORMULA, Sam.FORMULA,
                        "ranks among the group's models that have both scores (1 = best); rank shift = |SAM5 rank − "
                                + "NetScore rank| of both models; SAM5 ratio = second / first (> 1: SAM prefers the second)",
                        "\"significant\" only where the SAM5 99.9 % intervals (from energy's) do not overlap"),
                tables, empty);
    }

    private static String modelOf(String modelLabel) {
        int i = modelLabel.indexOf(" [");
        return i < 0 ? modelLabel : modelLabel.substring(0, i);
    }

    private static Map<String, Integer> ranks(List<String> models, java.util.function.ToDoubleFunction<String> score) {
        List<String> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparingDouble((String m) -> -score.applyAsDouble(m)).thenComparing(m -> m));
        Map<String, Integer> r = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            r.put(sorted.get(i), i + 1);
        }
        return r;
    }

    // ---------------------------------------------------------------- precision

    static final List<Column> PRECISION_GROUP_COLUMNS = List.of(Column.text("model", "model"),
            Column.text("device", "device"), Column.text("dataset", "dataset"), Column.text("provider", "provider"),
            Column.integer("batch", "batch"), Column.text("params", "other params"));

    static final List<Column> PRECISION_COLUMNS = List.of(Column.text("precision", "precision / plan"),
            Column.measure("latencyMs", "latency", "ms/batch", 3),
            Column.measure("latencyPerImageMs", "latency", "ms/image", 3),
            Column.measure("throughput", "throughput", "images/s", 1), Column.number("fileMiB", "model file", "MiB", 1),
            Column.measure("peakRssMiB", "peak RSS", "MiB", 0), Column.measure("energyPerImageMj", "energy", "mJ/image", 3),
            Column.measure("top1", "top-1", "%", 2), Column.number("top1Change", "Δ top-1 vs FP32", "points", 2),
            Column.measure("agreement", "agreement with FP32", "%", 2), Column.number("speedup", "speedup", "×", 2),
            Column.text("latencyVerdict", "latency vs FP32"), Column.number("energySaving", "energy saving", "×", 2),
            Column.text("energyVerdict", "energy vs FP32"), Column.number("gbops", "BOPs", "G", 1));

    private Map<String, List<Merged>> precisionGroups(List<Merged> merged) {
        Map<String, List<Merged>> g = new TreeMap<>();
        for (Merged m : merged) {
            BenchmarkKey k = m.key();
            g.computeIfAbsent(k.modelLabel() + "\u0000" + k.device() + "\u0000" + k.dataset() + "\u0000" + k.provider()
                    + "\u0000" + k.batch() + "\u0000" + k.othersText(), x -> new ArrayList<>()).add(m);
        }
        for (List<Merged> l : g.values()) {
            l.sort(Comparator.comparingInt((Merged m) -> BenchmarkKey.precisionOrder(m.key().precision()))
                    .thenComparing(m -> m.key().precision()));
        }
        return g;
    }

    private TableFamily precisionFamily(Map<String, List<Merged>> groups, Map<String, ModelFacts> facts) {
        List<Table> tables = new ArrayList<>();
        for (List<Merged> ms : groups.values()) {
            BenchmarkKey k0 = ms.get(0).key();
            Map<String, String> g = new LinkedHashMap<>();
            g.put("model", k0.modelLabel());
            g.put("device", k0.device());
            g.put("dataset", k0.dataset());
            g.put("provider", k0.provider());
            g.put("batch", Integer.toString(k0.batch()));
            g.put("params", k0.othersText());
            Table.Builder t = new Table.Builder(groupTitle(g), g);
            Merged base = null;
            for (Merged m : ms) {
                if (m.key().precision().equals("fp32")) {
                    base = m;
                }
            }
            ModelFacts f = facts.get(k0.model());
            for (Merged m : ms) {
                boolean isBase = m == base;
                String noBase = "no fp32 result for this model, device, dataset, provider and batch";
                Cell speedup;
                Cell latV;
                Cell saving;
                Cell enV;
                Cell top1Change;
                Val top1 = m.accuracy(Metrics.ACCURACY_TOP1.label());
                Val e = m.energyPerImageMj(false);
                if (base == null) {
                    speedup = Cell.na(noBase);
                    latV = Cell.EMPTY;
                    saving = Cell.na(noBase);
                    enV = Cell.EMPTY;
                    top1Change = Cell.na(noBase);
                } else if (isBase) {
                    speedup = Cell.num(1.0);
                    latV = Cell.text("baseline");
                    saving = e.ok() ? Cell.num(1.0) : Cell.na(e.reason());
                    enV = e.ok() ? Cell.text("baseline") : Cell.EMPTY;
                    top1Change = top1.ok() ? Cell.num(0.0) : Cell.na(top1.reason());
                } else {
                    speedup = Cell.num(base.latencyMs().value() / m.latencyMs().value());
                    latV = Cell.text(verdictText(m.latencyMs().compareTo(base.latencyMs(), options.threshold()),
                            "slower", "faster"));
                    Val be = base.energyPerImageMj(false);
                    if (e.ok() && be.ok()) {
                        saving = Cell.num(be.value() / e.value());
                        enV = Cell.text(verdictText(e.measure().compareTo(be.measure(), options.threshold()),
                                "costlier", "cheaper"));
                    } else {
                        saving = Cell.na(!e.ok() ? e.reason() : "fp32: " + be.reason());
                        enV = Cell.EMPTY;
                    }
                    Val bt = base.accuracy(Metrics.ACCURACY_TOP1.label());
                    top1Change = top1.ok() && bt.ok() ? Cell.num(top1.value() - bt.value())
                            : Cell.na(!top1.ok() ? top1.reason() : "fp32: " + bt.reason());
                }
                Val agreement = m.accuracy(Metrics.ACCURACY_AGREEMENT.label());
                Cell agreementCell = agreement.ok() ? agreement.cell()
                        : isBase && m.accuracyReason().isEmpty() ? Cell.EMPTY : agreement.cell();
                t.row(List.of(Cell.text(m.key().precision()), Cell.meas(m.latencyMs()), Cell.meas(m.latencyPerImageMs()),
                        Cell.meas(m.throughput()), metricNum(m, Metrics.MODEL_FILE_MIB.label()), metricMeas(m, Metrics.MEMORY_PEAK_RSS.label()), e.cell(),
                        top1.cell(), top1Change, agreementCell, speedup, latV, saving, enV, bops(m)));
            }
            tables.add(t.build());
        }
        return new TableFamily("precision", "Precision study — per model",
                "Each precision or mixed plan of a model on one device, dataset, provider and batch, against its FP32 "
                        + "row (= 1.00).",
                PRECISION_GROUP_COLUMNS, PRECISION_COLUMNS,
                List.of("speedup = latency(FP32) / latency(precision); energy saving = energy per image(FP32) / energy "
                        + "per image(precision); same model, device, dataset, provider, batch; FP32 row = 1.00",
                        "throughput = batch × 1000 / latency (ms/batch), images/s; Δ top-1 = top-1(precision) − "
                                + "top-1(FP32) in points; agreement = top-1 agreement with FP32's predictions, %",
                        "faster/slower, cheaper/costlier only where the 99.9 % intervals do not overlap"
                                + (options.threshold() > 0 ? " and the change exceeds " + pct(options.threshold()) : ""),
                        "memory: model file MiB (model.fileMiB), peak resident set of the benchmark JVM MiB "
                                + "(memory.peakRss)",
                        Bops.FORMULA, Merged.NA_LEGEND),
                tables, tables.isEmpty() ? "no results" : "");
    }

    /** BOPs as the benchmark computed them per node ({@link Bops}); reports never re-derive them. */
    private Cell bops(Merged m) {
        return m.metric(Metrics.MODEL_BOPS.label()).map(b -> Cell.num(b.value()))
                .orElse(Cell.na("no " + Metrics.MODEL_BOPS.label() + " in the results (vitwatt's benchmark writes it)"));
    }

    private static Cell metricNum(Merged m, String label) {
        return m.metric(label).map(x -> Cell.num(x.value())).orElse(Cell.na("no " + label + " in the results"));
    }

    private static Cell metricMeas(Merged m, String label) {
        return m.metric(label).map(Cell::meas).orElse(Cell.na("no " + label + " in the results"));
    }

    // ---------------------------------------------------------------- all results, devices

    static final List<Column> RESULTS_COLUMNS = List.of(Column.text("device", "device"), Column.text("model", "model"),
            Column.text("dataset", "dataset"), Column.text("precision", "precision"), Column.text("provider", "provider"),
            Column.integer("batch", "batch"), Column.text("params", "other params"), Column.integer("runs", "runs"),
            Column.text("modes", "JMH mode"), Column.measure("latencyMs", "latency", "ms/batch", 3),
            Column.measure("latencyPerImageMs", "latency", "ms/image", 3), Column.number("p50Ms", "p50", "ms/batch", 3),
            Column.number("p99Ms", "p99", "ms/batch", 3), Column.measure("throughput", "throughput", "images/s", 1),
            Column.measure("energyPerBatchMj", "energy", "mJ/batch", 3),
            Column.measure("energyPerImageMj", "energy", "mJ/image", 3),
            Column.measure("energyAboveIdleMj", "energy above idle", "mJ/image", 3),
            Column.measure("meanPowerW", "mean power", "W", 2), Column.number("peakPowerW", "peak power", "W", 2),
            Column.number("idlePowerW", "idle power", "W", 2), Column.measure("top1", "top-1", "%", 2),
            Column.measure("top5", "top-5", "%", 2), Column.measure("agreement", "agreement with FP32", "%", 2),
            Column.integer("images", "images scored"), Column.number("paramsM", "params", "M", 2),
            Column.number("gmacs", "MACs", "G", 3), Column.number("fileMiB", "model file", "MiB", 1),
            Column.number("peakRssMiB", "peak RSS", "MiB", 0), Column.number("sessionCreateMs", "session create", "ms", 0),
            Column.text("flags", "flags"), Column.text("sources", "sources"));

    private TableFamily resultsFamily(List<Merged> merged) {
        Table.Builder t = new Table.Builder("Every benchmark, merged over runs", Map.of());
        for (Merged m : merged) {
            BenchmarkKey k = m.key();
            List<String> flags = new ArrayList<>();
            if (m.syntheticWeights()) {
                flags.add("synthetic weights");
            }
            if (m.energyInvalid()) {
                flags.add("energy invalid");
            }
            if (m.shortWindow()) {
                flags.add("short energy window");
            }
            if (m.energyEstimate()) {
                flags.add("energy estimated");
            }
            Val power = m.meanPowerW();
            t.row(List.of(Cell.text(k.device()), Cell.text(k.modelLabel()), Cell.text(k.dataset()),
                    Cell.text(k.precision()), Cell.text(k.provider()), Cell.integer(k.batch()), Cell.text(k.othersText()),
                    Cell.integer(m.latencyMs().runs()), Cell.text(String.join(", ", m.modes())), Cell.meas(m.latencyMs()),
                    Cell.meas(m.latencyPerImageMs()), pctCell(m, 50.0), pctCell(m, 99.0), Cell.meas(m.throughput()),
                    m.energyPerBatchMj().cell(), m.energyPerImageMj(false).cell(), m.energyPerImageMj(true).cell(),
                    power.cell(), powerCell(m, Metrics.POWER_PEAK.label()), powerCell(m, Metrics.POWER_IDLE.label()),
                    m.accuracy(Metrics.ACCURACY_TOP1.label()).cell(), m.accuracy(Metrics.ACCURACY_TOP5.label()).cell(), m.accuracy(Metrics.ACCURACY_AGREEMENT.label()).cell(),
                    m.metric(Metrics.ACCURACY_IMAGES.label()).map(x -> Cell.integer(Math.round(x.value()))).orElse(Cell.EMPTY),
                    m.metric(Metrics.MODEL_PARAMS.label()).map(x -> Cell.num(x.value() / 1e6)).orElse(Cell.EMPTY),
                    m.metric(Metrics.MODEL_GMACS.label()).map(x -> Cell.num(x.value())).orElse(Cell.EMPTY),
                    m.metric(Metrics.MODEL_FILE_MIB.label()).map(x -> Cell.num(x.value())).orElse(Cell.EMPTY),
                    m.metric(Metrics.MEMORY_PEAK_RSS.label()).map(x -> Cell.num(x.value())).orElse(Cell.EMPTY),
                    m.metric(Metrics.SESSION_CREATE_MS.label()).map(x -> Cell.num(x.value())).orElse(Cell.EMPTY),
                    Cell.text(String.join(", ", flags)), Cell.text(m.sources())));
        }
        return new TableFamily("results", "All results",
                "Every benchmark (device × model × dataset × precision × provider × batch × other params), merged over "
                        + "its runs (forks and files).",
                List.of(), RESULTS_COLUMNS,
                List.of("latency: JMH score per operation (one batch), ms; throughput = batch × 1000 / latency, images/s; "
                        + "p50/p99 from JMH sample mode only",
                        "energy per image = energy.perImage (or energy.total / batch), mJ; above idle subtracts idle "
                                + "power × time; power in W; accuracy in %",
                        "± = 99.9 % confidence half-width (JMH); [low, high] = the interval when it is not symmetric "
                                + "(the hull of the runs' intervals when merged, or a reciprocal); (n runs: min–max) = "
                                + "spread across runs (forks of every file)", Merged.NA_LEGEND),
                List.of(t.build()), merged.isEmpty() ? "no results" : "");
    }

    private static Cell pctCell(Merged m, double p) {
        Double v = m.percentiles().get(p);
        return v == null ? Cell.EMPTY : Cell.num(v);
    }

    private static Cell powerCell(Merged m, String label) {
        if (m.energyInvalid()) {
            return Cell.na("energy invalid");
        }
        return m.metric(label).map(x -> Cell.num(x.value())).orElse(Cell.EMPTY);
    }

    private static List<DeviceInfo> devices(List<BenchmarkResult> results) {
        Map<String, DeviceInfo> by = new TreeMap<>();
        for (BenchmarkResult r : results) {
            DeviceInfo d = r.device();
            DeviceInfo prev = by.get(d.label());
            if (prev == null || prev.details().size() < d.details().size()) {
                by.put(d.label(), d);
            }
        }
        return List.copyOf(by.values());
    }

    static final List<Column> DEVICE_COLUMNS = List.of(Column.text("device", "device"), Column.text("origin", "label from"),
            Column.text("host", "host"), Column.text("cpu", "CPU"), Column.text("gpu", "GPU"),
            Column.text("powerMode", "power mode"), Column.text("software", "driver · CUDA · TensorRT · ORT"),
            Column.text("os", "OS"), Column.text("runs", "run ids (git, vitwatt)"), Column.integer("results", "results"));

    private TableFamily devicesFamily(List<DeviceInfo> devices, List<BenchmarkResult> results) {
        Table.Builder t = new Table.Builder("Devices", Map.of());
        for (DeviceInfo d : devices) {
            Set<String> runs = new LinkedHashSet<>();
            int n = 0;
            for (BenchmarkResult r : results) {
                if (r.device().label().equals(d.label())) {
                    n++;
                    if (!r.run().runId().isEmpty()) {
                        runs.add(r.run().runId() + (r.run().git().isEmpty() ? "" : " (" + r.run().git()
                                + (r.run().vitwatt().isEmpty() ? "" : ", " + r.run().vitwatt()) + ")"));
                    }
                }
            }
            Map<String, String> x = d.details();
            List<String> sw = new ArrayList<>();
            for (String k : new String[] {"driver", "cuda", "tensorrt", "ortVersion"}) {
                if (x.containsKey(k) && !x.get(k).isBlank()) {
                    sw.add(x.get(k));
                }
            }
            t.row(List.of(Cell.text(d.label()), Cell.text(d.origin()), Cell.text(x.getOrDefault("host", "")),
                    Cell.text(x.getOrDefault("cpu", "")), Cell.text(x.getOrDefault("gpu", "")),
                    Cell.text(x.getOrDefault("powerMode", "")), Cell.text(String.join(" · ", sw)),
                    Cell.text(x.getOrDefault("os", "")), Cell.text(String.join("; ", runs)), Cell.integer(n)));
        }
        return new TableFamily("devices", "Devices",
                "Where each device label comes from: --device on the command line, the journal's run record "
                        + "(device.host), or none (\"" + DeviceInfo.UNKNOWN + "\").",
                List.of(), DEVICE_COLUMNS, List.of("results = vitwatt results read for the device (before merging runs)"),
                List.of(t.build()), "");
    }

    // ---------------------------------------------------------------- plots

    private List<PlotData> energyAccuracyPlots(List<Merged> merged) {
        Map<String, List<PlotData.Point>> byDevData = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        int noEnergy = 0;
        int noAccuracy = 0;
        String exEnergy = "";
        String exAccuracy = "";
        for (Merged m : merged) {
            Val e = m.energyPerImageMj(options.samAboveIdle());
            Val a = m.accuracy(Metrics.ACCURACY_TOP1.label());
            if (!e.ok()) {
                noEnergy++;
                exEnergy = exEnergy.isEmpty() ? e.reason() : exEnergy;
            }
            if (!a.ok()) {
                noAccuracy++;
                exAccuracy = exAccuracy.isEmpty() ? a.reason() : exAccuracy;
            }
            if (!e.ok() || !a.ok()) {
                continue;
            }
            BenchmarkKey k = m.key();
            String key = k.device() + "\u0000" + k.dataset() + "\u0000" + k.provider() + "\u0000" + k.batch()
                    + "\u0000" + k.othersText();
            titles.putIfAbsent(key, "Energy per image vs top-1 — " + k.device() + " · " + k.dataset() + " · "
                    + k.provider() + " · batch " + k.batch() + (k.othersText().isEmpty() ? "" : " · " + k.othersText()));
            String series = k.precision();
            byDevData.computeIfAbsent(key, x -> new ArrayList<>())
                    .add(new PlotData.Point(k.modelLabel(), series, e.value(), a.value()));
        }
        List<PlotData> out = new ArrayList<>();
        if (byDevData.isEmpty()) {
            StringBuilder why = new StringBuilder("no result has both a valid energy and a measured accuracy");
            if (noEnergy > 0) {
                why.append("; energy n/a for ").append(noEnergy).append(" (e.g. ").append(exEnergy).append(')');
            }
            if (noAccuracy > 0) {
                why.append("; accuracy n/a for ").append(noAccuracy).append(" (e.g. ").append(exAccuracy).append(')');
            }
            out.add(new PlotData.Missing("energy-accuracy", "Energy per image vs top-1", why.toString()));
            return out;
        }
        int i = 0;
        String basis = options.samAboveIdle() ? "energy above idle (mJ/image)" : "energy (mJ/image)";
        for (Map.Entry<String, List<PlotData.Point>> e : byDevData.entrySet()) {
            out.add(new PlotData.EnergyAccuracy("energy-accuracy-" + (++i), titles.get(e.getKey()), basis, e.getValue(),
                    paretoFront(e.getValue())));
        }
        return out;
    }

    /** Points no other point beats on both axes (lower energy x, higher accuracy y), by increasing energy. */
    public static List<PlotData.Point> paretoFront(List<PlotData.Point> points) {
        List<PlotData.Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(PlotData.Point::x).thenComparingDouble(p -> -p.y()));
        List<PlotData.Point> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (PlotData.Point p : sorted) {
            if (p.y() > best) {
                front.add(p);
                best = p.y();
            }
        }
        return front;
    }

    private List<PlotData> rankPlots(Map<String, List<Merged>> groups, Map<String, Map<String, Measure>> sam5,
            Map<String, ModelFacts> facts) {
        List<PlotData> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Merged>> e : groups.entrySet()) {
            List<String> models = new ArrayList<>();
            for (String m : sam5.get(e.getKey()).keySet()) {
                ModelFacts f = facts.get(modelOf(m));
                if (f != null && f.netScore().ok()) {
                    models.add(m);
                }
            }
            if (models.size() < 2) {
                continue;
            }
            Map<String, Integer> nsRank = ranks(models, m -> facts.get(modelOf(m)).netScore().value());
            Map<String, Integer> samRank = ranks(models, m -> sam5.get(e.getKey()).get(m).value());
            List<PlotData.Point> pts = new ArrayList<>();
            for (String m : models) {
                pts.add(new PlotData.Point(m, "models", nsRank.get(m), samRank.get(m)));
            }
            out.add(new PlotData.RankRank("rank-rank-" + (++i),
                    "NetScore rank vs SAM5 rank — " + groupTitle(groupOf(e.getValue().get(0).key())), pts));
        }
        if (out.isEmpty()) {
            out.add(new PlotData.Missing("rank-rank", "NetScore rank vs SAM5 rank",
                    "no device × dataset group has SAM5 for two or more models with a NetScore (SAM needs measured "
                            + "energy and measured accuracy)"));
        }
        return out;
    }

    private List<PlotData> precisionPlots(Map<String, List<Merged>> precGroups) {
        Map<String, List<Merged>> byConfig = new LinkedHashMap<>();
        Map<String, String> titles = new HashMap<>();
        List<List<Merged>> lists = new ArrayList<>(precGroups.values());
        for (List<Merged> l : lists) {
            for (Merged m : l) {
                BenchmarkKey k = m.key();
                String key = k.device() + "\u0000" + k.dataset() + "\u0000" + k.provider() + "\u0000" + k.batch()
                        + "\u0000" + k.othersText();
                titles.putIfAbsent(key, "Latency and energy per precision — " + k.device() + " · " + k.dataset() + " · "
                        + k.provider() + " · batch " + k.batch() + (k.othersText().isEmpty() ? "" : " · " + k.othersText()));
                byConfig.computeIfAbsent(key, x -> new ArrayList<>()).add(m);
            }
        }
        List<String> keys = new ArrayList<>(byConfig.keySet());
        keys.sort(Comparator.naturalOrder());
        List<PlotData> out = new ArrayList<>();
        int i = 0;
        for (String key : keys) {
            List<Merged> ms = byConfig.get(key);
            Set<String> models = new java.util.TreeSet<>();
            Set<String> precisions = new java.util.TreeSet<>(Comparator.comparingInt(BenchmarkKey::precisionOrder)
                    .thenComparing(Comparator.naturalOrder()));
            Map<String, Map<String, Measure>> lat = new LinkedHashMap<>();
            Map<String, Map<String, Measure>> en = new LinkedHashMap<>();
            String energyWhy = "";
            for (Merged m : ms) {
                models.add(m.key().modelLabel());
                precisions.add(m.key().precision());
                lat.computeIfAbsent(m.key().precision(), x -> new LinkedHashMap<>()).put(m.key().modelLabel(),
                        m.latencyPerImageMs());
                Val e = m.energyPerImageMj(false);
                if (e.ok()) {
                    en.computeIfAbsent(m.key().precision(), x -> new LinkedHashMap<>()).put(m.key().modelLabel(),
                            e.measure());
                } else if (energyWhy.isEmpty()) {
                    energyWhy = e.reason();
                }
            }
            out.add(new PlotData.PrecisionBars("precision-" + (++i), titles.get(key), List.copyOf(models),
                    List.copyOf(precisions), lat, en, en.isEmpty() ? "no energy data: " + energyWhy : ""));
        }
        return out;
    }
}
