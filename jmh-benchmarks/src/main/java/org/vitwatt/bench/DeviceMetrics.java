package org.vitwatt.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.vitwatt.core.Provider;
import org.vitwatt.core.sys.JetsonState;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.nvml.GpuState;
import org.vitwatt.power.nvml.NvmlDeviceInfo;

/**
 * The device figures {@link VitwattProfiler} adds to every iteration, read at the iteration's end in the benchmark's
 * own JVM. On a GPU provider, through NVML: {@code gpu.memoryUsedMiB} (device memory in use, all processes; the
 * run record holds the value before the run), {@code gpu.smClockMHz} and {@code gpu.powerLimitW}. On a Jetson, any
 * provider: {@code jetson.gpuFreqMHz} (the GPU devfreq {@code cur_freq}). A figure that cannot be read is left out,
 * never reported as 0; NVML that will not open is tried once per JVM.
 */
final class DeviceMetrics {
    private static final DeviceMetrics DEFAULT = new DeviceMetrics(DeviceState.nvmlLib(), Path.of("/"));

    private final String nvmlLib;
    private final Path root;
    private final Map<Integer, Optional<NvmlDeviceInfo>> gpus = new HashMap<>();
    private Optional<Path> jetsonGpuFile;

    DeviceMetrics(String nvmlLib, Path root) {
        this.nvmlLib = nvmlLib;
        this.root = root;
    }

    /** The figures for the iteration just ended of the benchmark with {@code params}. */
    static List<Result> afterIteration(BenchmarkParams params) {
        String provider;
        try {
            provider = params.getParam("provider");
        } catch (RuntimeException e) {
            provider = null;
        }
        return new ArrayList<>(DEFAULT.read(provider));
    }

    /** The figures now, for a benchmark whose {@code -p provider} is {@code provider} (null when it has none). */
    synchronized List<ScalarResult> read(String provider) {
        List<ScalarResult> out = new ArrayList<>();
        Optional<Integer> gpu = provider == null ? Optional.empty() : DeviceState.gpuIndex(List.of(provider));
        if (gpu.isPresent()) {
            Optional<NvmlDeviceInfo> info = gpus.computeIfAbsent(gpu.get(), this::open);
            if (info.isPresent()) {
                GpuState s = info.get().read();
                s.memoryUsedMiB().ifPresent(v -> out.add(new ScalarResult("gpu.memoryUsedMiB", v, "MiB",
                        AggregationPolicy.MAX)));
                s.smClockMHz().ifPresent(v -> out.add(new ScalarResult("gpu.smClockMHz", v, "MHz",
                        AggregationPolicy.AVG)));
                s.powerLimitWatts().ifPresent(v -> out.add(new ScalarResult("gpu.powerLimitW", v, "W",
                        AggregationPolicy.AVG)));
            }
        }
        if (jetsonGpuFile == null) {
            JetsonState j = JetsonState.read(root);
            jetsonGpuFile = j.isJetson() ? j.gpuCurrentFrequencyFile() : Optional.empty();
        }
        if (jetsonGpuFile.isPresent()) {
            OptionalLong hz = JetsonState.readHz(jetsonGpuFile.get());
            if (hz.isPresent()) {
                out.add(new ScalarResult("jetson.gpuFreqMHz", hz.getAsLong() / 1e6, "MHz", AggregationPolicy.AVG));
            }
        }
        return out;
    }

    private Optional<NvmlDeviceInfo> open(int index) {
        try {
            return Optional.of(NvmlDeviceInfo.open(nvmlLib, index));
        } catch (SensorException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Closes the NVML handles (tests; the benchmark JVM just exits). */
    synchronized void close() {
        gpus.values().forEach(o -> o.ifPresent(NvmlDeviceInfo::close));
        gpus.clear();
    }
}
