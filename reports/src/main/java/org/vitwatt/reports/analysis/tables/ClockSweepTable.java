package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.ClockSweeps;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Throttling;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Numbers;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;
import org.vitwatt.results.Metrics;
import org.vitwatt.results.Params;

/**
 * Clock sweeps: benchmarks that differ only in {@code -p gpuClock} / {@code -p cpuClock} (a JMH matrix such as
 * {@code -p gpuClock=306,612,918,1300}), one table per model × precision × the rest, a row per clock in rising order
 * with the clock measured, latency and energy per image; the note names the energy-optimal clock (lowest mJ/image),
 * the lowest clock that meets {@code --latency-target}, and any throttled row.
 */
public final class ClockSweepTable {
    public static final String ENERGY_OPTIMAL = "energy-optimal (lowest mJ/image)";

    public static final List<Column> GROUP_COLUMNS = List.of(Column.text("device", "device"),
            Column.text("model", "model"), Column.text("dataset", "dataset"), Column.text("precision", "precision"),
            Column.text("provider", "provider"), Column.integer("batch", "batch"), Column.text("params", "other params"));

    public static final List<Column> COLUMNS = List.of(Column.text("gpuClock", "-p gpuClock"),
            Column.text("cpuClock", "-p cpuClock"), Column.number("gpuMHzMin", "lowest GPU clock seen", "MHz", 1),
            Column.measure("latencyPerImageMs", "latency", "ms/image", 3),
            Column.measure("energyPerImageMj", "energy", "mJ/image", 3), Column.text("note", "note"));

    private ClockSweepTable() {
    }

    /** "lowest clock within 20 ms/image": the note of the latency target. */
    public static String withinTarget(double ms) {
        return "lowest clock within " + Numbers.compact(ms) + " ms/image";
    }

    public static TableFamily family(List<Merged> merged, ReportOptions options) {
        List<Table> tables = new ArrayList<>();
        for (ClockSweeps.Sweep s : ClockSweeps.of(merged, options)) {
            tables.add(table(s, options));
        }
        return new TableFamily("clocks", "Clock sweeps",
                "Benchmarks that differ only in -p gpuClock / -p cpuClock, a row per clock (rising; default last): "
                        + "what each clock costs in latency and energy.",
                GROUP_COLUMNS, COLUMNS,
                List.of("-p gpuClock / -p cpuClock: the clock asked for (MHz, max, or default = the governor); lowest "
                        + "GPU clock seen = device.clockMHz.min of the GPU (Jetson devfreq, or NVML's graphics clock), "
                        + "MHz; latency and energy per image as in All results",
                        ENERGY_OPTIMAL + " among the rows with energy; " + withinTarget(20).replace("20", "N")
                                + ": the lowest clock whose latency per image is at most --latency-target N"),
                tables, "no clock sweep: no benchmark ran at more than one -p gpuClock or -p cpuClock");
    }

    private static Table table(ClockSweeps.Sweep s, ReportOptions options) {
        BenchmarkKey k = s.key();
        Map<String, String> group = new LinkedHashMap<>();
        group.put("device", k.device());
        group.put("model", k.modelLabel());
        group.put("dataset", k.dataset());
        group.put("precision", k.precision());
        group.put("provider", k.provider());
        group.put("batch", Integer.toString(k.batch()));
        group.put("params", k.othersText());
        Merged cheapest = s.cheapest().orElse(null);
        Merged lowestWithin = s.lowestWithin().orElse(null);
        Table.Builder t = new Table.Builder("Clock sweep", group);
        for (Merged m : s.rows()) {
            List<String> notes = new ArrayList<>();
            if (m == cheapest) {
                notes.add(ENERGY_OPTIMAL);
            }
            if (m == lowestWithin) {
                notes.add(withinTarget(options.latencyTargetMs()));
            }
            Throttling.worst(m.results().stream().map(BenchmarkResult::secondary).toList()).map(Throttling::text)
                    .ifPresent(notes::add);
            t.row(List.of(Cell.text(m.key().others().getOrDefault(Params.GPU_CLOCK, Params.DEFAULT_CLOCK)),
                    Cell.text(m.key().others().getOrDefault(Params.CPU_CLOCK, Params.DEFAULT_CLOCK)), gpuMin(m),
                    Cell.meas(m.latencyPerImageMs()), m.energyPerImageMj(false).cell(),
                    Cell.text(String.join(", ", notes))));
        }
        if (options.hasLatencyTarget() && lowestWithin == null) {
            t.note("no clock meets " + Numbers.compact(options.latencyTargetMs()) + " ms/image");
        }
        return t.build();
    }

    /** The lowest GPU clock the energy profiler saw: Jetson's {@code gpu}, else the first NVML graphics clock. */
    private static Cell gpuMin(Merged m) {
        Optional<Measure> v = m.metric(Metrics.DEVICE_CLOCK_MIN.labelFor("gpu"));
        if (v.isEmpty()) {
            v = m.metric(Metrics.DEVICE_CLOCK_MIN.labelFor("nvml0.graphics"));
        }
        return v.map(x -> Cell.num(x.min())).orElse(Cell.EMPTY);
    }
}
