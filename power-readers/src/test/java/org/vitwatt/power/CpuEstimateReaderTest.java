package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitwatt.power.estimate.CpuEstimateReader;

/** The OSHI load x TDP estimate: labelled as such, bounded by the TDP. */
class CpuEstimateReaderTest {
    @Test
    void estimateIsLabelledAndBoundedByTheTdp() throws Exception {
        CpuEstimateReader r = new CpuEstimateReader();
        assertTrue(r.isEstimate());
        assertTrue(r.id().contains("estimate") && r.description().startsWith("ESTIMATE"));
        Availability none = r.probe(PowerOptions.defaults());
        assertFalse(none.available());
        assertEquals("The cpu-estimate reader needs the CPU's TDP in watts: add tdp=W (e.g. tdp=65)", none.reason());
        try (Sensor s = r.open(PowerOptions.parse("tdp=40"))) {
            assertTrue(s.isEstimate());
            assertEquals("cpu", s.channels().get(0).name());
            assertTrue(s.channels().get(0).detail().startsWith("ESTIMATE"));
            double[] mw = new double[1];
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) { // some load
                s.readPowerMilliWatts(mw);
                assertTrue(mw[0] >= 0 && mw[0] <= 40_000, "mW " + mw[0]);
            }
            try (Sampler sampler = new Sampler(List.of(s), 1000, new ManualClock(0))) {
                assertTrue(sampler.window(0, 1).estimate());
            }
        }
    }
}
