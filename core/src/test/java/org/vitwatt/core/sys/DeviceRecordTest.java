package org.vitwatt.core.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.trial.Facts;
import org.vitwatt.power.jetson.JetsonState;

/**
 * The run record's device keys ({@link DeviceRecord}) and the per-iteration device figures ({@link DeviceMetrics}) from
 * a fake Jetson tree, a recorded {@code /proc/self/maps} and the NVML stub library that power-readers' tests compile
 * ({@code power-readers/src/test/resources/nvml-stub/nvml_stub.c}, built here with gcc).
 */
class DeviceRecordTest {
    @TempDir
    static Path tmp;
    static Path stubNvml;
    static String noStub = "";

    @BeforeAll
    static void buildStub() throws Exception {
        Path src = Path.of("../power-readers/src/test/resources/nvml-stub/nvml_stub.c").toAbsolutePath().normalize();
        Path gcc = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "gcc"))) {
                gcc = Path.of(d, "gcc");
            }
        }
        if (gcc == null || !Files.isRegularFile(src)) {
            noStub = (gcc == null ? "gcc is not on PATH" : "no " + src) + ", so the NVML stub cannot be built: NVML "
                    + "scenario skipped";
            return;
        }
        Files.createDirectories(tmp.resolve("nvml"));
        stubNvml = tmp.resolve("nvml/libnvidia-ml.so.1");
        Process p = new ProcessBuilder(gcc.toString(), "-shared", "-fPIC", "-o", stubNvml.toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed: " + out);
    }

    private static Path jetson() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("jetson"));
        write(root, "etc/nvpmodel.conf", "< POWER_MODEL ID=0 NAME=MAXN >\n< POWER_MODEL ID=1 NAME=MODE_15W >\n"
                + "< PM_CONFIG DEFAULT=1 >\n");
        write(root, "var/lib/nvpmodel/status", "pmode:0000\n");
        write(root, "sys/class/devfreq/17000000.ga10b/device/of_node/name", "ga10b\0");
        write(root, "sys/class/devfreq/17000000.ga10b/cur_freq", "1300500000\n");
        write(root, "sys/class/devfreq/17000000.ga10b/min_freq", "306000000\n");
        write(root, "sys/class/devfreq/17000000.ga10b/max_freq", "1300500000\n");
        write(root, "sys/class/devfreq/17000000.ga10b/governor", "nvhost_podgov\n");
        for (int c = 0; c < 2; c++) {
            write(root, "sys/devices/system/cpu/cpu" + c + "/cpufreq/scaling_cur_freq", "2201600\n");
            write(root, "sys/devices/system/cpu/cpu" + c + "/cpufreq/scaling_min_freq", "115200\n");
            write(root, "sys/devices/system/cpu/cpu" + c + "/cpufreq/scaling_max_freq", "2201600\n");
            write(root, "sys/devices/system/cpu/cpu" + c + "/cpufreq/scaling_governor", "schedutil\n");
        }
        write(root, "sys/kernel/debug/bpmp/debug/clk/emc/rate", "3199000000\n");
        write(root, "sys/kernel/debug/bpmp/debug/clk/emc/min_rate", "204000000\n");
        write(root, "sys/kernel/debug/bpmp/debug/clk/emc/max_rate", "3199000000\n");
        return root;
    }

    private static void write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static NativeLibraries gpuLibraries() {
        Path maps = tmp.resolve("maps");
        try {
            Files.writeString(maps, String.join("\n",
                "7f00 r-xp 0 0:1 1 /tmp/onnxruntime-java1/libonnxruntime.so",
                "7f01 r-xp 0 0:1 2 /usr/local/cuda-12.6/lib64/libcudart.so.12.6.77",
                "7f02 r-xp 0 0:1 3 /usr/local/cuda-12.6/lib64/libcublas.so.12.6.4.1",
                "7f03 r-xp 0 0:1 4 /usr/lib/x86_64-linux-gnu/libcudnn.so.9.5.1",
                "7f04 r-xp 0 0:1 5 /usr/lib/x86_64-linux-gnu/libnvinfer.so.10.7.0", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return NativeLibraries.read(maps);
    }

    private static Map<String, String> describe(List<String> providers, String nvml, JetsonState j,
            DeviceRecord.Libraries libs, List<String> errLines) {
        return DeviceRecord.describe(providers, nvml, j, libs, errLines::add);
    }

    @Test
    void aCpuRunOnAJetsonRecordsThePowerModeAndClocksAndNamesTheOrtLibrary() throws IOException {
        List<String> err = new ArrayList<>();
        Map<String, String> m = describe(List.of("cpu"), "libnvidia-ml-absent.so.1", JetsonState.read(jetson()),
                NativeLibraries::current, err);
        String ort = m.remove("ortLibrary");
        assertTrue(ort.matches(".*/libonnxruntime\\.so"), ort);
        assertEquals(List.of("ONNX Runtime 1.29.0 from " + ort), err);
        Map<String, String> want = new LinkedHashMap<>();
        want.put("powerMode", "MAXN");
        want.put("powerModeId", "0");
        want.put("jetsonGpuFreqMHz", "1300.5");
        want.put("jetsonGpuMinFreqMHz", "306");
        want.put("jetsonGpuMaxFreqMHz", "1300.5");
        want.put("jetsonGpuGovernor", "nvhost_podgov");
        want.put("jetsonCpuFreqMHz", "cpu0=2201.6,cpu1=2201.6");
        want.put("jetsonCpuMaxFreqMHz", "2201.6");
        want.put("jetsonCpuGovernor", "schedutil");
        want.put("jetsonEmcFreqMHz", "3199");
        assertEquals(want, m, "no NVML keys for a CPU run");
    }

    @Test
    void aGpuRunWithoutNvmlSaysWhy() throws IOException {
        List<String> err = new ArrayList<>();
        Map<String, String> m = describe(List.of("cpu", "cuda:1"), "libnvidia-ml-absent.so.1",
                JetsonState.read(tmp.resolve("not-a-jetson")), DeviceRecordTest::gpuLibraries, err);
        assertEquals("12.6.77", m.get("cudaRuntime"));
        assertEquals("12.6.4.1", m.get("cublas"));
        assertEquals("9.5.1", m.get("cudnn"));
        assertEquals("10.7.0", m.get("tensorrt"));
        assertTrue(m.get("nvml").startsWith("cannot load NVML library libnvidia-ml-absent.so.1"), m.get("nvml"));
        assertFalse(m.containsKey("gpu"));
        assertFalse(m.containsKey("powerMode"));
    }

    @Test
    void aGpuRunWithNvmlRecordsTheGpu() throws IOException {
        assumeTrue(stubNvml != null, noStub);
        List<String> err = new ArrayList<>();
        Map<String, String> m = describe(List.of("tensorrt"), stubNvml.toString(),
                JetsonState.read(tmp.resolve("not-a-jetson")), DeviceRecordTest::gpuLibraries, err);
        m.remove("ortLibrary");
        Map<String, String> want = new LinkedHashMap<>();
        want.put("cudaRuntime", "12.6.77");
        want.put("cublas", "12.6.4.1");
        want.put("cudnn", "9.5.1");
        want.put("tensorrt", "10.7.0");
        want.put("gpuIndex", "0");
        want.put("gpu", "Stub GPU 9000");
        want.put("driver", "550.54.15");
        want.put("cuda", "12.4");
        want.put("gpuPowerLimitW", "115");
        want.put("gpuSmClockMHz", "1755");
        want.put("gpuMemoryClockMHz", "7001");
        want.put("gpuMemoryUsedMiB", "0");
        want.put("gpuMemoryTotalMiB", "8192");
        assertEquals(want, m);
    }

    private static Map<String, String> figures(Facts facts) {
        return facts.facts().stream().collect(Collectors.toMap(Facts.Fact::label, f -> f.value() + " "
                + f.metric().unit() + " " + f.metric().aggregate(), (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void iterationFiguresOnAJetsonAndOnANvmlGpu() throws IOException {
        Path root = jetson();
        DeviceMetrics noNvml = new DeviceMetrics("libnvidia-ml-absent.so.1", root);
        assertEquals(Map.of("jetson.gpuFreqMHz", "1300.5 MHz AVG"), figures(noNvml.read("cuda")));
        write(root, "sys/class/devfreq/17000000.ga10b/cur_freq", "306000000\n");
        assertEquals(Map.of("jetson.gpuFreqMHz", "306.0 MHz AVG"), figures(noNvml.read("cpu")),
                "re-read every iteration, any provider");
        DeviceMetrics pc = new DeviceMetrics("libnvidia-ml-absent.so.1", tmp.resolve("not-a-jetson"));
        assertEquals(Map.of(), figures(pc.read("cuda")), "nothing readable: nothing reported, never 0");
        assertEquals(Map.of(), figures(pc.read(null)));
        assumeTrue(stubNvml != null, noStub);
        DeviceMetrics gpu = new DeviceMetrics(stubNvml.toString(), tmp.resolve("not-a-jetson"));
        try {
            Map<String, String> want = new LinkedHashMap<>();
            want.put("gpu.memoryUsedMiB", "0.0 MiB MAX");
            want.put("gpu.smClockMHz", "1755.0 MHz AVG");
            want.put("gpu.powerLimitW", "115.0 W AVG");
            assertEquals(want, figures(gpu.read("tensorrt:0")));
            assertEquals(Map.of(), figures(gpu.read("cpu")), "no GPU figures for a CPU run");
            assertEquals(Map.of(), figures(gpu.read("cuda:4")), "a GPU NVML does not have");
        } finally {
            gpu.close();
        }
    }

    @Test
    void numbersWithoutUselessDecimals() {
        assertEquals("306", DeviceRecord.num(306.0));
        assertEquals("1300.5", DeviceRecord.num(1300.5));
        assertEquals("0.333", DeviceRecord.num(1 / 3.0));
        assertEquals("1420.8", DeviceRecord.mhz(1_420_800_000L));
    }
}
