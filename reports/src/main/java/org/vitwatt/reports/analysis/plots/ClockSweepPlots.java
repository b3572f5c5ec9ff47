package org.vitwatt.reports.analysis.plots;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.ClockSweeps;
import org.vitwatt.reports.analysis.Groups;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.analysis.Val;
import org.vitwatt.reports.table.Numbers;
import org.vitwatt.results.Params;

/**
 * Each clock sweep of the Clock sweeps table as energy and latency per image against the clock (MHz): the sweep's
 * energy-optimal clock and its lowest clock within {@code --latency-target} marked and named. None without a sweep.
 */
public final class ClockSweepPlots {
    public static final String ENERGY = "energy (mJ/image)";
    public static final String LATENCY = "latency (ms/image)";

    private ClockSweepPlots() {
    }

    public static List<PlotData> of(List<Merged> merged, ReportOptions options) {
        List<PlotData> out = new ArrayList<>();
        int i = 0;
        for (ClockSweeps.Sweep s : ClockSweeps.of(merged, options)) {
            out.add(plot("clock-sweep-" + (++i), s, options));
        }
        return out;
    }

    /** "energy-optimal: 612 MHz (7 mJ/image)". */
    public static String energyOptimal(String clock, double mj) {
        return "energy-optimal: " + clock + " MHz (" + Numbers.compact(mj) + " mJ/image)";
    }

    /** "lowest within 30 ms/image: 1300 MHz". */
    public static String lowestWithin(String clock, double targetMs) {
        return "lowest within " + Numbers.compact(targetMs) + " ms/image: " + clock + " MHz";
    }

    private static PlotData plot(String id, ClockSweeps.Sweep s, ReportOptions options) {
        BenchmarkKey k = s.key();
        String title = "Clock sweep — " + k.modelLabel() + " " + k.precision() + " · " + Groups.configTitle(k);
        Optional<String> param = sweptParam(s.rows());
        if (param.isEmpty()) {
            return new PlotData.Missing(id, title, "the clocks of this sweep are not one -p gpuClock or -p cpuClock "
                    + "given in MHz at two or more values: see the Clock sweeps table");
        }
        String p = param.get();
        List<PlotData.Point> energy = new ArrayList<>();
        List<PlotData.Point> latency = new ArrayList<>();
        List<PlotData.Mark> energyMarks = new ArrayList<>();
        List<PlotData.Mark> latencyMarks = new ArrayList<>();
        for (Merged m : s.rows()) {
            double x = ClockSweeps.mhz(m, p);
            if (!numeric(x)) {
                continue; // max or the governor: no place on a MHz axis
            }
            String clock = m.key().others().get(p).strip();
            latency.add(new PlotData.Point(clock, LATENCY, x, m.latencyPerImageMs().value()));
            Val e = m.energyPerImageMj(false);
            if (e.ok()) {
                energy.add(new PlotData.Point(clock, ENERGY, x, e.value()));
            }
            if (s.cheapest().orElse(null) == m) {
                energyMarks.add(new PlotData.Mark(energyOptimal(clock, e.value()), x));
            }
            if (s.lowestWithin().orElse(null) == m) {
                latencyMarks.add(new PlotData.Mark(lowestWithin(clock, options.latencyTargetMs()), x));
            }
        }
        return new PlotData.ClockSweep(id, title, p, List.copyOf(energy), List.copyOf(latency),
                List.copyOf(energyMarks), List.copyOf(latencyMarks), options.latencyTargetMs());
    }

    /**
     * The clock the sweep varies: {@code gpuClock} when it takes two or more MHz values and {@code cpuClock} one,
     * or the other way round; empty when neither or both do.
     */
    private static Optional<String> sweptParam(List<Merged> rows) {
        boolean gpu = values(rows, Params.GPU_CLOCK) >= 2;
        boolean cpu = values(rows, Params.CPU_CLOCK) >= 2;
        if (gpu == cpu) {
            return Optional.empty();
        }
        return Optional.of(gpu ? Params.GPU_CLOCK : Params.CPU_CLOCK);
    }

    private static int values(List<Merged> rows, String param) {
        Set<Double> seen = new HashSet<>();
        for (Merged m : rows) {
            double x = ClockSweeps.mhz(m, param);
            if (numeric(x)) {
                seen.add(x);
            }
        }
        return seen.size();
    }

    private static boolean numeric(double mhz) {
        return mhz != Double.MAX_VALUE && mhz != Double.POSITIVE_INFINITY;
    }
}
