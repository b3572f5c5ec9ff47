package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.power.jetson.Ina3221Reader;
import org.vitwatt.power.rapl.RaplReader;

/** Sampler behaviour that is not specific to one reader: faults, coverage, trimming, the real thread, the idle baseline. */
class SamplerTest {
    @TempDir
    Path dir;

    private Path board() {
        FakeSysfs fs = new FakeSysfs(dir);
        Path hw = fs.hwmonDevice("1-0040", 0, 1);
        fs.hwmonRail(hw, 1, "VDD_GPU_SOC", 5000, 1000);
        fs.hwmonRail(hw, 2, "VDD_CPU_CV", 5000, 600);
        fs.hwmonRail(hw, 3, "VIN_SYS_5V0", 5000, 400);
        return hw;
    }

    private Sensor ina(String extra) throws SensorException {
        return new Ina3221Reader().open(PowerOptions.parse("sysfs=" + dir + (extra.isEmpty() ? "" : ";" + extra)));
    }

    @Test
    void aSensorThatVanishesMidRunInvalidatesTheWindowsAfterItAndTheRunGoesOn() throws Exception {
        Path hw = board();
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(ina("")), 1000, clock)) {
            assertEquals(List.of(true, true, true), s.sensors().get(0).channels().stream().map(Channel::inTotal).toList());
            TraceDriver.drive(s, clock, 1.0, t -> { });
            // the device goes away: its directory is removed (a driver unbind) while the files are open
            for (Path f : Files.list(hw).toList()) {
                Files.delete(f);
            }
            for (int k = 1; k <= 300; k++) {
                clock.set(TraceDriver.BASE + 1_000_000_000L + k * 1_000_000L);
                s.tick();
            }
            WindowStats ok = s.window(TraceDriver.BASE, TraceDriver.BASE + 1_000_000_000L);
            assertTrue(ok.valid(), ok.invalidReason());
            assertEquals(10.0, ok.energyJoules(), 1e-9); // 5 W + 3 W + 2 W for 1 s
            WindowStats bad = s.window(TraceDriver.BASE + 900_000_000L, TraceDriver.BASE + 1_200_000_000L);
            assertFalse(bad.valid());
            assertTrue(Double.isNaN(bad.energyJoules()) && Double.isNaN(bad.meanWatts()));
            assertTrue(bad.channels().isEmpty());
            assertTrue(bad.invalidReason().startsWith("ina3221: sensor vanished: " + hw), bad.invalidReason());
            assertTrue(bad.invalidReason().endsWith("no longer exists"), bad.invalidReason());
            assertEquals(1, s.faults().size());
        }
    }

    @Test
    void aReadErrorIsAFaultWithTheFileInTheReason() throws Exception {
        Path hw = board();
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(ina("rails=VDD_CPU_CV")), 1000, clock)) {
            TraceDriver.drive(s, clock, 0.1, t -> { });
            Files.writeString(hw.resolve("in2_input"), ""); // a read that returns nothing (e.g. -ENODATA)
            clock.set(TraceDriver.BASE + 101_000_000L);
            s.tick();
            WindowStats w = s.window(TraceDriver.BASE, TraceDriver.BASE + 101_000_000L);
            assertFalse(w.valid());
            assertEquals("ina3221: " + hw.resolve("in2_input") + " read returned no data", w.invalidReason());
        }
    }

    @Test
    void aCounterThatGoesBackwardsWithoutAWrapRangeIsAFault() throws Exception {
        FakeSysfs fs = new FakeSysfs(dir);
        Path z = fs.raplZone("intel-rapl:0", "package-0", 1_000_000, 0);
        Files.delete(z.resolve("max_energy_range_uj"));
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(new RaplReader().open(PowerOptions.parse("sysfs=" + dir))), 1000, clock)) {
            TraceDriver.drive(s, clock, 0.5, t -> FakeSysfs.set(z.resolve("energy_uj"), 1_000_000 + (long) (t * 1e6)));
            FakeSysfs.set(z.resolve("energy_uj"), 10);
            clock.set(TraceDriver.BASE + 501_000_000L);
            s.tick();
            WindowStats w = s.window(TraceDriver.BASE, TraceDriver.BASE + 501_000_000L);
            assertFalse(w.valid());
            assertTrue(w.invalidReason().startsWith("rapl/package-0: energy counter went backwards"), w.invalidReason());
        }
    }

    @Test
    void aCounterResetIsNotMistakenForAWrap() throws Exception {
        FakeSysfs fs = new FakeSysfs(dir);
        Path z = fs.raplZone("intel-rapl:0", "package-0", 200_000_000L, 1_000_000_000L);
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(new RaplReader().open(PowerOptions.parse("sysfs=" + dir))), 1000, clock)) {
            TraceDriver.drive(s, clock, 0.1, t -> FakeSysfs.set(z.resolve("energy_uj"), 200_000_000L + (long) (t * 5e6)));
            FakeSysfs.set(z.resolve("energy_uj"), 5); // reset to 0: as a wrap it would be 800 J in 1 ms, more than half the range
            clock.set(TraceDriver.BASE + 101_000_000L);
            s.tick();
            WindowStats w = s.window(TraceDriver.BASE, TraceDriver.BASE + 101_000_000L);
            assertFalse(w.valid());
            assertTrue(w.invalidReason().contains("energy counter went backwards"), w.invalidReason());
        }
    }

    @Test
    void windowsOutsideTheSamplesAreInvalidNotZero() throws Exception {
        board();
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(ina("")), 1000, clock)) {
            WindowStats none = s.window(TraceDriver.BASE, TraceDriver.BASE + 1000);
            assertFalse(none.valid());
            TraceDriver.drive(s, clock, 0.2, t -> { });
            assertFalse(s.window(TraceDriver.BASE - 1, TraceDriver.BASE + 100_000_000L).valid());
            WindowStats late = s.window(TraceDriver.BASE + 100_000_000L, TraceDriver.BASE + 300_000_000L);
            assertFalse(late.valid());
            assertTrue(late.invalidReason().startsWith("no sample yet at or after the window end"), late.invalidReason());
        }
        try (Sampler empty = new Sampler(List.of(), 1000, new ManualClock(0))) {
            assertEquals("no power sensor", empty.window(0, 1).invalidReason());
        }
    }

    @Test
    void gapsAndTheEffectiveRateAreRecorded() throws Exception {
        board();
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(ina("")), 1000, clock)) {
            long t = TraceDriver.BASE;
            for (int k = 0; k < 1000; k++) {
                clock.set(t);
                s.tick();
                t += (k % 100 == 99) ? 10_000_000L : 1_000_000L; // every 100th interval misses 9 deadlines
            }
            WindowStats w = s.window(TraceDriver.BASE, s.lastSampleNanos());
            assertEquals(9, w.gaps());
            assertEquals(10_000_000L, w.maxIntervalNanos());
            assertEquals(1000, w.samples());
            assertEquals(1000 / (1.08), w.effectiveRateHz(), 1.0);
            assertEquals(10.0 * w.durationSeconds(), w.energyJoules(), 1e-9); // gaps are bridged by the trapezoid
        }
    }

    @Test
    void discardingOldSamplesKeepsLaterWindowsExact() throws Exception {
        FakeSysfs fs = new FakeSysfs(dir);
        Path z = fs.raplZone("intel-rapl:0", "package-0", 0, 1L << 40);
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(new RaplReader().open(PowerOptions.parse("sysfs=" + dir))), 1000, clock)) {
            // a counter that moves every 50 ms only
            TraceDriver.drive(s, clock, 1.0, t -> FakeSysfs.set(z.resolve("energy_uj"),
                    (long) Math.floor(t * 20 + 1e-9) * 250_000L));
            WindowStats before = s.window(TraceDriver.BASE + 520_000_000L, TraceDriver.BASE + 930_000_000L);
            s.discardBefore(TraceDriver.BASE + 520_000_000L);
            WindowStats after = s.window(TraceDriver.BASE + 520_000_000L, TraceDriver.BASE + 930_000_000L);
            assertEquals(before.energyJoules(), after.energyJoules(), 1e-12);
            assertEquals(5.0 * 0.41, after.energyJoules(), 1e-9);
            assertFalse(s.window(TraceDriver.BASE + 100_000_000L, TraceDriver.BASE + 930_000_000L).valid());
        }
    }

    @Test
    void shortWindowsAreFlaggedAgainstTheSensorUpdateInterval() throws Exception {
        board(); // update_interval = 1 ms
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(ina("")), 1000, clock)) {
            TraceDriver.drive(s, clock, 0.1, t -> { });
            assertTrue(s.window(TraceDriver.BASE, TraceDriver.BASE + 5_000_000L).isShort());
            assertFalse(s.window(TraceDriver.BASE, TraceDriver.BASE + 50_000_000L).isShort());
        }
    }

    @Test
    void realThreadSamplesAtTheRequestedRateAndMeasuresTheIdleBaseline() throws Exception {
        board(); // 10 W constant
        try (Sampler s = new Sampler(List.of(ina("")), 500)) {
            s.start();
            WindowStats idle = s.measureIdle(Duration.ofMillis(300));
            assertTrue(idle.valid(), idle.invalidReason());
            assertEquals(10.0, idle.meanWatts(), 1e-6);
            long t0 = System.nanoTime();
            Thread.sleep(200);
            long t1 = System.nanoTime();
            assertTrue(s.awaitCoverage(t1, Duration.ofSeconds(1)));
            WindowStats w = s.window(t0, t1);
            assertTrue(w.valid(), w.invalidReason());
            assertEquals(10.0 * w.durationSeconds(), w.energyJoules(), 1e-6);
            assertTrue(w.samples() >= 60, "samples: " + w.samples()); // ~100 at 500 Hz; loaded CI machines are slower
            assertTrue(w.effectiveRateHz() > 300 && w.effectiveRateHz() < 520, "rate " + w.effectiveRateHz());
            s.stop();
            assertFalse(s.thread().isAlive());
        }
    }

    @Test
    void serviceLoaderFindsTheFourReaders() {
        assertEquals(List.of("ina3221", "nvml", "rapl", "cpu-estimate"), PowerReaders.ids());
    }

    @Test
    void automaticSelectionSkipsMissingSensorsWithReasonsAndFallsBackToTheEstimateOnlyWithATdp() throws IOException {
        PowerOptions o = PowerOptions.parse("sysfs=" + dir + ";nvmlLib=libnvidia-ml-absent.so.1");
        try (PowerReaders.Selection sel = PowerReaders.open(o)) {
            assertTrue(sel.isEmpty());
            assertEquals(List.of("ina3221", "nvml", "rapl"), sel.skipped().stream().map(PowerReaders.Skipped::readerId).toList());
        }
        try (PowerReaders.Selection sel = PowerReaders.open(PowerOptions.parse(o + ";tdp=65"))) {
            assertEquals("cpu-estimate", sel.sensors().get(0).readerId());
            assertTrue(sel.sensors().get(0).isEstimate());
        }
        board();
        try (PowerReaders.Selection sel = PowerReaders.open(PowerOptions.parse(o + ";tdp=65"))) {
            assertEquals(List.of("ina3221"), sel.sensors().stream().map(Sensor::readerId).toList());
        }
        String help = PowerReaders.help(o);
        assertTrue(help.contains("ina3221") && help.contains("available: 3 rail(s) via hwmon"), help);
        assertTrue(help.contains("cpu-estimate") && help.contains("NOT available: The cpu-estimate reader needs"), help);
    }
}
