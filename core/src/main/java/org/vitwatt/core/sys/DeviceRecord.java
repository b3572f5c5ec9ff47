package org.vitwatt.core.sys;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vitwatt.core.Provider;
import org.vitwatt.models.store.ModelStore;
import org.vitwatt.power.clocks.ClockControl;
import org.vitwatt.power.jetson.JetsonState;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.power.nvml.GpuSnapshot;
import org.vitwatt.power.nvml.NvmlDevice;

/**
 * The device a run records once, in the launching JVM after preflight (which has loaded ONNX Runtime and, for a GPU
 * provider, its provider libraries): which {@code libonnxruntime} runs (also said as one progress line), the versions
 * of the CUDA, cuDNN and TensorRT libraries loaded, the GPU as NVML sees it, and on a Jetson the power mode and DVFS
 * frequencies. The launcher puts the map into the journal's {@code run} record ({@code device}); the keys are listed
 * in docs/results-format.md. Values that cannot be read are left out, never written as 0.
 */
public final class DeviceRecord {
    /** The key of the clocks put back at the start of a run (a killed earlier run had left them held). */
    public static final String CLOCKS_RESTORED = "clocksRestored";

    private DeviceRecord() {
    }

    /**
     * This machine's clock control: {@code /sys}, NVML through {@code nvmlLib}, and the ledger of changes not yet undone
     * in vitwatt's cache ({@code -Dvitwatt.cache}), shared by the launcher and its forks.
     */
    public static ClockControl clockControl(String nvmlLib) {
        return new ClockControl(Path.of("/sys"), nvmlLib, ClockControl.ledgerIn(ModelStore.defaultCacheDir()));
    }

    /**
     * The run record's device keys for a run on {@code providers}, NVML read through {@code nvmlLib}; a machine that
     * cannot be described is still measured: the failure is a key.
     */
    public static Map<String, String> forRun(Collection<String> providers, String nvmlLib, Progress progress) {
        try {
            return describe(providers, nvmlLib, JetsonState.current(), NativeLibraries::current, progress);
        } catch (RuntimeException e) {
            progress.say("device state not read: " + e);
            return Map.of("deviceStateError", e.toString());
        }
    }

    interface Libraries {
        NativeLibraries read();
    }

    static Map<String, String> describe(Collection<String> providers, String nvmlLib, JetsonState jetson,
            Libraries libraries, Progress progress) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            OrtLibrary ort = OrtLibrary.load();
            progress.say(ort.describe());
            ort.path().ifPresent(p -> m.put("ortLibrary", p));
        } catch (VitwattException e) {
            progress.say(e.getMessage());
            m.put("ortLibraryError", e.getMessage());
        }
        NativeLibraries loaded = libraries.read();
        loaded.version("libcudart").ifPresent(v -> m.put("cudaRuntime", v));
        loaded.version("libcublas").ifPresent(v -> m.put("cublas", v));
        loaded.version("libcudnn").ifPresent(v -> m.put("cudnn", v));
        loaded.version("libnvinfer").ifPresent(v -> m.put("tensorrt", v));
        Optional<Integer> gpuIndex = gpuIndex(providers);
        if (gpuIndex.isPresent()) {
            NvmlDevice.Snapshot snap = NvmlDevice.snapshot(nvmlLib, gpuIndex.get());
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
    public static Optional<Integer> gpuIndex(Collection<String> providers) {
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

    private static void gpu(GpuSnapshot s, Map<String, String> m) {
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
