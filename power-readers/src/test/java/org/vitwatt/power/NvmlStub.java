package org.vitwatt.power;

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
import java.util.concurrent.TimeUnit;

/**
 * The stand-in {@code libnvidia-ml.so.1} ({@code src/test/resources/nvml-stub/nvml_stub.c}) built with gcc into a
 * directory, and its control functions through JNA. A test that needs it is skipped, saying why, when gcc is absent.
 */
public final class NvmlStub {
    /** The stub's control functions for device state and clock control. */
    public interface Control extends Library {
        void stub_reset();

        void stub_set_graphics_clock(int mhz);

        void stub_set_clocks(int sm, int mem);

        void stub_set_temperature(int c);

        void stub_set_reasons(long mask);

        void stub_set_lock_rc(int rc);

        int stub_locked_min();

        int stub_locked_max();

        int stub_locks();

        int stub_resets();

        int stub_inits();
    }

    private NvmlStub() {
    }

    /** Compiles the stub into {@code dir/name/libnvidia-ml.so.1} with {@code defines}; skips the test without gcc. */
    public static Path build(Path dir, String name, String... defines) throws Exception {
        Path gcc = NvmlReaderTest.onPath("gcc");
        assumeTrue(gcc != null, "gcc is not on PATH, so the NVML stub library cannot be built: NVML tests skipped");
        Path src = dir.resolve("nvml_stub.c");
        if (!Files.exists(src)) {
            try (InputStream in = NvmlStub.class.getResourceAsStream("/nvml-stub/nvml_stub.c")) {
                Files.copy(in, src);
            }
        }
        Path out = dir.resolve(name).resolve("libnvidia-ml.so.1");
        Files.createDirectories(out.getParent());
        List<String> cmd = new ArrayList<>(List.of(gcc.toString(), "-shared", "-fPIC", "-O1"));
        cmd.addAll(List.of(defines));
        cmd.addAll(List.of("-o", out.toString(), src.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed: " + log);
        return out;
    }

    /** The control functions of the stub at {@code lib}. */
    public static Control control(Path lib) {
        return Native.load(lib.toString(), Control.class);
    }
}
