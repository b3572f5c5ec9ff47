package org.vitwatt.reports.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.analysis.ReportBuilderTest.build;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.analysis.plots.ClockSweepPlots;
import org.vitwatt.reports.analysis.plots.PlotData;

/**
 * A sweep {@code -p gpuClock=306,612,918,1300} of deit_tiny as a plot: energy and latency per image at each clock,
 * the energy-optimal clock and the lowest clock within {@code --latency-target} marked; no plot without a sweep.
 */
class ClockSweepPlotsTest {
    @TempDir
    Path dir;

    private Path sweep() {
        return Fixtures.write(dir.resolve("sweep.json"), List.of(Fixtures.atGpuClock("1300", 20, 10, 1300),
                Fixtures.atGpuClock("306", 60, 9, 306), Fixtures.atGpuClock("918", 25, 8, 918),
                Fixtures.atGpuClock("612", 35, 7, 612)));
    }

    private static ReportOptions target(double ms) {
        return new ReportOptions("t", false, ReportOptions.AccuracySource.PUBLISHED, false, 0, 12, 500, 100, ms);
    }

    private static PlotData.ClockSweep only(Report r) {
        List<PlotData.ClockSweep> l = r.plots().stream().filter(PlotData.ClockSweep.class::isInstance)
                .map(PlotData.ClockSweep.class::cast).toList();
        assertEquals(1, l.size(), r.plots().toString());
        return l.get(0);
    }

    @Test
    void aPointPerClockRisingWithTheEnergyOptimalAndTheLowestClockWithinTheTargetMarked() throws Exception {
        PlotData.ClockSweep p = only(build(target(30), List.of(), sweep()));
        assertEquals("clock-sweep-1", p.id());
        assertEquals("gpuClock", p.clockParam());
        assertTrue(p.title().startsWith("Clock sweep — deit_tiny_patch16_224 fp32 · "), p.title());
        assertEquals(List.of(new PlotData.Point("306", ClockSweepPlots.ENERGY, 306, 9),
                new PlotData.Point("612", ClockSweepPlots.ENERGY, 612, 7),
                new PlotData.Point("918", ClockSweepPlots.ENERGY, 918, 8),
                new PlotData.Point("1300", ClockSweepPlots.ENERGY, 1300, 10)), p.energy());
        assertEquals(List.of(new PlotData.Point("306", ClockSweepPlots.LATENCY, 306, 60),
                new PlotData.Point("612", ClockSweepPlots.LATENCY, 612, 35),
                new PlotData.Point("918", ClockSweepPlots.LATENCY, 918, 25),
                new PlotData.Point("1300", ClockSweepPlots.LATENCY, 1300, 20)), p.latency());
        assertEquals(List.of(new PlotData.Mark("energy-optimal: 612 MHz (7 mJ/image)", 612)), p.energyMarks());
        assertEquals(List.of(new PlotData.Mark("lowest within 30 ms/image: 918 MHz", 918)), p.latencyMarks());
        assertEquals(30.0, p.latencyTargetMs());
    }

    @Test
    void withoutATargetOrWhenNoClockMeetsItOnlyTheEnergyOptimalIsMarked() throws Exception {
        PlotData.ClockSweep none = only(build(sweep()));
        assertEquals(List.of(new PlotData.Mark("energy-optimal: 612 MHz (7 mJ/image)", 612)), none.energyMarks());
        assertEquals(List.of(), none.latencyMarks());
        assertTrue(Double.isNaN(none.latencyTargetMs()));
        PlotData.ClockSweep fast = only(build(target(5), List.of(), sweep()));
        assertEquals(List.of(), fast.latencyMarks());
        assertEquals(5.0, fast.latencyTargetMs());
    }

    @Test
    void resultsWithoutAClockParamHaveNoClockPlot() throws Exception {
        Report r = build(Fixtures.write(dir.resolve("results.json"), Fixtures.real()));
        assertTrue(r.plots().stream().noneMatch(p -> p.id().startsWith("clock-sweep")), r.plots().toString());
        Report one = build(Fixtures.write(dir.resolve("one.json"), List.of(Fixtures.atGpuClock("612", 35, 7, 612))));
        assertTrue(one.plots().stream().noneMatch(p -> p.id().startsWith("clock-sweep")), one.plots().toString());
    }

    @Test
    void aSweepWithoutTwoClocksInMhzSaysWhyItHasNoPlot() throws Exception {
        Report r = build(Fixtures.write(dir.resolve("governor.json"), List.of(Fixtures.atGpuClock("max", 20, 10,
                1300), Fixtures.atGpuClock("default", 21, 11, 1300))));
        List<PlotData> l = r.plots().stream().filter(p -> p.id().startsWith("clock-sweep")).toList();
        assertEquals(List.of("the clocks of this sweep are not one -p gpuClock or -p cpuClock given in MHz at two or "
                + "more values: see the Clock sweeps table"), l.stream().map(p -> ((PlotData.Missing) p).reason())
                .toList());
    }
}
