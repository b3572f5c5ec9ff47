package org.vitwatt.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.vitwatt.core.Provider;
import org.vitwatt.core.sys.JetsonState;
import org.vitwatt.core.sys.LoadedLibraries;
import org.vitwatt.core.sys.OrtLibrary;
import org.vitwatt.models.VitwattException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.nvml.GpuState;
import org.vitwatt.power.nvml.NvmlDeviceInfo;

/**
 * The device state a run records once, in the launching JVM after preflight (which has loaded ONNX Runtime and, for a
 * GPU provider, its provider libraries): which {@code libonnxruntime} runs (also printed as one stderr line), the
 * versions of the CUDA, cuDNN and TensorRT libraries loaded, the GPU as NVML sees it, and on a Jetson the power mode
 * and DVFS frequencies. {@link Launcher} puts the map into the journal's {@code run} record ({@code device}); the keys
 * are listed in docs/results-format.md. Values that cannot be read are left out, never written as 0.
 */
final class DeviceState {
    /** System property naming the NVML library (default {@code libnvidia-ml.so.1}); forks inherit it. */
    static final String NVML_LIB = "vitwatt.nvmlLib";

    private DeviceState() {
    }

    /** The NVML library to use: {@code -Dvitwatt.nvmlLib}, else {@code libnvidia-ml.so.1}. */
    static String nvmlLib() {
        String p = System.getProperty(NVML_LIB);
        return p == null || p.isBlank() ? PowerOptions.DEFAULT_NVML_LIB : p.trim();
    }

    /** For {@link Launcher}: prints "vitwatt: ONNX Runtime X from FILE" and returns the run record's device keys. */
    static Map<String, String> forRun(CommandLineOptions opts, PrintStream err) {
        Collection<String> providers = opts.getParameter("provider")
                .orElse(List.of(InferenceBenchmark.DEFAULT_PROVIDER));
        try {
            return describe(providers, nvmlLib(), JetsonState.current(), LoadedLibraries::current, err);
        } catch (RuntimeException e) {
            // a machine we cannot describe is still a machine we can measure
            err.println("vitwatt: device state not read: " + e);
            return Map.of("deviceStateError", e.toString());
        }
    }

    interface Libraries {
        LoadedLibraries read();
    }

    static Map<String, String> describe(Collection<String> providers, String nvmlLib, JetsonState jetson,
            Libraries libraries, PrintStream err) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            OrtLibrary ort = OrtLibrary.load();
            err.println("vitwatt: " + ort.describe());
            ort.path().ifPresent(p -> m.put("ortLibrary", p));
        } catch (VitwattException e) {
            err.println("vitwatt: " + e.getMessage());
            m.put("ortLibraryError", e.getMessage());
        }
        LoadedLibraries loaded = libraries.read();
        loaded.version("libcudart").ifPresent(v -> m.put("cudaRuntime", v));
        loaded.version("libcublas").ifPresent(v -> m.put("cublas", v));
        loaded.version("libcudnn").ifPresent(v -> m.put("cudnn", v));
        loaded.version("libnvinfer").ifPresent(v -> m.put("tensorrt", v));
        Optional<Integer> gpuIndex = gpuIndex(providers);
        if (gpuIndex.isPresent()) {
            NvmlDeviceInfo.Snapshot snap = NvmlDeviceInfo.snapshot(nvmlLib, gpuIndex.get());
            if (snap.state().isPresent()) {
                gpu(snap.state().get(), m);
            } else {
                m.put("nvml", snap.reason());
            }
        }
        if (jetson.isJetson()) {
            jetson(jetson, m);
        }
        return m;
    }

    /** The GPU the run's first GPU provider value names ({@code cuda:1} → 1), if any. */
    static Optional<Integer> gpuIndex(Collection<String> providers) {
        for (String v : providers) {
            try {
                if (Provider.parse(v) != Provider.CPU) {
                    return Optional.of(Provider.deviceOf(v));
                }
            } catch (VitwattException e) {
                // preflight has reported it; nothing to describe
            }
        }
        return Optional.empty();
    }

    private static void gpu(GpuState s, Map<String, String> m) {
        m.put("gpuIndex", Integer.toString(s.index()));
        m.put("gpu", s.name());
        s.driverVersion().ifPresent(v -> m.put("driver", v));
        s.cudaDriverVersion().ifPresent(v -> m.put("cuda", v));
        s.powerLimitWatts().ifPresent(w -> m.put("gpuPowerLimitW", num(w)));
        s.smClockMHz().ifPresent(c -> m.put("gpuSmClockMHz", Integer.toString(c)));
        s.memoryClockMHz().ifPresent(c -> m.put("gpuMemoryClockMHz", Integer.toString(c)));
        s.memoryUsedMiB().ifPresent(u -> m.put("gpuMemoryUsedMiB", num(u)));
        s.memoryTotalBytes().ifPresent(t -> m.put("gpuMemoryTotalMiB", num(t / 1048576.0)));
        if (!s.unavailable().isEmpty()) {
            m.put("nvmlUnavailable", String.join("; ", s.unavailable()));
        }
    }

    private static void jetson(JetsonState j, Map<String, String> m) {
        j.powerMode().ifPresent(p -> {
            m.put("powerMode", p.name().isEmpty() ? "mode " + p.id() : p.name());
            m.put("powerModeId", Integer.toString(p.id()));
        });
        j.gpu().ifPresent(g -> {
            g.current().ifPresent(v -> m.put("jetsonGpuFreqMHz", mhz(v)));
            g.min().ifPresent(v -> m.put("jetsonGpuMinFreqMHz", mhz(v)));
            g.max().ifPresent(v -> m.put("jetsonGpuMaxFreqMHz", mhz(v)));
            g.governor().ifPresent(v -> m.put("jetsonGpuGovernor", v));
        });
        String cpus = j.cpus().stream().filter(c -> c.current().isPresent())
                .map(c -> c.name() + "=" + mhz(c.current().getAsLong())).collect(Collectors.joining(","));
        if (!cpus.isEmpty()) {
            m.put("jetsonCpuFreqMHz", cpus);
        }
        j.cpus().stream().filter(c -> c.max().isPresent()).findFirst()
                .ifPresent(c -> m.put("jetsonCpuMaxFreqMHz", mhz(c.max().getAsLong())));
        j.cpus().stream().filter(c -> c.governor().isPresent()).findFirst()
                .ifPresent(c -> m.put("jetsonCpuGovernor", c.governor().get()));
        j.emc().ifPresent(e -> e.current().ifPresent(v -> m.put("jetsonEmcFreqMHz", mhz(v))));
        if (!j.unavailable().isEmpty()) {
            m.put("jetsonUnavailable", String.join("; ", j.unavailable()));
        }
    }

    static String mhz(long hz) {
        return num(hz / 1e6);
    }

    /** A number without a useless ".0": "306", "1300.5", "70.5". */
    static String num(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
