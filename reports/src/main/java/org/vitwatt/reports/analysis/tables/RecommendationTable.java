package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.analysis.SamScores;
import org.vitwatt.reports.analysis.Val;
import org.vitwatt.reports.analysis.Verdicts;
import org.vitwatt.reports.analysis.plots.ParetoFront;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Numbers;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;
import org.vitwatt.results.Metrics;

/**
 * The answer, per device × dataset: the best configuration (model · precision · provider · batch · other params)
 * by SAM5; with {@code --latency-target}, the best SAM5 among those that meet it; the Pareto set of energy per image
 * vs top-1; the lowest energy per image; the fastest per image. Where a criterion cannot be answered its row says
 * why. Claims between the best and the runner-up follow the report's rule (99.9 % intervals apart, threshold).
 */
public final class RecommendationTable {
    public static final String BEST_SAM5 = "best SAM5";
    public static final String PARETO = "Pareto set";
    public static final String LOWEST_ENERGY = "lowest energy";
    public static final String FASTEST = "fastest";

    public static final List<Column> GROUP_COLUMNS = List.of(Column.text("device", "device"),
            Column.text("dataset", "dataset"));

    public static final List<Column> COLUMNS = List.of(Column.text("criterion", "criterion"),
            Column.text("model", "model"), Column.text("precision", "precision"), Column.text("provider", "provider"),
            Column.integer("batch", "batch"), Column.text("params", "other params"), Column.measure("sam5", "SAM5", "1/J", 4),
            Column.measure("energyPerImageMj", "energy", "mJ/image", 3), Column.measure("top1", "top-1", "%", 2),
            Column.measure("latencyPerImageMs", "latency", "ms/image", 3), Column.text("note", "note"));

    private RecommendationTable() {
    }

    /** "within 20 ms/image": the criterion of the latency target. */
    public static String withinTarget(double ms) {
        return BEST_SAM5 + " within " + Numbers.compact(ms) + " ms/image";
    }

    public static TableFamily family(List<Merged> merged, SamScores sam, ReportOptions options) {
        Map<String, List<Merged>> byPlace = new LinkedHashMap<>();
        for (Merged m : merged) {
            byPlace.computeIfAbsent(m.key().device() + "\u0000" + m.key().dataset(), k -> new ArrayList<>()).add(m);
        }
        List<List<Merged>> places = new ArrayList<>(byPlace.values());
        // the places with an answer first: the first screen shows the best configuration there is
        places.sort(Comparator.comparing((List<Merged> ms) -> ms.stream().noneMatch(m -> sam.of(m, 5).ok())));
        List<Table> tables = new ArrayList<>();
        for (List<Merged> ms : places) {
            Map<String, String> g = new LinkedHashMap<>();
            g.put("device", ms.get(0).key().device());
            g.put("dataset", ms.get(0).key().dataset());
            Table.Builder t = new Table.Builder(ms.get(0).key().device() + " · " + ms.get(0).key().dataset(), g);
            Varying varying = Varying.of(ms);
            if (!varying.same().isEmpty()) {
                t.note("every configuration here has " + varying.same() + "; the other params column shows only the "
                        + "params that differ");
            }
            Context c = new Context(t, sam, options, varying);
            best(c, BEST_SAM5, ms);
            if (options.hasLatencyTarget()) {
                List<Merged> meet = ms.stream()
                        .filter(m -> m.latencyPerImageMs().value() <= options.latencyTargetMs()).toList();
                String criterion = withinTarget(options.latencyTargetMs());
                if (meet.isEmpty()) {
                    t.row(empty(criterion, "none of the " + ms.size() + " configurations meets "
                            + Numbers.compact(options.latencyTargetMs()) + " ms/image (fastest: "
                            + Numbers.fixed(lowest(ms, m -> m.latencyPerImageMs().value()).latencyPerImageMs().value(), 3)
                            + " ms/image)"));
                } else {
                    best(c, criterion, meet);
                }
            }
            pareto(c, ms);
            Merged cheapest = lowest(ms.stream().filter(m -> m.energyPerImageMj(options.samAboveIdle()).ok()).toList(),
                    m -> m.energyPerImageMj(options.samAboveIdle()).value());
            if (cheapest == null) {
                t.row(empty(LOWEST_ENERGY, mostCommon(ms, m -> m.energyPerImageMj(options.samAboveIdle()).reason())));
            } else {
                t.row(c.row(LOWEST_ENERGY, cheapest, ""));
            }
            t.row(c.row(FASTEST, lowest(ms, m -> m.latencyPerImageMs().value()), ""));
            tables.add(t.build());
        }
        return new TableFamily("recommendation", "Recommendation",
                "The answer per device × dataset: the best configuration by SAM5"
                        + (options.hasLatencyTarget() ? ", the best that meets the latency target" : "")
                        + ", the Pareto set of energy vs accuracy, the lowest energy and the fastest per image, over "
                        + "every model, precision, provider, batch and other parameter measured there.",
                GROUP_COLUMNS, COLUMNS,
                List.of("SAM5 = A^5 / E (A top-1 as a fraction, E joules per image), higher is better; the best is "
                        + "said to beat the runner-up only where their 99.9 % intervals do not overlap"
                        + Verdicts.thresholdClause(options.threshold()),
                        "Pareto set: no other configuration has both lower energy per image and higher top-1"),
                tables, tables.isEmpty() ? "no results" : "");
    }

    /** What building one place's rows needs. */
    private record Context(Table.Builder table, SamScores sam, ReportOptions options, Varying varying) {
        /** "deit_small · int8 · cpu · batch 1 · threads=4", with only the params that differ here. */
        String label(BenchmarkKey k) {
            String params = varying.text(k);
            return k.modelLabel() + " · " + k.precision() + " · " + k.provider() + " · batch " + k.batch()
                    + (params.isEmpty() ? "" : " · " + params);
        }

