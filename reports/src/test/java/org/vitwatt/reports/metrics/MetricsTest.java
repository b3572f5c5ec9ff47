package org.vitwatt.reports.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void netScoreMatchesTheCheckValuesOfMetricsMd() {
        // metrics.md / paper-notes.md §1, computed by hand from timm's published figures
        assertEquals(56.02, NetScore.of(79.856, 22.05, 4.61), 0.005, "DeiT-S");
        assertEquals(67.50, NetScore.of(79.860, 10.95, 0.66), 0.005, "LeViT_Conv_192");
        // paper-notes §3 table, same convention
        assertEquals(69.13, NetScore.of(79.254, 9.10, 0.53), 0.005, "EfficientViT-B1");
        assertEquals(63.32, NetScore.of(83.232, 11.00, 2.03), 0.005, "TinyViT-11M_Distilled");
    }

    @Test
    void netScoreUnitConventionsOnlyShiftByAConstant() {
        double g = NetScore.of(79.856, 22.05, 4.61);
        assertEquals(g - 30, NetScore.of(79.856, 22.05, 4610), 1e-9, "MACs in M: -30 dB");
        assertEquals(g - 80, NetScore.of(0.79856, 22.05, 4.61), 1e-9, "accuracy as a fraction: -80 dB");
    }

    @Test
    void netScoreRejectsMeaninglessInputs() {
        assertThrows(IllegalArgumentException.class, () -> NetScore.of(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> NetScore.of(80, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> NetScore.of(80, 1, Double.NaN));
    }

    @Test
    void samIsAccuracyToTheAlphaOverJoulesPerImage() {
        // paper-notes §2: TinyViT-11M_Distilled on CIFAR-10, A ≈ 0.98, E ≈ 0.52 J/image → SAM5 ≈ 1.72..1.74
        assertEquals(0.98 / 0.52, Sam.of(1, 0.98, 0.52), 1e-12);
        assertEquals(0.9604 / 0.52, Sam.of(2, 0.98, 0.52), 1e-12);
        assertEquals(0.9039207968 / 0.52, Sam.of(5, 0.98, 0.52), 1e-9);
        assertEquals(1.7383, Sam.of(5, 0.98, 0.52), 5e-5);
        // by hand: 0.8^5 = 0.32768; 2 mJ = 0.002 J → 163.84
        assertEquals(163.84, Sam.of(5, 0.80, 0.002), 1e-9);
        assertEquals(400.0, Sam.of(1, 0.80, 0.002), 1e-9);
        assertEquals(0.0, Sam.of(5, 0.0, 1.0), 0.0);
    }

    @Test
    void samRejectsPercentAccuracyAndNonPositiveEnergy() {
        assertThrows(IllegalArgumentException.class, () -> Sam.of(5, 80.0, 0.5), "accuracy in % instead of a fraction");
        assertThrows(IllegalArgumentException.class, () -> Sam.of(5, 0.8, 0.0));
        assertThrows(IllegalArgumentException.class, () -> Sam.of(5, 0.8, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Sam.of(0, 0.8, 1));
    }

    @Test
    void claimsNeedDisjointIntervalsAndAChangeAboveTheThreshold() {
        Measure a = new Measure(10, 9, 11, 10, 10, 1);
        Measure b = new Measure(20, 19, 21, 20, 20, 1);
        Measure c = new Measure(11.5, 10.5, 12.5, 11.5, 11.5, 1);
        assertEquals(Measure.Verdict.LOWER, a.compareTo(b, 0));
        assertEquals(Measure.Verdict.HIGHER, b.compareTo(a, 0));
        assertEquals(Measure.Verdict.OVERLAP, a.compareTo(c, 0));
        assertEquals(Measure.Verdict.BELOW_THRESHOLD, a.compareTo(b, 0.6));
        assertEquals(Measure.Verdict.NO_CI, Measure.exact(1).compareTo(b, 0));
    }

    @Test
    void reciprocalSwapsTheIntervalAndStaysOpenWhenItCrossesZero() {
        Measure lat = new Measure(25, -14, 64, 22, 27, 1);
        Measure thr = lat.reciprocal(1000);
        assertEquals(40, thr.value(), 1e-12);
        assertEquals(1000 / 64.0, thr.ciLow(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, thr.ciHigh());
        assertEquals(1000 / 27.0, thr.min(), 1e-12);
    }
}
