package org.vitwatt.core.trial;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.core.sys.DeviceRecord;
import org.vitwatt.core.sys.NativeLibraries;
import org.vitwatt.core.sys.NvidiaDriver;
import org.vitwatt.feedback.Progress;
import org.vitwatt.models.store.ModelStore;
import org.vitwatt.power.clocks.ClockControl;
import org.vitwatt.power.jetson.JetsonState;

/**
 * Everything a trial takes from the machine and the process, read once at the edge that starts benchmarks: where
 * models and caches are, the ONNX Runtime environment, the CPU's instruction set, GPU names, the Jetson board's
 * state and where progress goes. Tests build one from fakes; {@link #fromSystem} reads the system properties and
 * the machine.
 *
 * @param models          where models are found and built
 * @param cacheDir        vitwatt's cache (variants, datasets, TensorRT engines)
 * @param ort             the ONNX Runtime environment
 * @param cpu             the CPU's instruction set (INT8 weight format)
 * @param gpuName         GPU index → name (TensorRT engine cache key)
 * @param tensorrtVersion the TensorRT library version, read when first asked (the library loads with the provider)
 * @param jetson          the Jetson board's state (power mode), empty on other machines
 * @param clocks          holds the clocks a trial asks for ({@code -p gpuClock}, {@code -p cpuClock}) and puts them back
 * @param progress        where progress and warnings go
 */
public record TrialEnvironment(ModelStore models, Path cacheDir, OrtEnvironment ort, CpuIsa cpu,
        IntFunction<String> gpuName, Supplier<String> tensorrtVersion, JetsonState jetson, ClockControl clocks,
        Progress progress) {

    /**
     * The environment of this process: {@code -Dvitwatt.cache}, {@code -Dvitwatt.models}, this machine; NVML (for a
     * GPU's locked clocks) through {@code nvmlLib}.
     */
    public static TrialEnvironment fromSystem(Progress progress, String nvmlLib) {
        NvidiaDriver driver = NvidiaDriver.current();
        return new TrialEnvironment(ModelStore.fromSystemProperties(), ModelStore.defaultCacheDir(),
                OrtEnvironment.getEnvironment(),
                CpuIsa.current(), driver::name, () -> NativeLibraries.current().version("libnvinfer").orElse("unknown"),
                JetsonState.current(), DeviceRecord.clockControl(nvmlLib), progress);
    }

    /** The cache of preprocessed datasets. */
    public Path datasetCache() {
        return cacheDir.resolve("datasets");
    }
}
