package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.power.jetson.Ina3221Reader;
import org.vitwatt.power.jetson.JetsonStateProbe;
import org.vitwatt.power.nvml.NvmlStateProbe;
import org.vitwatt.power.state.StateChannel;
import org.vitwatt.power.state.StateProbe;
import org.vitwatt.power.state.StateWindow;

/**
 * Device state read by the sampler's own thread: the channels of fake TX2, Xavier NX and Orin trees and of the NVML
 * stub, exact values, and throttling seen when a clock drops in the middle of a window.
 */
class DeviceStateTest {
    private static final long MS = 1_000_000L;

    @TempDir
    static Path stubDir;
    static Path lib;
    static NvmlStub.Control stub;

    @TempDir
    Path sys;

    @BeforeAll
    static void buildStub() throws Exception {
        lib = NvmlStub.build(stubDir, "new");
        stub = NvmlStub.control(lib);
    }

    @BeforeEach
    void reset() {
        stub.stub_reset();
    }

    private static List<String> names(StateProbe p) {
        return p.channels().stream().map(StateChannel::name).toList();
    }

    @Test
    void eachBoardsClocksAndTemperaturesAreFoundAndReadInMegahertzAndDegrees() throws Exception {
        JetsonTrees.tx2(sys.resolve("tx2"));
        try (StateProbe p = JetsonStateProbe.open(sys.resolve("tx2")).orElseThrow()) {
            assertEquals(List.of("gpu", "gpu.floor", "cpu0", "cpu0.floor", "cpu1", "cpu1.floor", "emc", "BCPU-therm",
                    "MCPU-therm", "GPU-therm", "PLL-therm", "Tboard_tegra"), names(p), "PMIC zones skipped, as jtop");
            double[] v = new double[p.channels().size()];
            p.read(v);
            assertEquals(1300.5, v[0], 1e-9);
            assertEquals(114.75, v[1], 1e-9);
            assertEquals(2035.2, v[2], 1e-9);
            assertEquals(1866.0, v[6], 1e-9);
            assertEquals(41.5, v[7], 1e-9);
        }
        JetsonTrees.xavierNx(sys.resolve("nx"));
        try (StateProbe p = JetsonStateProbe.open(sys.resolve("nx")).orElseThrow()) {
            assertEquals(List.of("gpu", "gpu.floor", "cpu0", "cpu0.floor", "cpu2", "cpu2.floor", "cpu4", "cpu4.floor",
                    "emc", "CPU-therm", "GPU-therm", "AO-therm", "AUX-therm", "thermal-fan-est"), names(p));
        }
        JetsonTrees.orin(sys.resolve("orin"));
        try (StateProbe p = JetsonStateProbe.open(sys.resolve("orin")).orElseThrow()) {
            assertEquals(List.of("gpu", "gpu.floor", "cpu0", "cpu0.floor", "cpu4", "cpu4.floor", "cpu8", "cpu8.floor",
                    "emc", "cpu-thermal", "gpu-thermal", "cv0-thermal", "soc0-thermal", "tj-thermal"), names(p));
            double[] v = new double[p.channels().size()];
            p.read(v);
            assertEquals(3199.0, v[8], 1e-9);
            assertEquals(52.0, v[13], 1e-9);
        }
        assertTrue(JetsonStateProbe.open(sys.resolve("nothing")).isEmpty());
    }

    @Test
    void aGpuClockThatDropsMidIterationIsThrottlingForTheTimeItStaysDown() throws Exception {
        JetsonTrees.Board orin = JetsonTrees.orin(sys);
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        Sensor ina = new Ina3221Reader().open(PowerOptions.parse("sysfs=" + sys));
        try (Sampler s = new Sampler(List.of(ina), List.of(JetsonStateProbe.open(sys).orElseThrow()), name -> false,
                SamplingRate.forced(1000, List.of(ina)), clock)) {
            // three 1 s "iterations"; the GPU drops to 612 MHz from 1.25 s to 1.75 s, inside the second
            for (long ms = 0; ms <= 3000; ms++) {
                if (ms == 1250) {
                    FakeSysfs.set(orin.gpuCurrent(), 612_000_000L);
                }
                if (ms == 1750) {
                    FakeSysfs.set(orin.gpuCurrent(), 1_300_500_000L);
                }
                clock.set(TraceDriver.BASE + ms * MS);
                s.tick();
            }
            StateWindow first = s.state(TraceDriver.BASE, TraceDriver.BASE + 1000 * MS);
            assertEquals(0.0, first.throttledFraction());
            assertEquals("", first.firstThrottle());
            StateWindow second = s.state(TraceDriver.BASE + 1000 * MS, TraceDriver.BASE + 2000 * MS);
            assertEquals(0.5, second.throttledFraction(), 1e-9); // the samples at 1.3 .. 1.7 s hold until 1.8 s
            assertEquals(Map.of("gpu:clock_drop", 0.5), second.reasons());
            assertEquals("gpu clock 612 MHz < 1300.5 MHz, its clock at the run's start", second.firstThrottle());
            StateWindow.Range gpu = second.ranges().get(0);
            assertEquals("gpu", gpu.channel().name());
            assertEquals(612.0, gpu.min(), 1e-9);
            assertEquals(1300.5, gpu.max(), 1e-9);
            StateWindow third = s.state(TraceDriver.BASE + 2000 * MS, TraceDriver.BASE + 3000 * MS);
            assertEquals(0.0, third.throttledFraction());
            assertEquals(1300.5, third.ranges().get(0).min(), 1e-9);
        }
    }

