package org.vitwatt.power.nvml;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One NVIDIA GPU's identity and state as NVML reported it at one moment. A figure NVML would not give (a Jetson answers
 * most queries with {@code NVML_ERROR_NOT_SUPPORTED}, an old driver lacks a call) is empty, never 0, and
 * {@link #unavailable()} says why.
 *
 * @param index              the NVML device index
 * @param name               the device name ({@code nvmlDeviceGetName})
 * @param driverVersion      the driver version, e.g. "550.54.15" ({@code nvmlSystemGetDriverVersion})
 * @param cudaDriverVersion  the CUDA version the driver supports, e.g. "12.4" ({@code nvmlSystemGetCudaDriverVersion_v2})
 * @param smClockMHz         current SM clock ({@code nvmlDeviceGetClockInfo}, {@code NVML_CLOCK_SM})
 * @param memoryClockMHz     current memory clock ({@code NVML_CLOCK_MEM})
 * @param powerLimitMilliWatts the enforced power limit ({@code nvmlDeviceGetEnforcedPowerLimit})
 * @param memoryUsedBytes    device memory in use, all processes ({@code nvmlDeviceGetMemoryInfo})
 * @param memoryTotalBytes   device memory installed
 * @param unavailable        one "figure: reason" entry per figure that is empty
 */
public record GpuSnapshot(int index, String name, Optional<String> driverVersion, Optional<String> cudaDriverVersion,
        OptionalInt smClockMHz, OptionalInt memoryClockMHz, OptionalLong powerLimitMilliWatts,
        OptionalLong memoryUsedBytes, OptionalLong memoryTotalBytes, List<String> unavailable) {

    public GpuSnapshot {
        unavailable = List.copyOf(unavailable);
    }

    /** Memory in use in MiB (2^20 bytes). */
    public Optional<Double> memoryUsedMiB() {
        return memoryUsedBytes.isPresent() ? Optional.of(memoryUsedBytes.getAsLong() / 1048576.0) : Optional.empty();
    }

    /** The enforced power limit in watts. */
    public Optional<Double> powerLimitWatts() {
        return powerLimitMilliWatts.isPresent() ? Optional.of(powerLimitMilliWatts.getAsLong() / 1000.0)
                : Optional.empty();
    }

    /** "12.4" for NVML's 12040 (1000 × major + 10 × minor). */
    static String cudaVersion(int v) {
        return (v / 1000) + "." + (v % 1000) / 10;
    }
}
