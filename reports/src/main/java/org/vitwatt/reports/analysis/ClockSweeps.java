package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vitwatt.results.Params;

/**
 * Clock sweeps: merged benchmarks that differ only in {@code -p gpuClock} / {@code -p cpuClock} (a JMH matrix such as
 * {@code -p gpuClock=306,612,918,1300}), grouped by the rest of their key, with the energy-optimal clock and the lowest
 * clock within a latency target chosen once for the table and the plot of each sweep.
 */
public final class ClockSweeps {
    private ClockSweeps() {
    }

    /**
     * One sweep.
     *
     * @param key          what its benchmarks share: their key without the clock params
     * @param rows         its benchmarks, GPU clock rising then CPU clock rising ({@code max}, then {@code default},
     *                     last)
     * @param cheapest     the row with the lowest valid energy per image, if any has one
     * @param lowestWithin the first row that holds a clock and whose latency per image meets the target, if a target
     *                     was given and some row meets it
     */
    public record Sweep(BenchmarkKey key, List<Merged> rows, Optional<Merged> cheapest, Optional<Merged> lowestWithin) {
    }

    /** Every sweep of at least two clocks, in key order. */
    public static List<Sweep> of(List<Merged> merged, ReportOptions options) {
        Map<BenchmarkKey, List<Merged>> sweeps = new TreeMap<>();
        for (Merged m : merged) {
            sweeps.computeIfAbsent(withoutClocks(m.key()), x -> new ArrayList<>()).add(m);
        }
        List<Sweep> out = new ArrayList<>();
        for (Map.Entry<BenchmarkKey, List<Merged>> e : sweeps.entrySet()) {
            List<Merged> rows = new ArrayList<>(e.getValue());
            if (rows.size() < 2) {
                continue; // one clock: not a sweep
            }
            rows.sort(Comparator.comparingDouble((Merged m) -> mhz(m, Params.GPU_CLOCK))
                    .thenComparingDouble(m -> mhz(m, Params.CPU_CLOCK)));
            out.add(new Sweep(e.getKey(), List.copyOf(rows), cheapest(rows), lowestWithin(rows, options)));
        }
        return out;
    }

    private static Optional<Merged> cheapest(List<Merged> rows) {
        Merged cheapest = null;
        for (Merged m : rows) {
            Val e = m.energyPerImageMj(false);
            if (e.ok() && (cheapest == null || e.value() < cheapest.energyPerImageMj(false).value())) {
                cheapest = m;
            }
        }
        return Optional.ofNullable(cheapest);
    }

    private static Optional<Merged> lowestWithin(List<Merged> rows, ReportOptions options) {
        if (!options.hasLatencyTarget()) {
            return Optional.empty();
        }
        for (Merged m : rows) {
            if (m.latencyPerImageMs().value() <= options.latencyTargetMs() && isClock(m)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The key without its clock params: what the benchmarks of one sweep share. */
    static BenchmarkKey withoutClocks(BenchmarkKey k) {
        TreeMap<String, String> others = new TreeMap<>(k.others());
        others.remove(Params.GPU_CLOCK);
        others.remove(Params.CPU_CLOCK);
        return new BenchmarkKey(k.device(), k.benchmark(), k.model(), k.dataset(), k.precision(), k.provider(),
                k.batch(), others);
    }

    /**
     * A clock param as a sort key: MHz, {@code max} above every number ({@link Double#MAX_VALUE}), {@code default}
     * (the governor) or anything else last ({@link Double#POSITIVE_INFINITY}).
     */
    public static double mhz(Merged m, String param) {
        String v = m.key().others().getOrDefault(param, Params.DEFAULT_CLOCK).strip().toLowerCase(Locale.ROOT);
        if (v.equals("max")) {
            return Double.MAX_VALUE;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    /** True when the benchmark held some clock (not both left to the governor). */
    private static boolean isClock(Merged m) {
        return mhz(m, Params.GPU_CLOCK) != Double.POSITIVE_INFINITY
                || mhz(m, Params.CPU_CLOCK) != Double.POSITIVE_INFINITY;
    }
}
