package org.vitwatt.reports.analysis.plots;

import java.util.List;
import java.util.Map;
import org.vitwatt.reports.metrics.Measure;

/** What a plot shows, computed from the results; {@code render.Plots} draws it. */
public sealed interface PlotData permits PlotData.EnergyAccuracy, PlotData.RankRank, PlotData.PrecisionBars,
        PlotData.PlanCost, PlotData.ClockSweep, PlotData.Missing {
    /** File-name-safe id, unique in the report: plots/ID.svg and plots/ID.png. */
    String id();

    String title();

    /** A point of a scatter plot. */
    record Point(String label, String series, double x, double y) {
    }

    /**
     * Energy per image (x, mJ) vs top-1 (y, %) of one configuration (device, dataset, provider, batch, other
     * params); {@code front} is the Pareto front (lowest energy for its accuracy), in order of energy.
     */
    record EnergyAccuracy(String id, String title, String device, String dataset, String energyLabel,
            List<Point> points, List<Point> front) implements PlotData {
    }

    /** NetScore rank (x) vs SAM5 rank (y) of one SAM group; points on the diagonal agree. */
    record RankRank(String id, String title, List<Point> points) implements PlotData {
    }

    /**
     * Latency and energy per image per precision (series) per model (category) of one configuration; whiskers are
     * each measure's 99.9 % interval, as asymmetric as it is; {@code energy} is empty and {@code energyMissing} says
     * why when no energy was measured.
     */
    record PrecisionBars(String id, String title, String device, String dataset, List<String> models,
            List<String> precisions, Map<String, Map<String, Measure>> latency,
            Map<String, Map<String, Measure>> energy, String energyMissing) implements PlotData {
    }

    /**
     * The plans of a search: bit-weighted operations per image (x, GBOPs) vs accuracy loss (y, points);
     * {@code front} is the Pareto plans, cheapest first.
     */
    record PlanCost(String id, String title, List<Point> points, List<Point> front) implements PlotData {
    }

    /** A vertical line across a plot at {@code x}, named by {@code label}. */
    record Mark(String label, double x) {
    }

    /**
     * One clock sweep: energy per image (mJ) and latency per image (ms) against the clock held ({@code clockParam},
     * MHz, x) — a point per clock given in MHz, labelled with it; {@code energy} is empty when no clock has a valid
     * energy. {@code energyMarks} marks the energy-optimal clock, {@code latencyMarks} the lowest clock within
     * {@code --latency-target}, drawn as a horizontal line at {@code latencyTargetMs} (NaN when none was given).
     */
    record ClockSweep(String id, String title, String clockParam, List<Point> energy, List<Point> latency,
            List<Mark> energyMarks, List<Mark> latencyMarks, double latencyTargetMs) implements PlotData {
    }

    /** A plot that cannot be drawn, and why (printed in its place). */
    record Missing(String id, String title, String reason) implements PlotData {
    }
}
