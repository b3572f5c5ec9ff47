package org.vitwatt.core.sys;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.vitwatt.core.trial.Facts;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.jetson.JetsonState;
import org.vitwatt.power.nvml.GpuSnapshot;
import org.vitwatt.power.nvml.NvmlDevice;
import org.vitwatt.results.Metrics;

/**
 * The device figures read at each iteration's end in the benchmark's own JVM. On a GPU provider, through NVML:
 * {@code gpu.memoryUsedMiB} (device memory in use, all processes; the run record holds the value before the run),
 * {@code gpu.smClockMHz} and {@code gpu.powerLimitW}. On a Jetson, any provider: {@code jetson.gpuFreqMHz} (the GPU
 * devfreq {@code cur_freq}). A figure that cannot be read is left out, never reported as 0; NVML that will not open
 * is tried once per instance.
 */
public final class DeviceMetrics implements AutoCloseable {
    private final String nvmlLib;
    private final Path root;
    private final Map<Integer, Optional<NvmlDevice>> gpus = new HashMap<>();
    private Optional<Path> jetsonGpuFile;

    /** Reads NVML through {@code nvmlLib} and the Jetson sysfs under {@code root} ({@code /} on a real board). */
    public DeviceMetrics(String nvmlLib, Path root) {
        this.nvmlLib = nvmlLib;
        this.root = root;
    }

    /** The figures now, for a benchmark whose {@code -p provider} is {@code provider} (null when it has none). */
    public synchronized Facts read(String provider) {
        Facts.Builder out = new Facts.Builder();
        Optional<Integer> gpu = provider == null ? Optional.empty() : DeviceRecord.gpuIndex(List.of(provider));
        if (gpu.isPresent()) {
            Optional<NvmlDevice> info = gpus.computeIfAbsent(gpu.get(), this::open);
            if (info.isPresent()) {
                GpuSnapshot s = info.get().read();
                s.memoryUsedMiB().ifPresent(v -> out.put(Metrics.GPU_MEMORY_USED_MIB, v));
                s.smClockMHz().ifPresent(v -> out.put(Metrics.GPU_SM_CLOCK_MHZ, v));
                s.powerLimitWatts().ifPresent(v -> out.put(Metrics.GPU_POWER_LIMIT_W, v));
            }
        }
        if (jetsonGpuFile == null) {
            JetsonState j = JetsonState.read(root);
            jetsonGpuFile = j.isJetson() ? j.gpuCurrentFrequencyFile() : Optional.empty();
        }
        if (jetsonGpuFile.isPresent()) {
            OptionalLong hz = JetsonState.readHz(jetsonGpuFile.get());
            if (hz.isPresent()) {
                out.put(Metrics.JETSON_GPU_FREQ_MHZ, hz.getAsLong() / 1e6);
            }
        }
        return out.build();
    }

    private Optional<NvmlDevice> open(int index) {
        try {
            return Optional.of(NvmlDevice.open(nvmlLib, index));
        } catch (SensorException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Closes the NVML handles. */
    @Override
    public synchronized void close() {
        gpus.values().forEach(o -> o.ifPresent(NvmlDevice::close));
        gpus.clear();
    }
}