    @Test
    void withTheClockAskedForItsFloorIsTheReference() throws Exception {
        JetsonTrees.Board nx = JetsonTrees.xavierNx(sys);
        // the trial locked the GPU at 905.25 MHz: floor and ceiling there; the run started at idle, 114.75 MHz
        FakeSysfs.set(nx.gpuCurrent(), 114_750_000L);
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(), List.of(JetsonStateProbe.open(sys).orElseThrow()),
                name -> name.equals("gpu"), SamplingRate.forced(100, List.of()), clock)) {
            clock.set(TraceDriver.BASE);
            s.tick();
            FakeSysfs.set(nx.gpu().resolve("min_freq"), 905_250_000L);
            FakeSysfs.set(nx.gpuCurrent(), 905_250_000L);
            for (long ms = 100; ms <= 1000; ms += 100) {
                if (ms == 600) {
                    FakeSysfs.set(nx.gpuCurrent(), 522_750_000L); // a thermal cap pulls it below the lock
                }
                clock.set(TraceDriver.BASE + ms * MS);
                s.tick();
            }
            StateWindow w = s.state(TraceDriver.BASE + 100 * MS, TraceDriver.BASE + 1000 * MS);
            assertEquals(4.0 / 9, w.throttledFraction(), 1e-9); // 600..1000 ms of the 900 ms window
            assertEquals("gpu clock 522.8 MHz < 905.3 MHz, the clock the run asked for", w.firstThrottle());
        }
    }

    @Test
    void nvmlClocksTemperatureAndThrottleReasons() throws Exception {
        stub.stub_set_clocks(1410, 7001);
        stub.stub_set_graphics_clock(1395);
        stub.stub_set_temperature(71);
        try (StateProbe p = NvmlStateProbe.open(lib.toString(), 0)) {
            assertEquals(List.of("nvml0.graphics", "nvml0.sm", "nvml0.mem", "nvml0", "nvml0"), names(p));
            double[] v = new double[5];
            p.read(v);
            assertEquals(List.of(1395.0, 1410.0, 7001.0, 71.0, 0.0), List.of(v[0], v[1], v[2], v[3], v[4]));
            ManualClock clock = new ManualClock(TraceDriver.BASE);
            try (Sampler s = new Sampler(List.of(), List.of(p), name -> false, SamplingRate.forced(10, List.of()),
                    clock)) {
                for (int k = 0; k <= 10; k++) {
                    if (k == 4) {
                        stub.stub_set_reasons(0x20L | 0x1L); // SW thermal slowdown (and idle, which is not throttling)
                    }
                    clock.set(TraceDriver.BASE + k * 100 * MS);
                    s.tick();
                }
                StateWindow w = s.state(TraceDriver.BASE, TraceDriver.BASE + 1000 * MS);
                assertEquals(0.6, w.throttledFraction(), 1e-9);
                assertEquals(Map.of("nvml0:sw_thermal_slowdown", 0.6), w.reasons());
                assertEquals("nvml0 sw_thermal_slowdown", w.firstThrottle());
            }
        }
    }

    @Test
    void olderDriversExportTheReasonsUnderTheirOldName() throws Exception {
        Path old = NvmlStub.build(stubDir, "reasons-old-name", "-DOLD_REASONS_NAME");
        NvmlStub.Control c = NvmlStub.control(old);
        c.stub_reset();
        c.stub_set_reasons(0x40L);
        try (StateProbe p = NvmlStateProbe.open(old.toString(), 0)) {
            double[] v = new double[5];
            p.read(v);
            assertEquals(0x40, (long) v[4]);
        }
    }
}
