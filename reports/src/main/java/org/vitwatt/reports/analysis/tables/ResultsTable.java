package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Throttling;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;
import org.vitwatt.results.Metrics;

/** Every merged benchmark with every figure, its flags, runs and the file:line of each result merged. */
public final class ResultsTable {
    public static final List<Column> COLUMNS = List.of(Column.text("device", "device"), Column.text("model", "model"),
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

    private ResultsTable() {
    }

    public static TableFamily family(List<Merged> merged) {
        Table.Builder t = new Table.Builder("Every benchmark, merged over runs", Map.of());
        for (Merged m : merged) {
            BenchmarkKey k = m.key();
            t.row(List.of(Cell.text(k.device()), Cell.text(k.modelLabel()), Cell.text(k.dataset()),
                    Cell.text(k.precision()), Cell.text(k.provider()), Cell.integer(k.batch()), Cell.text(k.othersText()),
                    Cell.integer(m.latencyMs().runs()), Cell.text(String.join(", ", m.modes())), Cell.meas(m.latencyMs()),
                    Cell.meas(m.latencyPerImageMs()), percentile(m, 50.0), percentile(m, 99.0), Cell.meas(m.throughput()),
                    m.energyPerBatchMj().cell(), m.energyPerImageMj(false).cell(), m.energyPerImageMj(true).cell(),
                    m.meanPowerW().cell(), m.power(Metrics.POWER_PEAK.label()).numCell(),
                    m.power(Metrics.POWER_IDLE.label()).numCell(), m.accuracy(Metrics.ACCURACY_TOP1.label()).cell(),
                    m.accuracy(Metrics.ACCURACY_TOP5.label()).cell(),
                    m.key().precision().equals("fp32") ? Cell.EMPTY : m.agreement().cell(),
                    number(m, Metrics.ACCURACY_IMAGES.label(), 1, true), number(m, Metrics.MODEL_PARAMS.label(), 1e-6, false),
                    number(m, Metrics.MODEL_GMACS.label(), 1, false), number(m, Metrics.MODEL_FILE_MIB.label(), 1, false),
                    number(m, Metrics.MEMORY_PEAK_RSS.label(), 1, false),
                    number(m, Metrics.SESSION_CREATE_MS.label(), 1, false), Cell.text(flags(m)), Cell.text(m.sources())));
        }
        return new TableFamily("results", "All results",
                "Every benchmark (device × model × dataset × precision × provider × batch × other params), merged over "
                        + "its runs (forks and files).",
                List.of(), COLUMNS,
                List.of("latency: JMH score per operation (one batch), ms; throughput = batch × 1000 / latency, images/s; "
                        + "p50/p99 from JMH sample mode only",
                        "energy per image = energy.perImage (or energy.total / batch), mJ; above idle subtracts idle "
                                + "power × time; power in W; accuracy in %",
                        "± = 99.9 % confidence half-width (JMH); [low, high] = the interval when it is not symmetric "
                                + "(the hull of the runs' intervals when merged, or a reciprocal); (n runs: min–max) = "
                                + "spread across runs (forks of every file)", Merged.NA_LEGEND),
                List.of(t.build()), merged.isEmpty() ? "no results" : "");
    }

    /** What a reader should know of a benchmark's figures, comma-separated. */
    static String flags(Merged m) {
        List<String> flags = new ArrayList<>();
        if (m.syntheticWeights()) {
            flags.add("synthetic weights");
        }
        if (m.energyInvalid()) {
            flags.add("energy invalid");
        }
        if (m.energyDropped() > 0) {
            flags.add("energy of " + m.energyDropped() + " of " + m.results().size() + " results invalid, left out");
        }
        if (m.shortWindow()) {
            flags.add("short energy window");
        }
        if (m.energyEstimate()) {
            flags.add("energy estimated");
        }
        Throttling.worst(m.results().stream().map(BenchmarkResult::secondary).toList()).map(Throttling::text)
                .ifPresent(flags::add);
        return String.join(", ", flags);
    }

    private static Cell percentile(Merged m, double p) {
        Double v = m.percentiles().get(p);
        return v == null ? Cell.EMPTY : Cell.num(v);
    }

    private static Cell number(Merged m, String label, double scale, boolean integer) {
        return m.metric(label).map(x -> integer ? Cell.integer(Math.round(x.value() * scale)) : Cell.num(x.value() * scale))
                .orElse(Cell.EMPTY);
    }
}
