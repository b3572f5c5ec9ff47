package org.vitwatt.bench.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.vitwatt.bench.MeasuredResult;
import org.vitwatt.power.SamplingRate;
import org.vitwatt.power.UpdateInterval;
import org.vitwatt.power.WindowStats;

/** One iteration's figures from made-up windows: exact values, and nothing at all from an invalid window. */
class EnergyFiguresTest {
    private static final SamplingRate RATE = new SamplingRate(286, "auto: test",
            List.of(new UpdateInterval("ina3221", 7_000_000L, "update_interval 7 ms")));

    /** 2 s at 5 W on VDD_IN (the total) with a 2 W sub-rail: 10 J. */
    private static WindowStats valid() {
        return new WindowStats(0, 2_000_000_000L, true, "", 10.0, 5.0, 6.0, 572, 286, 0, 3_500_000L, 285.7, false,
                List.of(new WindowStats.ChannelStats("ina3221", "VDD_IN", true, 10.0, 5.0, 6.0),
                        new WindowStats.ChannelStats("ina3221", "VDD_GPU", false, 4.0, 2.0, 2.5)));
    }

    private static Map<String, Result> byLabel(List<Result> results) {
        Map<String, Result> m = new LinkedHashMap<>();
        results.forEach(r -> m.put(r.getLabel(), r));
        return m;
    }

    @Test
    void aValidWindowGivesEveryFigureExactly() {
        WindowStats idle = new WindowStats(0, 1_000_000_000L, true, "", 4.0, 4.0, 4.0, 286, 286, 0, 3_500_000L, 142.9,
                false, List.of());
        EnergyFigures.Figures f = EnergyFigures.of(valid(), idle, 1000, 4, RATE, null, Double.NaN);
        assertNull(f.invalid());
        Map<String, Result> m = byLabel(f.results());
        assertEquals(10.0, m.get("energy.total").getScore(), 1e-12);         // 10 J x 1000 / 1000 ops = 10 mJ/op
        assertEquals(2.0, m.get("energy.aboveIdle").getScore(), 1e-12);      // (10 - 4 W x 2 s) J / 1000
        assertEquals(2.5, m.get("energy.perImage").getScore(), 1e-12);
        assertEquals(0.5, m.get("energy.perImage.aboveIdle").getScore(), 1e-12);
        assertEquals(5.0, m.get("power.mean").getScore(), 1e-12);
        assertEquals(6.0, m.get("power.peak").getScore(), 1e-12);
        assertEquals(4.0, m.get("power.idle").getScore(), 1e-12);
        assertEquals(4.0, m.get("energy.total(ina3221/VDD_GPU)").getScore(), 1e-12);
        assertEquals(1.0, m.get("energy.inTotal(ina3221/VDD_IN)").getScore());
        assertNull(m.get("energy.inTotal(ina3221/VDD_GPU)"));
        assertEquals(286.0, m.get("energy.targetRateHz").getScore());
        assertEquals(7.0, m.get("energy.updateMs(ina3221)").getScore(), 1e-12);
        assertEquals(1.0, m.get("energy.validIterations").getScore());
        assertEquals(0.0, m.get("energy.invalid").getScore());
        assertTrue(f.results().stream().allMatch(r -> r instanceof MeasuredResult), "never padded with zeros");
    }

    @Test
    void energyIsTheWindowsMeanPowerOverTheTimeJmhMeasured() {
        // the marked 2 s span held 1.98 s of JMH's measured loop (a GC pause or bookkeeping in the rest)
        Map<String, Result> m = byLabel(EnergyFigures.of(valid(), null, 1000, 4, RATE, null, 1.98).results());
        assertEquals(5.0 * 1.98, m.get("energy.total").getScore(), 1e-12);
        assertEquals(2.0 * 1.98, m.get("energy.total(ina3221/VDD_GPU)").getScore(), 1e-12);
        assertEquals(5.0, m.get("power.mean").getScore(), 1e-12);
        // a measured time longer than the window cannot be: the window is used
        assertEquals(10.0, byLabel(EnergyFigures.of(valid(), null, 1000, 4, RATE, null, 2.5).results())
                .get("energy.total").getScore(), 1e-12);
    }

    @Test
    void anInvalidWindowGivesNoEnergyPowerOrPerImageFigureAndCarriesItsReason() {
        WindowStats bad = new WindowStats(0, 2_000_000_000L, false, "ina3221: sensor vanished", Double.NaN, Double.NaN,
                Double.NaN, 300, 150, 1, 40_000_000L, 285.7, false, List.of());
        EnergyFigures.Figures f = EnergyFigures.of(bad, null, 1000, 4, RATE, null, Double.NaN);
        assertEquals("ina3221: sensor vanished", f.invalid());
        Map<String, Result> m = byLabel(f.results());
        assertEquals(List.of("energy.samples", "energy.rateHz", "energy.targetRateHz", "energy.updateMs(ina3221)",
                "energy.validIterations", "energy.invalid"), List.copyOf(m.keySet()));
        assertEquals(0.0, m.get("energy.validIterations").getScore());
        assertEquals(1.0, m.get("energy.invalid").getScore());
        assertEquals("ina3221: sensor vanished", ((MeasuredResult) m.get("energy.invalid")).note());
    }

    @Test
    void aCoveredWindowCanStillBeRuledOutAndNoOperationsIsInvalidToo() {
        EnergyFigures.Figures ruled = EnergyFigures.of(valid(), null, 1000, 0, RATE, "holds the trial setup",
                Double.NaN);
        assertEquals("holds the trial setup", ruled.invalid());
        assertNull(byLabel(ruled.results()).get("energy.total"));
        EnergyFigures.Figures none = EnergyFigures.of(valid(), null, 0, 0, RATE, null, Double.NaN);
        assertEquals("JMH counted no operations in the iteration", none.invalid());
    }
}
