package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vitwatt.power.jetson.Ina3221Reader;

/** Jetson INA3221 against fake trees in both layouts, driven by traces whose energy is known in closed form. */
class Ina3221ReaderTest {
    @TempDir
    Path dir;

    /** An Orin-NX-like hwmon board: 1-0040 has VDD_IN, VDD_CPU_GPU_CV, VDD_SOC; 1-0041 has NC, VDDQ, NC. */
    private Path hwmonBoard(FakeSysfs fs) {
        Path hw = fs.hwmonDevice("1-0040", 3, 2);
        fs.hwmonRail(hw, 1, "VDD_IN", 5000, 1000);
        fs.hwmonRail(hw, 2, "VDD_CPU_GPU_CV", 5000, 400);
        fs.hwmonRail(hw, 3, "VDD_SOC", 5000, 200);
        fs.hwmonSum(hw);
        Path hw2 = fs.hwmonDevice("1-0041", 4, 2);
        fs.hwmonRail(hw2, 1, "NC", 0, 0);
        fs.hwmonRail(hw2, 2, "VDDQ_VDD2_1V8AO", 1800, 100);
        fs.hwmonRail(hw2, 3, "NC", 0, 0);
        return hw;
    }

    /** A TX2-like iio board: 0-0040 GPU/SOC/WIFI, 0-0041 VDD_IN/CPU/DDR. */
    private Path iioBoard(FakeSysfs fs) {
        Path a = fs.iioDevice("0-0040", 0);
        fs.iioRail(a, 0, "VDD_SYS_GPU", 1200);
        fs.iioRail(a, 1, "VDD_SYS_SOC", 800);
        fs.iioRail(a, 2, "VDD_4V0_WIFI", 40);
        Path b = fs.iioDevice("0-0041", 1);
        fs.iioRail(b, 0, "VDD_IN", 5000);
        fs.iioRail(b, 1, "VDD_SYS_CPU", 900);
        fs.iioRail(b, 2, "VDD_SYS_DDR", 600);
        return b;
    }

    private PowerOptions opts(String extra) {
        return PowerOptions.parse("readers=ina3221;sysfs=" + dir + (extra.isEmpty() ? "" : ";" + extra));
    }

    @Test
    void hwmonDiscoveryFollowsJtopSkipsNcAndTheSumChannel() throws Exception {
        hwmonBoard(new FakeSysfs(dir));
        Availability a = new Ina3221Reader().probe(opts(""));
        assertTrue(a.available(), a.reason());
        assertEquals(List.of("VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC", "VDDQ_VDD2_1V8AO"), a.channels());
        try (Sensor s = new Ina3221Reader().open(opts(""))) {
            assertEquals(Sensor.Kind.POWER, s.kind());
            // VDD_IN is the module input: it alone makes the total (jtop total_power)
            assertEquals(List.of(true, false, false, false), s.channels().stream().map(Channel::inTotal).toList());
            double[] mw = new double[4];
            s.readPowerMilliWatts(mw);
            assertEquals(5000.0, mw[0], 1e-9); // 5000 mV x 1000 mA / 1000
            assertEquals(2000.0, mw[1], 1e-9);
            assertEquals(180.0, mw[3], 1e-9);
            assertEquals(2_000_000L, s.updateIntervalNanos()); // update_interval = 2 ms
        }
    }

    @Test
    void railsSelectByLabelAndTheSumOfSubRailsIsTheTotalWithoutAnInputRail() throws Exception {
        hwmonBoard(new FakeSysfs(dir));
        try (Sensor s = new Ina3221Reader().open(opts("rails=vdd_soc,VDD_CPU_GPU_CV"))) {
            assertEquals(List.of("VDD_SOC", "VDD_CPU_GPU_CV"), s.channels().stream().map(Channel::name).toList());
            assertTrue(s.channels().stream().allMatch(Channel::inTotal));
        }
    }

    @Test
    void unknownRailListsTheRailsPresent() {
        hwmonBoard(new FakeSysfs(dir));
        PowerConfigException e = assertThrows(PowerConfigException.class,
                () -> PowerReaders.open(opts("rails=VDD_GPU")));
        assertEquals("Rail 'VDD_GPU' not found by ina3221; rails present: VDD_IN, VDD_CPU_GPU_CV, VDD_SOC, "
                + "VDDQ_VDD2_1V8AO (choose with rails=LABEL or rails=reader/LABEL)", e.getMessage());
        PowerConfigException q = assertThrows(PowerConfigException.class,
                () -> PowerReaders.open(opts("rails=ina3221/VDD_GPU")));
        assertTrue(q.getMessage().startsWith("Rail 'ina3221/VDD_GPU' not found by ina3221; rails present: VDD_IN"),
                q.getMessage());
    }

