package org.vitwatt.reports.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vitwatt.reports.metrics.Measure;

class CellTest {
    @Test
    void fixedFormattingMatchesStringFormat() {
        Random r = new Random(1);
        for (int i = 0; i < 20000; i++) {
            double v = (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(12) - 4);
            int d = r.nextInt(5);
            double scaled = Math.abs(v) * Math.pow(10, d);
            if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) {
                continue; // a tie: binary rounding may legitimately differ
            }
            String want = String.format(Locale.ROOT, "%." + d + "f", v);
            if (want.matches("-0\\.?0*")) {
                want = want.substring(1);
            }
            assertEquals(want, Numbers.fixed(v, d), v + " with " + d);
        }
        assertEquals(String.format(Locale.ROOT, "%.2f", 12345678901234567.0), Numbers.fixed(12345678901234567.0, 2));
        assertEquals("∞", Numbers.fixed(Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void compactNumbersKeepNineSignificantDigits() {
        assertEquals("24.8712663", Numbers.compact(24.871266255669664));
        assertEquals("5717416", Numbers.compact(5717416.0));
        assertEquals("0.00125", Numbers.compact(0.00125));
        assertEquals("-14.1079292", Numbers.compact(-14.107929202373125));
        assertEquals("1.0E-5", Numbers.compact(1e-5));
        assertEquals("218.453333", Numbers.compact(0.32768 / 0.0015));
        Random r = new Random(2);
        for (int i = 0; i < 10000; i++) {
            double v = Math.exp(r.nextGaussian() * 8);
            double back = Double.parseDouble(Numbers.compact(v));
            assertEquals(v, back, Math.abs(v) * 1e-8, () -> "round trip of " + v);
        }
    }

    @Test
    void measuresShowTheirIntervalAndSpread() {
        assertEquals("24.87 ± 1.20", Numbers.measure(new Measure(24.87, 23.67, 26.07, 24.87, 24.87, 1), 2));
        assertEquals("40.2 [15.7, ∞]", Numbers.measure(new Measure(40.2, 15.7, Double.POSITIVE_INFINITY, 37, 44, 1), 1));
        assertEquals("80.0 [68.0, 93.0] (2 runs: 70.0–90.0)", Numbers.measure(new Measure(80, 68, 93, 70, 90, 2), 1));
        assertEquals("5.00", Numbers.measure(Measure.exact(5), 2));
    }
}
