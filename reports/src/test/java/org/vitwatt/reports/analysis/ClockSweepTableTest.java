package org.vitwatt.reports.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.Fixtures.put;
import static org.vitwatt.reports.analysis.ReportBuilderTest.build;
import static org.vitwatt.reports.analysis.ReportBuilderTest.rows;
import static org.vitwatt.reports.analysis.ReportBuilderTest.text;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.TableFamily;

/**
 * A sweep {@code -p gpuClock=306,612,1300,default} of deit_tiny: one table, rows in rising clock order with the clock
 * measured, the energy-optimal clock, the lowest clock within the latency target, and the throttled row named.
 */
class ClockSweepTableTest {
    @TempDir
    Path dir;

    private static JsonObject at(String clock, double ms, double mj, double lowestMHz) {
        return Fixtures.atGpuClock(clock, ms, mj, lowestMHz);
    }

    private List<JsonObject> sweep() {
        List<JsonObject> rs = new ArrayList<>();
        rs.add(at("1300", 20, 10, 612)); // throttled: its clock dropped to 612 MHz for 48.3 % of an iteration
        put(rs.get(0), "device.throttled", 0.483, Double.NaN, "fraction");
        put(rs.get(0), "device.throttled(gpu:clock_drop)", 0.483, Double.NaN, "fraction");
        rs.add(at("default", 21, 11, 1300.5));
        rs.add(at("306", 60, 9, 306));
        rs.add(at("612", 35, 7, 612));
        return rs;
    }

    @Test
    void oneRowPerClockRisingWithTheEnergyOptimalTheLowestWithinTheTargetAndTheThrottledNamed() throws Exception {
        Path f = Fixtures.write(dir.resolve("sweep.json"), sweep());
        Report r = build(new ReportOptions("t", false, ReportOptions.AccuracySource.PUBLISHED, false, 0, 12, 500, 100,
                30), List.of(), f);
        TableFamily clocks = r.family("clocks");
        assertEquals(1, clocks.tables().size());
        List<Map<String, Cell>> rows = rows(clocks);
        assertEquals(List.of("306", "612", "1300", "default"), rows.stream().map(x -> text(x.get("gpuClock"))).toList());
        assertEquals(List.of("", "energy-optimal (lowest mJ/image)",
                "lowest clock within 30 ms/image, throttled 48.3 % of an iteration (gpu:clock_drop)", ""),
                rows.stream().map(x -> text(x.get("note"))).toList());
        assertEquals(List.of("306.00", "612.00", "612.00", "1300.50"),
                rows.stream().map(x -> text(x.get("gpuMHzMin"))).toList());
        assertEquals(7.0, rows.get(1).get("energyPerImageMj").sortValue(), 1e-9);
        assertEquals(20.0, rows.get(2).get("latencyPerImageMs").sortValue(), 1e-9);
        assertEquals("deit_tiny_patch16_224", clocks.tables().get(0).group().get("model"));
        assertTrue(!clocks.tables().get(0).group().get("params").contains("gpuClock"),
                clocks.tables().get(0).group().toString());
    }

    @Test
    void withoutATargetOrASweepTheTableSaysWhatIsMissing() throws Exception {
        Path f = Fixtures.write(dir.resolve("sweep.json"), sweep());
        Report fast = build(new ReportOptions("t", false, ReportOptions.AccuracySource.PUBLISHED, false, 0, 12, 500,
                100, 5), List.of(), f);
        assertEquals(List.of("no clock meets 5 ms/image"), fast.family("clocks").tables().get(0).notes());
        Report none = build(Fixtures.write(dir.resolve("one.json"), List.of(at("612", 35, 7, 612))));
        assertEquals(0, none.family("clocks").tables().size());
        assertEquals("no clock sweep: no benchmark ran at more than one -p gpuClock or -p cpuClock",
                none.family("clocks").emptyReason());
    }
}
