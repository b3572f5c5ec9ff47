package org.vitwatt.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.power.clocks.ClockControl;

/** -p gpuClock / -p cpuClock values that cannot be held here stop the run before any fork, and change nothing. */
class PreflightClocksTest {
    @TempDir
    Path dir;

    private TrialEnvironment env(Path sys) {
        List<String> said = new ArrayList<>();
        return new TrialEnvironment(null, dir, null, null, null, null, null,
                new ClockControl(sys, "libnvidia-ml-absent.so.1", dir.resolve("clocks.tsv")), said::add);
    }

    private Path xavierNxGpu(long maxHz) throws IOException {
        Path gpu = dir.resolve("sys/class/devfreq/17000000.gv11b");
        Files.createDirectories(gpu.resolve("device/of_node"));
        Files.writeString(gpu.resolve("device/of_node/name"), "gv11b\0");
        Files.writeString(gpu.resolve("available_frequencies"), "114750000 306000000 522750000 905250000 1109250000\n");
        Files.writeString(gpu.resolve("min_freq"), "114750000\n");
        Files.writeString(gpu.resolve("max_freq"), maxHz + "\n");
        return gpu;
    }

    @Test
    void aClockAboveWhatThePowerModeAllowsStopsTheRunAndNothingIsWritten() throws IOException {
        Path gpu = xavierNxGpu(522_750_000L);
        VitwattException e = assertThrows(VitwattException.class, () -> Preflight.checkClocks(
                Map.of("gpuClock", List.of("306", "1100")), env(dir.resolve("sys"))));
        assertEquals("-p gpuClock=1100 MHz: GPU 17000000.gv11b offers 1109.3 MHz at the nearest, above the 522.8 MHz "
                + "the power mode allows (" + gpu.resolve("max_freq") + "); ask for at most 522.8 MHz, or another power "
                + "mode", e.getMessage());
        assertEquals("114750000", Files.readString(gpu.resolve("min_freq")).trim());
        Preflight.checkClocks(Map.of("gpuClock", List.of("306", "max")), env(dir.resolve("sys")));
    }

    @Test
    void aClockWhereThereIsNothingToHoldSaysWhy() throws IOException {
        Files.createDirectories(dir.resolve("pc"));
        VitwattException gpu = assertThrows(VitwattException.class, () -> Preflight.checkClocks(
                Map.of("gpuClock", List.of("max")), env(dir.resolve("pc"))));
        assertEquals("-p gpuClock=max: no Jetson GPU devfreq device here, and NVML cannot hold an NVIDIA GPU's clock: "
                + "cannot load NVML library libnvidia-ml-absent.so.1", gpu.getMessage().substring(0,
                        gpu.getMessage().indexOf(" (no NVIDIA driver here")));
        VitwattException cpu = assertThrows(VitwattException.class, () -> Preflight.checkClocks(
                Map.of("cpuClock", List.of("max")), env(dir.resolve("pc"))));
        assertEquals("-p cpuClock=max: no cpufreq policy under " + dir.resolve("pc/devices/system/cpu/cpufreq")
                + " (the kernel has no CPU frequency scaling here)", cpu.getMessage());
    }
}
