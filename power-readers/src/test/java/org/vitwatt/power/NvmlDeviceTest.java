package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.power.nvml.GpuSnapshot;
import org.vitwatt.power.nvml.NvmlDevice;

/**
 * {@link NvmlDevice} through the real JNA binding against the gcc-built stub {@code libnvidia-ml.so.1}
 * ({@code src/test/resources/nvml-stub/nvml_stub.c}), once as a current library and once built with
 * {@code -DOLD_NVML}, without the device-state calls, standing for an older driver.
 */
class NvmlDeviceTest {
    @TempDir
    static Path dir;
    static Path lib;
    static Path oldLib;
    static Stub stub;
    static Stub oldStub;

    /** The stub's control functions. */
    public interface Stub extends Library {
        void stub_reset();

        void stub_set_init_rc(int rc);

        void stub_set_info_rc(int rc);

        void stub_set_clocks(int sm, int mem);

        void stub_set_power_limit(int mw);

        void stub_set_memory(long total, long used);

        void stub_set_cuda_version(int v);

        int stub_inits();
    }

    @BeforeAll
    static void compileStubs() throws Exception {
        Path gcc = NvmlReaderTest.onPath("gcc");
        assumeTrue(gcc != null, "gcc is not on PATH, so the NVML stub library cannot be built: NVML device tests skipped");
        Path src = dir.resolve("nvml_stub.c");
        try (InputStream in = NvmlDeviceTest.class.getResourceAsStream("/nvml-stub/nvml_stub.c")) {
            Files.copy(in, src);
        }
        Files.createDirectories(dir.resolve("new"));
        Files.createDirectories(dir.resolve("old"));
        lib = compile(gcc, src, dir.resolve("new/libnvidia-ml.so.1"));
        oldLib = compile(gcc, src, dir.resolve("old/libnvidia-ml.so.1"), "-DOLD_NVML");
        stub = Native.load(lib.toString(), Stub.class);
        oldStub = Native.load(oldLib.toString(), Stub.class);
    }

    private static Path compile(Path gcc, Path src, Path out, String... defines) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(gcc.toString(), "-shared", "-fPIC", "-O1"));
        cmd.addAll(List.of(defines));
        cmd.addAll(List.of("-o", out.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed: " + log);
        return out;
    }

    @BeforeEach
    void reset() {
        stub.stub_reset();
        oldStub.stub_reset();
    }

    @Test
    void readsIdentityAndStateExactly() throws Exception {
        stub.stub_set_memory(8_589_934_592L, 1_610_612_736L); // 8 GiB, 1.5 GiB used
        try (NvmlDevice info = NvmlDevice.open(lib.toString(), 0)) {
            GpuSnapshot s = info.read();
            assertEquals(new GpuSnapshot(0, "Stub GPU 9000", Optional.of("550.54.15"), Optional.of("12.4"),
                    OptionalInt.of(1755), OptionalInt.of(7001), OptionalLong.of(115_000), OptionalLong.of(1_610_612_736L),
                    OptionalLong.of(8_589_934_592L), List.of()), s);
            assertEquals(Optional.of(1536.0), s.memoryUsedMiB());
            assertEquals(Optional.of(115.0), s.powerLimitWatts());
            // clocks, limit and memory are read afresh each time; identity is fixed at open
            stub.stub_set_clocks(210, 405);
            stub.stub_set_power_limit(70_500);
            stub.stub_set_memory(8_589_934_592L, 2_147_483_648L);
            GpuSnapshot t = info.read();
            assertEquals(OptionalInt.of(210), t.smClockMHz());
            assertEquals(OptionalInt.of(405), t.memoryClockMHz());
            assertEquals(Optional.of(70.5), t.powerLimitWatts());
            assertEquals(Optional.of(2048.0), t.memoryUsedMiB());
            assertEquals(1, stub.stub_inits());
        }
        assertEquals(0, stub.stub_inits(), "nvmlShutdown once per nvmlInit_v2");
    }

    @Test
    void cudaVersionsAreMajorDotMinor() {
        stub.stub_set_cuda_version(11080);
        assertEquals(Optional.of("11.8"), NvmlDevice.snapshot(lib.toString(), 0).state().orElseThrow()
                .cudaDriverVersion());
        stub.stub_set_cuda_version(13000);
        assertEquals(Optional.of("13.0"), NvmlDevice.snapshot(lib.toString(), 0).state().orElseThrow()
                .cudaDriverVersion());
    }

    @Test
    void notSupportedLeavesFiguresEmptyWithTheReasonNeverZero() {
        stub.stub_set_info_rc(3); // what a Jetson answers
        NvmlDevice.Snapshot snap = NvmlDevice.snapshot(lib.toString(), 0);
        GpuSnapshot s = snap.state().orElseThrow();
        String ns = "Not Supported (NVML_ERROR_NOT_SUPPORTED=3)";
        assertEquals(new GpuSnapshot(0, "Stub GPU 9000", Optional.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                List.of("driverVersion: " + ns, "cudaDriverVersion: " + ns, "smClockMHz: " + ns, "memoryClockMHz: " + ns,
                        "powerLimit: " + ns, "memory: " + ns)), s);
        assertEquals(Optional.empty(), s.memoryUsedMiB());
        assertEquals(0, stub.stub_inits());
    }

    @Test
    void anOlderLibraryWithoutTheCallsSaysSo() {
        GpuSnapshot s = NvmlDevice.snapshot(oldLib.toString(), 0).state().orElseThrow();
        assertEquals("Stub GPU 9000", s.name());
        String old = "not in this NVML library (driver too old)";
        assertEquals(List.of("driverVersion: " + old, "cudaDriverVersion: " + old, "smClockMHz: " + old,
                "memoryClockMHz: " + old, "powerLimit: " + old, "memory: " + old), s.unavailable());
        assertEquals(0, oldStub.stub_inits());
    }

    @Test
    void absentNvmlIsAnEmptySnapshotWithTheReason() {
        NvmlDevice.Snapshot snap = NvmlDevice.snapshot("libnvidia-ml-absent.so.1", 0);
        assertFalse(snap.state().isPresent());
        assertTrue(snap.reason().startsWith("cannot load NVML library libnvidia-ml-absent.so.1 (no NVIDIA driver here, "
                + "or give nvmlLib=FILE): "), snap.reason());
        assertEquals(1, snap.reason().lines().count());
    }

    @Test
    void initFailureAndBadIndexAreOneLineReasons() {
        stub.stub_set_init_rc(9);
        assertEquals("nvmlInit_v2 failed: Driver Not Loaded (NVML_ERROR_DRIVER_NOT_LOADED=9)",
                NvmlDevice.snapshot(lib.toString(), 0).reason());
        stub.stub_set_init_rc(0);
        assertEquals("GPU 2 does not exist: NVML sees 1 GPU(s) (0..0)", NvmlDevice.snapshot(lib.toString(), 2)
                .reason());
        assertEquals(0, stub.stub_inits());
        SensorException e = assertThrows(SensorException.class, () -> NvmlDevice.open(lib.toString(), -1));
        assertEquals("GPU index -1 is negative; NVML numbers GPUs from 0", e.getMessage());
    }

    @Test
    void readingAfterCloseIsAnError() throws Exception {
        NvmlDevice info = NvmlDevice.open(lib.toString(), 0);
        info.close();
        info.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, info::read);
        assertEquals("NvmlDevice for GPU 0 is closed", e.getMessage());
        assertEquals(0, stub.stub_inits());
    }
}