    @Test
    void aRailIsNeverDroppedOrSwappedSilently() throws Exception {
        Path b = iioBoard(new FakeSysfs(dir));
        Path a = dir.resolve("bus/i2c/drivers/ina3221x/0-0040/iio:device0");
        // a sub-rail whose power file is gone: left out of the default selection, with a warning
        Files.delete(a.resolve("in_power1_input"));
        try (Sensor s = new Ina3221Reader().open(opts(""))) {
            assertEquals(List.of("VDD_SYS_GPU", "VDD_4V0_WIFI", "VDD_IN", "VDD_SYS_CPU", "VDD_SYS_DDR"),
                    s.channels().stream().map(Channel::name).toList());
            assertEquals(List.of("ina3221: rail VDD_SYS_SOC left out: " + a.resolve("in_power1_input")
                    + " does not exist"), s.warnings());
        }
        // the same rail, named: an error that names the file
        PowerConfigException named = assertThrows(PowerConfigException.class,
                () -> new Ina3221Reader().open(opts("rails=VDD_SYS_SOC")));
        assertEquals("Rail 'VDD_SYS_SOC' of ina3221 cannot be read: " + a.resolve("in_power1_input") + " does not exist "
                + "(its label is " + a.resolve("rail_name_1") + "); check the INA3221 driver, or choose readable rails "
                + "with rails=VDD_SYS_GPU,VDD_4V0_WIFI,VDD_IN,VDD_SYS_CPU,VDD_SYS_DDR", named.getMessage());
        // the input rail the total would be: an error, never a quiet switch to the sum of the others
        Files.delete(b.resolve("in_power0_input"));
        PowerConfigException input = assertThrows(PowerConfigException.class,
                () -> new Ina3221Reader().open(opts("")));
        assertTrue(input.getMessage().startsWith("ina3221: the board input rail VDD_IN cannot be read: "
                + b.resolve("in_power0_input") + " does not exist; without it the total would silently become the sum "
                + "of the other rails."), input.getMessage());
        // naming the rails to sum is the way out
        try (Sensor s = new Ina3221Reader().open(opts("rails=VDD_SYS_GPU,VDD_SYS_CPU"))) {
            assertEquals(List.of(true, true), s.channels().stream().map(Channel::inTotal).toList());
        }
    }

    @Test
    void iioLayoutReadsMilliwattsAndRailNames() throws Exception {
        iioBoard(new FakeSysfs(dir));
        try (Sensor s = new Ina3221Reader().open(opts(""))) {
            assertEquals(List.of("VDD_SYS_GPU", "VDD_SYS_SOC", "VDD_4V0_WIFI", "VDD_IN", "VDD_SYS_CPU", "VDD_SYS_DDR"),
                    s.channels().stream().map(Channel::name).toList());
            double[] mw = new double[6];
            s.readPowerMilliWatts(mw);
            assertEquals(1200, mw[0], 0);
            assertEquals(5000, mw[3], 0);
            assertEquals(List.of(false, false, false, true, false, false),
                    s.channels().stream().map(Channel::inTotal).toList());
        }
    }

    @Test
    void jtopDevicesFallbackFindsTheSensorByName() throws Exception {
        // only /sys/bus/i2c/devices/<dev>/name = ina3221, as jtop's find_all_i2c_power_monitor scans
        Path dev = dir.resolve("bus/i2c/devices/1-0040");
        FakeSysfs.write(dev.resolve("name"), "ina3221");
        Path hw = dev.resolve("hwmon/hwmon1");
        new FakeSysfs(dir).hwmonRail(hw, 1, "VDD_IN", 5000, 1500);
        try (Sensor s = new Ina3221Reader().open(opts(""))) {
            assertEquals("VDD_IN", s.channels().get(0).name());
        }
    }

