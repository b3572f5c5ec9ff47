package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.power.nvml.NvmlReader;

/**
 * The real JNA NVML binding against a stub {@code libnvidia-ml.so.1} compiled here with gcc
 * ({@code src/test/resources/nvml-stub/nvml_stub.c}), which returns a scripted counter, power and error codes.
 */
class NvmlReaderTest {
    @TempDir
    static Path dir;
    static Path lib;
    static Stub stub;

    /** The stub's control functions. */
    public interface Stub extends Library {
        void stub_reset();

        void stub_set_init_rc(int rc);

        void stub_set_energy_rc(int rc);

        void stub_set_power_rc(int rc);

        void stub_set_energy(long mj);

        void stub_set_power(int mw);

        int stub_inits();
    }

    @BeforeAll
    static void compileStub() throws Exception {
        Path gcc = onPath("gcc");
        assumeTrue(gcc != null, "gcc is not on PATH, so the NVML stub library cannot be built: NVML binding tests skipped");
        Path src = dir.resolve("nvml_stub.c");
        try (InputStream in = NvmlReaderTest.class.getResourceAsStream("/nvml-stub/nvml_stub.c")) {
            Files.copy(in, src);
        }
        lib = dir.resolve("libnvidia-ml.so.1");
        Process p = new ProcessBuilder(gcc.toString(), "-shared", "-fPIC", "-O1", "-o", lib.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed: " + out);
        stub = Native.load(lib.toString(), Stub.class);
    }

    static Path onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @BeforeEach
    void reset() {
        stub.stub_reset();
    }

    private PowerOptions opts(String extra) {
        return PowerOptions.parse("readers=nvml;nvmlLib=" + lib + (extra.isEmpty() ? "" : ";" + extra));
    }

    private Sensor open(String extra) {
        try {
            return new NvmlReader().open(opts(extra));
        } catch (SensorException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void energyCounterSequenceIsIntegratedExactly() {
        stub.stub_set_energy(987_654_321L); // mJ since the driver loaded
        Sensor sensor = open("");
        assertEquals(Sensor.Kind.ENERGY_COUNTER, sensor.kind());
        assertEquals("gpu0", sensor.channels().get(0).name());
        assertTrue(sensor.channels().get(0).detail().startsWith("Stub GPU 9000, total energy counter"),
                sensor.channels().get(0).detail());
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(sensor), 1000, clock)) {
            // the counter sequence: the ramp's energy in whole millijoules
            WindowStats w = TraceDriver.drive(s, clock, Traces.SECONDS,
                    t -> stub.stub_set_energy(987_654_321L + Math.round(Traces.energy(Traces.RAMP, t) * 1000)));
            assertTrue(w.valid(), w.invalidReason());
            assertEquals(10.0, w.energyJoules(), 1e-9);
            assertEquals(9.0, w.peakWatts(), 0.01);
            assertEquals("nvml", w.channels().get(0).reader());
        }
        assertEquals(0, stub.stub_inits(), "nvmlShutdown once per nvmlInit_v2");
    }

    @Test
    void fallsBackToPowerUsageWhenTheEnergyCounterIsNotSupported() {
        stub.stub_set_energy_rc(3);
        stub.stub_set_power(5000);
        Sensor sensor = open("");
        assertEquals(Sensor.Kind.POWER, sensor.kind());
        assertTrue(sensor.channels().get(0).detail().contains("energy counter: Not Supported (NVML_ERROR_NOT_SUPPORTED=3)"),
                sensor.channels().get(0).detail());
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(sensor), 1000, clock)) {
            WindowStats w = TraceDriver.drive(s, clock, Traces.SECONDS,
                    t -> stub.stub_set_power((int) Math.round(Traces.SQUARE.applyAsDouble(t) * 1000)));
            assertTrue(TraceDriver.relErr(w.energyJoules(), 10.0) <= 0.001, "" + w.energyJoules());
        }
    }

    @Test
    void neitherEnergyNorPowerIsUnavailableWithBothReasons() {
        stub.stub_set_energy_rc(3);
        stub.stub_set_power_rc(3);
        Availability a = new NvmlReader().probe(opts(""));
        assertFalse(a.available());
        assertEquals("GPU 0 (Stub GPU 9000) reports neither energy (Not Supported (NVML_ERROR_NOT_SUPPORTED=3)) nor "
                + "power (Not Supported (NVML_ERROR_NOT_SUPPORTED=3)); on a Jetson use readers=ina3221", a.reason());
        assertEquals(0, stub.stub_inits());
    }

    @Test
    void initFailureIsReadableThroughNvmlErrorString() {
        stub.stub_set_init_rc(9);
        Availability a = new NvmlReader().probe(opts(""));
        assertFalse(a.available());
        assertEquals("nvmlInit_v2 failed: Driver Not Loaded (NVML_ERROR_DRIVER_NOT_LOADED=9)", a.reason());
        PowerReaders.Selection sel = PowerReaders.open(opts(""));
        assertTrue(sel.isEmpty());
        assertEquals("nvml: nvmlInit_v2 failed: Driver Not Loaded (NVML_ERROR_DRIVER_NOT_LOADED=9)",
                sel.skipped().get(0).toString());
    }

    @Test
    void aGpuIndexOutOfRangeSaysWhichExist() {
        Availability a = new NvmlReader().probe(opts("gpu=3"));
        assertEquals("gpu=3 but NVML sees 1 GPU(s); choose gpu=0..0", a.reason());
        assertEquals(0, stub.stub_inits());
    }

    @Test
    void aGpuLostMidRunInvalidatesTheWindowsAfterIt() {
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(open("")), 1000, clock)) {
            TraceDriver.drive(s, clock, 1.0, t -> stub.stub_set_energy(Math.round(5000 * t)));
            stub.stub_set_energy_rc(15);
            for (int k = 1; k <= 500; k++) {
                clock.set(TraceDriver.BASE + 1_000_000_000L + k * 1_000_000L);
                s.tick();
            }
            WindowStats before = s.window(TraceDriver.BASE + 100_000_000L, TraceDriver.BASE + 900_000_000L);
            assertTrue(before.valid(), before.invalidReason());
            assertEquals(4.0, before.energyJoules(), 1e-9);
            WindowStats after = s.window(TraceDriver.BASE + 500_000_000L, TraceDriver.BASE + 1_400_000_000L);
            assertFalse(after.valid());
            assertTrue(Double.isNaN(after.energyJoules()));
            assertEquals("nvml: nvmlDeviceGetTotalEnergyConsumption(gpu0) failed: GPU is lost "
                    + "(NVML_ERROR_GPU_IS_LOST=15)", after.invalidReason());
            assertEquals(List.of(after.invalidReason()), s.faults());
        }
    }

    @Test
    void aMissingLibraryIsAReasonNotACrash() {
        Availability a = new NvmlReader().probe(PowerOptions.parse("nvmlLib=libnvidia-ml-absent.so.1"));
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("cannot load NVML library libnvidia-ml-absent.so.1 (no NVIDIA driver here, "
                + "or give nvmlLib=FILE)"), a.reason());
        PowerConfigException e = assertThrows(PowerConfigException.class,
                () -> PowerOptions.parse("nvmlLib=/no/such/libnvidia-ml.so.1"));
        assertTrue(e.getMessage().startsWith("Option nvmlLib=/no/such/libnvidia-ml.so.1: no such file"), e.getMessage());
    }
}