        List<Cell> row(String criterion, Merged m, String note) {
            BenchmarkKey k = m.key();
            return List.of(Cell.text(criterion), Cell.text(k.modelLabel()), Cell.text(k.precision()),
                    Cell.text(k.provider()), Cell.integer(k.batch()), Cell.text(varying.text(k)), sam.of(m, 5).cell(),
                    m.energyPerImageMj(options.samAboveIdle()).cell(), m.accuracy(Metrics.ACCURACY_TOP1.label()).cell(),
                    Cell.meas(m.latencyPerImageMs()), Cell.text(note));
        }
    }

    private static void best(Context c, String criterion, List<Merged> ms) {
        List<Merged> ranked = new ArrayList<>(ms.stream().filter(m -> c.sam().of(m, 5).ok()).toList());
        if (ranked.isEmpty()) {
            c.table().row(empty(criterion, "no SAM5: " + mostCommon(ms, m -> c.sam().of(m, 5).reason())));
            return;
        }
        ranked.sort((a, b) -> Double.compare(c.sam().of(b, 5).value(), c.sam().of(a, 5).value()));
        Merged best = ranked.get(0);
        String note = "the only configuration with a SAM5";
        if (ranked.size() > 1) {
            Merged second = ranked.get(1);
            note = Verdicts.text(c.sam().of(best, 5).measure().compareTo(c.sam().of(second, 5).measure(),
                    c.options().threshold()), "higher than #2 (CIs apart)", "lower than #2 (CIs apart)")
                    .replace("no claim:", "no claim over #2:");
            c.table().note(criterion + ": #2 is " + c.label(second.key()) + " (SAM5 "
                    + Numbers.compact(c.sam().of(second, 5).value()) + " 1/J)");
        }
        c.table().row(c.row(criterion, best, note));
    }

    private static void pareto(Context c, List<Merged> ms) {
        boolean aboveIdle = c.options().samAboveIdle();
        List<PlotData.Point> points = new ArrayList<>();
        Map<PlotData.Point, Merged> of = new LinkedHashMap<>();
        for (Merged m : ms) {
            Val e = m.energyPerImageMj(aboveIdle);
            Val a = m.accuracy(Metrics.ACCURACY_TOP1.label());
            if (e.ok() && a.ok()) {
                PlotData.Point p = new PlotData.Point(c.label(m.key()), m.key().precision(), e.value(), a.value());
                points.add(p);
                of.put(p, m);
            }
        }
        if (points.isEmpty()) {
            c.table().row(empty(PARETO, "needs energy and measured top-1: " + mostCommon(ms, m -> {
                Val e = m.energyPerImageMj(aboveIdle);
                return !e.ok() ? e.reason() : m.accuracy(Metrics.ACCURACY_TOP1.label()).reason();
            })));
            return;
        }
        List<PlotData.Point> front = ParetoFront.of(points);
        for (int i = 0; i < front.size(); i++) {
            c.table().row(c.row(PARETO, of.get(front.get(i)), (i + 1) + " of " + front.size()
                    + (i == 0 ? ", lowest energy" : i == front.size() - 1 ? ", highest top-1" : "")));
        }
    }

    /** The other params that differ between a place's configurations, and those every one has. */
    record Varying(Set<String> keys, String same) {
        static Varying of(List<Merged> ms) {
            Map<String, Set<String>> values = new TreeMap<>();
            for (Merged m : ms) {
                m.key().others().forEach((k, v) -> values.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
            }
            Set<String> keys = new TreeSet<>();
            List<String> same = new ArrayList<>();
            for (Map.Entry<String, Set<String>> e : values.entrySet()) {
                boolean everywhere = ms.stream().allMatch(m -> m.key().others().containsKey(e.getKey()));
                if (e.getValue().size() > 1 || !everywhere) {
                    keys.add(e.getKey());
                } else {
                    same.add(e.getKey() + "=" + e.getValue().iterator().next());
                }
            }
            return new Varying(keys, String.join(", ", same));
        }

        /** "threads=4": the key's params that differ here. */
        String text(BenchmarkKey k) {
            StringBuilder sb = new StringBuilder();
            k.others().forEach((name, v) -> {
                if (keys.contains(name)) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(name).append('=').append(v);
                }
            });
            return sb.toString();
        }
    }

    private static List<Cell> empty(String criterion, String why) {
        return List.of(Cell.text(criterion), Cell.na(why), Cell.EMPTY, Cell.EMPTY, Cell.EMPTY, Cell.EMPTY, Cell.EMPTY,
                Cell.EMPTY, Cell.EMPTY, Cell.EMPTY, Cell.EMPTY);
    }

    private static Merged lowest(List<Merged> ms, ToDoubleFunction<Merged> f) {
        Merged best = null;
        for (Merged m : ms) {
            if (best == null || f.applyAsDouble(m) < f.applyAsDouble(best)) {
                best = m;
            }
        }
        return best;
    }

    /** The reason most benchmarks give, with how many give it when not all do. */
    private static String mostCommon(List<Merged> ms, Function<Merged, String> why) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (Merged m : ms) {
            String w = why.apply(m);
            if (!w.isEmpty()) {
                n.merge(w, 1, Integer::sum);
            }
        }
        String top = "";
        int count = 0;
        for (Map.Entry<String, Integer> e : n.entrySet()) {
            if (e.getValue() > count) {
                top = e.getKey();
                count = e.getValue();
            }
        }
        return count == ms.size() || count == 0 ? top : String.format(Locale.ROOT, "%s (%d of %d)", top, count, ms.size());
    }
}