    @Test
    void noTreeIsUnavailableWithAReasonThatNamesThePaths() {
        Availability a = new Ina3221Reader().probe(opts(""));
        assertFalse(a.available());
        assertTrue(a.reason().contains("bus/i2c/drivers/ina3221"), a.reason());
        PowerReaders.Selection sel = PowerReaders.open(opts(""));
        assertTrue(sel.isEmpty());
        assertEquals("ina3221", sel.skipped().get(0).readerId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONSTANT_5W", "RAMP", "SQUARE"})
    void hwmonTraceIntegratesToTheClosedFormEnergy(String name) {
        DoubleUnaryOperator trace = trace(name);
        Path hw = hwmonBoard(new FakeSysfs(dir));
        // 1000 and 1234 Hz, and 2000/7 Hz: the automatic rate for update_interval 7 ms
        for (double rate : new double[] {1000, 1234, 2000.0 / 7}) {
            ManualClock clock = new ManualClock(TraceDriver.BASE);
            try (Sampler s = new Sampler(List.of(open(opts("rails=VDD_IN"))), rate, clock)) {
                WindowStats w = TraceDriver.drive(s, clock, Traces.SECONDS, t -> {
                    // V = 5000 mV, I in mA, P[mW] = V x I / 1000
                    FakeSysfs.set(hw.resolve("curr1_input"), Math.round(trace.applyAsDouble(t) * 1000 / 5));
                });
                double want = Traces.energy(trace, Traces.SECONDS);
                assertTrue(w.valid(), w.invalidReason());
                assertEquals(10.0, want, 1e-12);
                // within 0.1 %; a square wave's 20 steps of 6 W are each smeared over one sampling period, so at the
                // automatic rate its error is bounded by 20 x 6 W x T / 2 (2.1 % at 3.5 ms; 0.24 % seen)
                double bound = name.equals("SQUARE") && rate < 1000 ? 20 * 6.0 / rate / 2 / want : 0.001;
                assertTrue(TraceDriver.relErr(w.energyJoules(), want) <= bound,
                        name + " @" + rate + " Hz: " + w.energyJoules() + " J vs " + want);
                assertEquals(5.0, w.meanWatts(), 0.025);
                assertEquals(name.equals("CONSTANT_5W") ? 5.0 : name.equals("RAMP") ? 9.0 : 8.0, w.peakWatts(), 0.01);
                assertEquals(rate, w.effectiveRateHz(), rate * 0.01);
                assertEquals(0, w.gaps());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONSTANT_5W", "RAMP", "SQUARE"})
    void iioTraceIntegratesToTheClosedFormEnergy(String name) {
        DoubleUnaryOperator trace = trace(name);
        Path b = iioBoard(new FakeSysfs(dir));
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(open(opts(""))), 1000, clock)) {
            WindowStats w = TraceDriver.drive(s, clock, Traces.SECONDS,
                    t -> FakeSysfs.set(b.resolve("in_power0_input"), Math.round(trace.applyAsDouble(t) * 1000)));
            assertTrue(w.valid(), w.invalidReason());
            assertTrue(TraceDriver.relErr(w.energyJoules(), 10.0) <= 0.001, name + ": " + w.energyJoules());
            // per-rail figures: the constant sub-rails
            WindowStats.ChannelStats gpu = w.channels().stream().filter(c -> c.channel().equals("VDD_SYS_GPU"))
                    .findFirst().orElseThrow();
            assertEquals(2.4, gpu.energyJoules(), 1e-9);
            assertEquals(1.2, gpu.meanWatts(), 1e-9);
            assertFalse(gpu.inTotal());
        }
    }

    @Test
    void windowsBetweenSamplesInterpolateExactlyOnALinearTrace() {
        Path hw = hwmonBoard(new FakeSysfs(dir));
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(open(opts("rails=VDD_IN"))), 100, clock)) {
            TraceDriver.drive(s, clock, Traces.SECONDS, t -> FakeSysfs.set(hw.resolve("curr1_input"),
                    Math.round(Traces.RAMP.applyAsDouble(t) * 1000 / 5)));
            // [0.3333 s, 1.5555 s]: neither end on a 10 ms sample
            long a = TraceDriver.BASE + 333_300_000L;
            long b = TraceDriver.BASE + 1_555_500_000L;
            WindowStats w = s.window(a, b);
            double want = Traces.energy(Traces.RAMP, 1.5555) - Traces.energy(Traces.RAMP, 0.3333);
            assertEquals(want, w.energyJoules(), 1e-3);
            assertEquals(122, w.samples()); // 0.34 .. 1.55 s
        }
    }

    private static Sensor open(PowerOptions o) {
        try {
            return new Ina3221Reader().open(o);
        } catch (SensorException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static DoubleUnaryOperator trace(String name) {
        return switch (name) {
            case "CONSTANT_5W" -> Traces.CONSTANT_5W;
            case "RAMP" -> Traces.RAMP;
            case "SQUARE" -> Traces.SQUARE;
            default -> throw new IllegalArgumentException(name);
        };
    }

}
