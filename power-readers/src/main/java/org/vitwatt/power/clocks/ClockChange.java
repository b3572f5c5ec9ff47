package org.vitwatt.power.clocks;

import java.nio.file.Path;
import java.util.List;

/**
 * One change a trial made to a clock, with what puts it back: a sysfs file and the value it held (Jetson devfreq
 * {@code min_freq}/{@code max_freq}, cpufreq {@code scaling_min_freq}/{@code scaling_max_freq}), or an NVML GPU whose
 * locked clocks are reset ({@code nvmlDeviceResetGpuLockedClocks}). Changes are undone in reverse order.
 *
 * @param what     what it is, for messages ({@code "GPU 17000000.ga10b max_freq"}, {@code "nvml gpu0 locked clocks"})
 * @param file     the sysfs file written, or null for NVML
 * @param original the value it held (Hz or kHz as the file has it), or the NVML library for an NVML change
 * @param set      the value written, or the locked MHz for NVML
 * @param nvmlGpu  the NVML device index for an NVML change, -1 otherwise
 */
public record ClockChange(String what, Path file, String original, String set, int nvmlGpu) {

    /** A sysfs file that held {@code original} and was set to {@code set}. */
    public static ClockChange file(String what, Path file, String original, String set) {
        return new ClockChange(what, file, original, set, -1);
    }

    /** An NVML GPU locked at {@code mhz} through {@code lib}. */
    public static ClockChange nvml(int gpu, String lib, String mhz) {
        return new ClockChange("nvml gpu" + gpu + " locked clocks", null, lib, mhz, gpu);
    }

    public boolean isNvml() {
        return nvmlGpu >= 0;
    }

    /** One line: what changed and what restoring does. */
    public String describe() {
        return isNvml() ? what + " " + set + " MHz (reset with nvmlDeviceResetGpuLockedClocks)"
                : what + " " + original + " -> " + set + " (" + file + ")";
    }

    /** The changes, described, joined. */
    public static String describe(List<ClockChange> changes) {
        StringBuilder sb = new StringBuilder();
        for (ClockChange c : changes) {
            sb.append(sb.length() == 0 ? "" : "; ").append(c.describe());
        }
        return sb.toString();
    }
}
