package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.power.jetson.Ina3221Reader;
import org.vitwatt.power.rapl.RaplReader;

/** rateHz=auto: the rate from each sensor's update interval, and the intervals from sysfs or from watching. */
class SamplingRateTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private static UpdateInterval every(String reader, double ms) {
        return new UpdateInterval(reader, Math.round(ms * MS), "test");
    }

    @Test
    void twiceTheFastestSensorsUpdateRateWithinTheBounds() {
        SamplingRate ina = SamplingRate.choose(List.of(every("ina3221", 7)), List.of(false), List.of(5_000L));
        assertEquals(2000.0 / 7, ina.hz(), 1e-9);
        assertEquals("auto: twice the update rate of ina3221 7 ms (test)", ina.reason());
        SamplingRate both = SamplingRate.choose(List.of(every("nvml", 100), every("ina3221", 20)),
                List.of(true, false), List.of(0L, 0L));
        assertEquals(100, both.hz(), 1e-9); // the INA3221's 20 ms wins over NVML's 100 ms
        assertEquals(100 * MS, both.slowestUpdateNanos());
        SamplingRate rapl = SamplingRate.choose(List.of(every("rapl", 1)), List.of(true), List.of(0L));
        assertEquals(100, rapl.hz(), 1e-9);
        assertEquals("auto: rapl 1 ms (test) is a counter, polled at 100 Hz", rapl.reason());
        SamplingRate fast = SamplingRate.choose(List.of(every("ina3221", 1)), List.of(false), List.of(0L));
        assertEquals(1000, fast.hz(), 1e-9);
        assertEquals("auto: twice the update rate of ina3221 1 ms (test), capped at 1000 Hz", fast.reason());
        SamplingRate slow = SamplingRate.choose(List.of(every("ina3221", 422.4)), List.of(false), List.of(0L));
        assertEquals(10, slow.hz(), 1e-9);
        assertTrue(slow.reason().endsWith(", raised to 10 Hz"), slow.reason());
        SamplingRate none = SamplingRate.choose(List.of(), List.of(), List.of());
        assertEquals(10, none.hz(), 1e-9);
    }

    @Test
    void aSensorWhoseReadsAreSlowLowersTheRateSoThatReadingTakesAQuarterOfAPeriodAtMost() {
        // an iio INA3221 in triggered mode converts on each read: 2 ms per read of all rails
        SamplingRate r = SamplingRate.choose(List.of(every("ina3221", 0.84)), List.of(false), List.of(2 * MS));
        assertEquals(125, r.hz(), 1e-9);
        assertTrue(r.reason().endsWith(", lowered to 125 Hz because one read takes 2 ms"), r.reason());
    }

    @Test
    void hwmonDeclaresItsIntervalAndWithoutTheFileItIsDerivedFromTheSettings() throws Exception {
        FakeSysfs fs = new FakeSysfs(dir);
        Path hw = fs.hwmonDevice("1-0040", 3, 7);
        fs.hwmonRail(hw, 1, "VDD_IN", 5000, 1000);
        try (Sensor s = new Ina3221Reader().open(PowerOptions.parse("sysfs=" + dir))) {
            assertEquals(7 * MS, s.updateIntervalNanos());
            assertEquals("update_interval 7 ms, " + hw.resolve("update_interval"), s.updateIntervalSource());
            assertFalse(s.updateIntervalObservable());
            SamplingRate auto = SamplingRate.resolve(OptionalDouble.empty(), List.of(s), new UpdateWatch());
            assertEquals(2000.0 / 7, auto.hz(), 1e-9);
            SamplingRate forced = SamplingRate.resolve(OptionalDouble.of(1000), List.of(s), new UpdateWatch());
            assertEquals(1000, forced.hz(), 0);
            assertEquals("rateHz=1000", forced.reason());
        }
        Files.delete(hw.resolve("update_interval"));
        FakeSysfs.write(hw.resolve("samples"), "4");
        FakeSysfs.write(hw.resolve("in1_enable"), "1");
        FakeSysfs.write(hw.resolve("in2_enable"), "0");
        FakeSysfs.write(hw.resolve("in3_enable"), "1");
        try (Sensor s = new Ina3221Reader().open(PowerOptions.parse("sysfs=" + dir))) {
            assertEquals(2 * 4 * 2_200_000L, s.updateIntervalNanos()); // 2 channels x 4 samples x (1.1 + 1.1) ms
            assertTrue(s.updateIntervalSource().startsWith("derived: 2 channel(s) x 4 sample(s) x (1.1 + 1.1) ms"),
                    s.updateIntervalSource());
        }
    }

    @Test
    void iioInContinuousModeIsWatchedAndItsDefaultIsSaidWhenNothingChanges() throws Exception {
        FakeSysfs fs = new FakeSysfs(dir);
        Path d = fs.iioDevice("0-0041", 1);
        fs.iioRail(d, 0, "VDD_IN", 5000);
        FakeSysfs.write(d.resolve("running_mode"), "1");
        try (Sensor s = new Ina3221Reader().open(PowerOptions.parse("sysfs=" + dir))) {
            assertTrue(s.updateIntervalObservable());
            assertEquals(422_400_000L, s.updateIntervalNanos());
            UpdateWatch.Result r = new UpdateWatch(steppingClock(250_000, () -> { }), 500_000, 50 * MS).watch(s);
            assertFalse(r.observed());
            assertEquals(422_400_000L, r.interval().nanos());
            assertTrue(r.interval().source().endsWith("; no change seen in 50 ms of polling (idle or fake sensor)"),
                    r.interval().source());
        }
    }

    @Test
    void aCounterIsWatchedUntilItsUpdatePeriodIsKnown() throws Exception {
        Path zone = new FakeSysfs(dir).raplZone("intel-rapl:0", "package-0", 0, 1L << 40);
        long[] now = {7_300_000_000_000L};
        long start = now[0];
        // the counter moves every 20 ms of simulated time; each clock reading advances it by 0.25 ms
        LongSupplier clock = () -> {
            now[0] += 250_000;
            FakeSysfs.set(zone.resolve("energy_uj"), (now[0] - start) / (20 * MS) * 100_000L);
            return now[0];
        };
        try (Sensor s = new RaplReader().open(PowerOptions.parse("readers=rapl;sysfs=" + dir))) {
            UpdateWatch.Result r = new UpdateWatch(clock, 500_000, 400 * MS).watch(s);
            assertTrue(r.observed(), r.interval().source());
            assertEquals(20 * MS, r.interval().nanos(), 1 * MS);
            assertEquals("observed: median of 8 intervals between changes; documented 1 ms", r.interval().source());
        }
    }

    private static LongSupplier steppingClock(long step, Runnable onTick) {
        long[] now = {7_300_000_000_000L};
        return () -> {
            onTick.run();
            now[0] += step;
            return now[0];
        };
    }
}
