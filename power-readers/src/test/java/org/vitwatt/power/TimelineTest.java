package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler's arithmetic alone: samples appended by hand, no thread, no sensor, no clock. */
class TimelineTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 7_300_000_000_000L;

    private static Timeline.Track power(String name, boolean inTotal) {
        return new Timeline.Track("fake", name, inTotal, false, 0);
    }

    private static Timeline.Track counter(String name, long wrap) {
        return new Timeline.Track("fake", name, true, true, wrap);
    }

    private static void add(Timeline tl, long t, double mw) {
        assertTrue(tl.append(t, new boolean[] {true}, new double[] {mw}, new long[1]));
    }

    private static void addCounter(Timeline tl, long t, long uj) {
        assertTrue(tl.append(t, new boolean[] {true}, new double[1], new long[] {uj}));
    }

    @Test
    void aRampIntegratesExactlyEvenBetweenIrregularSamples() {
        Timeline tl = new Timeline(List.of(power("VDD_IN", true)), MS, MS, false);
        // P(t) = 1 W + 4 W/s * t, sampled at irregular times: the trapezoid of a line is exact
        long[] at = {0, 3, 4, 10, 250, 251, 700, 1000, 1999, 2000};
        for (long ms : at) {
            add(tl, T0 + ms * MS, (1 + 4 * ms / 1000.0) * 1000);
        }
        WindowStats all = tl.window(T0, T0 + 2000 * MS, null);
        assertTrue(all.valid(), all.invalidReason());
        assertEquals(10.0, all.energyJoules(), 1e-9); // t + 2 t^2 at 2 s
        // a window whose ends fall between samples: E(1.5555) - E(0.3333)
        WindowStats mid = tl.window(T0 + 333_300_000L, T0 + 1_555_500_000L, null);
        double want = (1.5555 + 2 * 1.5555 * 1.5555) - (0.3333 + 2 * 0.3333 * 0.3333);
        assertEquals(want, mid.energyJoules(), 1e-9);
        assertEquals(want / 1.2222, mid.meanWatts(), 1e-9);
        assertEquals(1 + 4 * 1.0, mid.peakWatts(), 1e-9); // the highest sample inside: t = 1.000 s
        assertEquals(2, mid.samples()); // 0.700 s and 1.000 s
        assertEquals(10, all.samples());
        assertEquals(6, all.gaps()); // every interval longer than two 1 ms periods: all but 3->4, 250->251, 1999->2000
        assertEquals(999 * MS, all.maxIntervalNanos());
    }

    @Test
    void theTotalSumsOnlyTracksInTheTotalAndEachTrackKeepsItsOwnFigures() {
        Timeline tl = new Timeline(List.of(power("VDD_IN", true), power("VDD_GPU", false)), MS, MS, false);
        for (int k = 0; k <= 100; k++) {
            tl.append(T0 + k * 10 * MS, new boolean[] {true, true}, new double[] {5000, 2000}, new long[2]);
        }
        WindowStats w = tl.window(T0, T0 + 1000 * MS, null);
        assertEquals(5.0, w.energyJoules(), 1e-12);
        assertEquals(List.of(5.0, 2.0), w.channels().stream().map(WindowStats.ChannelStats::energyJoules).toList());
        assertEquals(List.of(true, false), w.channels().stream().map(WindowStats.ChannelStats::inTotal).toList());
        assertEquals("fake/VDD_GPU", w.channels().get(1).key());
    }

    @Test
    void aWrappingCounterIsExactAndAResetIsToldApartFromAWrap() {
        Timeline tl = new Timeline(List.of(counter("package-0", 1_000_000)), MS, MS, false);
        long uj = 0;
        for (int k = 0; k <= 2000; k++) {
            addCounter(tl, T0 + k * MS, uj % 1_000_000); // 5 W = 5000 µJ per ms, wraps every 200 ms
            uj += 5000;
        }
        assertEquals(10.0, tl.window(T0, T0 + 2000 * MS, null).energyJoules(), 1e-9);
        Timeline wraps = new Timeline(List.of(counter("package-0", 1_000_000)), MS, MS, false);
        addCounter(wraps, T0, 900_000);
        assertFalse(wraps.isReset(0, 950_000)); // an advance
        assertFalse(wraps.isReset(0, 100_000)); // a wrap: 200 000 µJ on, less than half the range
        assertTrue(wraps.isReset(0, 800_000));  // "wrapping" by 900 000 µJ in one step is a reset
        Timeline noRange = new Timeline(List.of(counter("gpu0", 0)), MS, MS, false);
        addCounter(noRange, T0, 900_000);
        assertTrue(noRange.isReset(0, 899_999)); // without a wrap range any step back is a reset
    }

    @Test
    void aCounterThatMovesInStepsIsInterpolatedBetweenItsChanges() {
        Timeline tl = new Timeline(List.of(counter("gpu0", 0)), MS, 100 * MS, false);
        // 10 W, an update every 100 ms, polled every millisecond
        for (int k = 0; k <= 1000; k++) {
            addCounter(tl, T0 + k * MS, (k / 100) * 1_000_000L);
        }
        WindowStats w = tl.window(T0 + 150 * MS, T0 + 850 * MS, null);
        assertEquals(7.0, w.energyJoules(), 1e-9); // exactly 10 W x 0.7 s between change points
        assertEquals(10.0, w.peakWatts(), 1e-9); // the rate between updates, never a 1 ms spike of 1000 W
        assertEquals(7.0, w.sensorUpdates(), 1e-9);
        assertTrue(w.isShort());
        assertTrue(tl.covers(T0 + 900 * MS));
        assertFalse(tl.covers(T0 + 1000 * MS + 1)); // no sample at or after it yet
    }

    @Test
    void discardingKeepsLaterWindowsExact() {
        Timeline tl = new Timeline(List.of(counter("gpu0", 0)), MS, 50 * MS, false);
        for (int k = 0; k <= 1000; k++) {
            addCounter(tl, T0 + k * MS, (k / 50) * 250_000L); // 5 W in 50 ms steps
        }
        WindowStats before = tl.window(T0 + 520 * MS, T0 + 930 * MS, null);
        tl.discardBefore(T0 + 520 * MS);
        assertEquals(501, tl.size()); // back to the change at 500 ms
        assertEquals(before.energyJoules(), tl.window(T0 + 520 * MS, T0 + 930 * MS, null).energyJoules(), 1e-12);
        assertEquals(5.0 * 0.41, before.energyJoules(), 1e-9);
        assertEquals("the window starts 400.0 ms before the first retained sample",
                tl.window(T0 + 100 * MS, T0 + 930 * MS, null).invalidReason());
    }

    @Test
    void uncoveredWindowsAndFaultsAreInvalidWithTheirReasonAndNoNumbers() {
        Timeline empty = new Timeline(List.of(), MS, MS, false);
        assertEquals("no power sensor", empty.window(0, 1, null).invalidReason());
        Timeline tl = new Timeline(List.of(power("VDD_IN", true)), MS, MS, false);
        add(tl, T0, 5000);
        assertEquals("fewer than two samples taken (is the sampler running?)",
                tl.window(T0, T0 + MS, null).invalidReason());
        add(tl, T0 + 10 * MS, 5000);
        assertEquals("no sample yet at or after the window end (the last is 2.0 ms before it)",
                tl.window(T0, T0 + 12 * MS, null).invalidReason());
        WindowStats faulted = tl.window(T0, T0 + 10 * MS, "fake: sensor vanished");
        assertFalse(faulted.valid());
        assertEquals("fake: sensor vanished", faulted.invalidReason());
        assertTrue(Double.isNaN(faulted.energyJoules()) && faulted.channels().isEmpty());
        assertEquals(2, faulted.samples());
        assertFalse(tl.append(T0 + 10 * MS, new boolean[] {true}, new double[] {1}, new long[1])); // not after the last
        assertThrows(IllegalArgumentException.class, () -> tl.window(T0 + 5, T0 + 5, null));
    }

    @Test
    void aTrackWithoutValueIsNeverCountedAsZero() {
        Timeline tl = new Timeline(List.of(power("a", true), power("b", true)), MS, MS, false);
        tl.append(T0, new boolean[] {true, true}, new double[] {1000, 1000}, new long[2]);
        tl.append(T0 + 500 * MS, new boolean[] {true, true}, new double[] {1000, 1000}, new long[2]);
        tl.append(T0 + 1000 * MS, new boolean[] {true, false}, new double[] {1000, 0}, new long[2]);
        WindowStats w = tl.window(T0, T0 + 500 * MS, null);
        assertEquals(1.0, w.energyJoules(), 1e-12);
        assertTrue(Double.isNaN(tl.window(T0, T0 + 1000 * MS, null).channels().get(1).energyJoules()));
    }
}
