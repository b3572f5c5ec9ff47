package org.vitwatt.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How ONNX Runtime's GPU build reports a provider that cannot start, and the line vitwatt makes of it, observed on this
 * (GPU-less) machine: a child JVM runs {@link GpuProbeMain} with the {@code onnxruntime_gpu} jar on its class path
 * instead of the CPU jar.
 *
 * <p>The child loads the jar's natives from a directory extracted once ({@code target/ort-gpu-natives/VERSION},
 * {@code -Donnxruntime.native.path}), not from the 580 MB copy ORT Java would make on every start. To walk down the
 * list of libraries the CUDA and TensorRT providers need, the test builds stand-in libraries with gcc: for each library
 * the provider libraries link against ({@code readelf -d}), a shared object with that soname exporting every symbol
 * (with its symbol version) the providers import ({@code nm -D}); their functions return an error code the scenario
 * chooses ({@code VITWATT_STUB_CUDA_RC}), and {@code cudaGetErrorString} returns the CUDA runtime's own texts for the
 * codes used (CUDA Runtime API, {@code driver_types.h}). So every message below is ONNX Runtime's real one — its
 * dynamic-loader errors, its {@code CUDA failure N: ...} framing and its device-index check — and only the CUDA error
 * texts come from the stand-in. Each scenario puts on {@code LD_LIBRARY_PATH} only the stand-ins it names, so the
 * next library down the list is the missing one; a scenario is skipped, with the reason, on a machine whose system
 * library path has that library for real.
 *
 * <p>Skipped, with the reason, when the GPU jar is not in the local Maven repository (it is never downloaded by the
 * build), or off x86-64 Linux (the jar has no other Linux natives). Scenarios that need stand-ins are skipped without
 * gcc, nm and readelf.
 */
class GpuJarProviderTest {
    private static final String CUDA_LT = "libcublasLt.so.12";
    private static final String CUBLAS = "libcublas.so.12";
    private static final String CURAND = "libcurand.so.10";
    private static final String CUDART = "libcudart.so.12";
    private static final String DRIVER = "libcuda.so.1";
    private static final String NVINFER = "libnvinfer.so.10";
    private static final String PARSER = "libnvonnxparser.so.10";
    private static final String CUDNN = "libcudnn.so.9";
    private static final List<String> CUDA_LIBS = List.of(CUDA_LT, CUBLAS, CURAND, CUDART, DRIVER);
    private static final List<String> ALL = List.of(CUDA_LT, CUBLAS, CURAND, CUDART, DRIVER, NVINFER, PARSER, CUDNN);
    private static final String LD = " and add its directory to LD_LIBRARY_PATH (docs/gpu.md lists the packages)";
    private static final Set<String> SYSTEM_LIBS = Set.of("libc.so.6", "libm.so.6", "libdl.so.2", "librt.so.1",
            "libpthread.so.0", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2");

    @TempDir
    static Path tmp;
    static Path gpuJar;
    static Path natives;
    static String childClassPath;
    /** soname → stand-in library; empty when gcc, nm or readelf is missing. */
    static Map<String, Path> stubs = new TreeMap<>();
    static String noStubs = "";
    static Set<String> hostLibs;

    @BeforeAll
    static void setUp() throws Exception {
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        Path cpuJar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (version == null) {
            version = cpuJar.getParent().getFileName().toString();
        }
        gpuJar = findGpuJar(version, cpuJar);
        assumeTrue(gpuJar != null, "com.microsoft.onnxruntime:onnxruntime_gpu:" + version + " is not in the local Maven "
                + "repository, so ONNX Runtime's GPU-provider errors cannot be observed: GPU-jar tests skipped (get it "
                + "with: mvn dependency:get -Dartifact=com.microsoft.onnxruntime:onnxruntime_gpu:" + version + ")");
        String arch = System.getProperty("os.arch");
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64")), "the onnxruntime_gpu jar has Linux natives for "
                + "x86-64 only, this is " + System.getProperty("os.name") + " " + arch + ": GPU-jar tests skipped");
        natives = extractOnce(gpuJar, version);
        childClassPath = childClassPath(cpuJar, gpuJar);
        hostLibs = hostLibraries();
        buildStubs();
    }

    // ---- scenarios, from nothing installed down to a complete set of libraries ----

    @Test
    void nothingInstalledNamesCuBlasFirst() {
        Map<String, String[]> r = run(List.of(), Map.of(), "cuda", "tensorrt");
        String line = "cannot start here: cuBLAS for CUDA 12 is missing (libcublasLt.so.12 not found): install CUDA 12's "
                + "cuBLAS" + LD;
        assertEquals("provider 'cuda' " + line, r.get("cuda")[0]);
        assertEquals("Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc"
                + ":1988 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : "
                + "Failed to load library " + natives.resolve("libonnxruntime_providers_cuda.so") + " with error: "
                + "libcublasLt.so.12: cannot open shared object file: No such file or directory\\n", r.get("cuda")[1]);
        // TensorRT's own provider library is loaded first (its options); it needs libcublas.so.12, not the Lt one
        assertEquals("provider 'tensorrt' cannot start here: cuBLAS for CUDA 12 is missing (libcublas.so.12 not found): "
                + "install CUDA 12's cuBLAS" + LD, r.get("tensorrt")[0]);
        assertTrue(r.get("tensorrt")[1].contains("Failed to load library " + natives.resolve(
                "libonnxruntime_providers_tensorrt.so") + " with error: libcublas.so.12: cannot open shared object file"),
                r.get("tensorrt")[1]);
    }

    @Test
    void withCuBlasTheNextMissingIsCuRand() {
        Map<String, String[]> r = run(List.of(CUDA_LT, CUBLAS), Map.of(), "cuda");
        assertEquals("provider 'cuda' cannot start here: cuRAND is missing (libcurand.so.10 not found): install the CUDA "
                + "toolkit's cuRAND" + LD, r.get("cuda")[0]);
        assertTrue(r.get("cuda")[1].contains("with error: libcurand.so.10: cannot open shared object file"),
                r.get("cuda")[1]);
    }

    @Test
    void thenTheCudaRuntime() {
        Map<String, String[]> r = run(List.of(CUDA_LT, CUBLAS, CURAND), Map.of(), "cuda");
        assertEquals("provider 'cuda' cannot start here: the CUDA 12 runtime is missing (libcudart.so.12 not found): "
                + "install CUDA 12's runtime (another CUDA major version does not provide libcudart.so.12)" + LD,
                r.get("cuda")[0]);
    }

    @Test
    void thenTheDriver() {
        Map<String, String[]> r = run(List.of(CUDA_LT, CUBLAS, CURAND, CUDART), Map.of(), "cuda");
        assertEquals("provider 'cuda' cannot start here: no NVIDIA driver (libcuda.so.1 not found): install the NVIDIA "
                + "driver (nvidia-smi must work), and give a container the GPU (docker run --gpus all)", r.get("cuda")[0]);
    }

    @Test
    void allCudaLibrariesButNoGpu() {
        Map<String, String[]> r = run(CUDA_LIBS, Map.of(), "cuda", "tensorrt");
        assertEquals("provider 'cuda' cannot start here: no CUDA-capable GPU is visible (cudaGetDeviceCount: no "
                + "CUDA-capable device is detected): check nvidia-smi and CUDA_VISIBLE_DEVICES, and give a container the "
                + "GPU (docker run --gpus all)", r.get("cuda")[0]);
        assertTrue(r.get("cuda")[1].contains("Failed to parse provider option \"device_id\": CUDA failure 100: no "
                + "CUDA-capable device is detected ; GPU=-1 ; hostname="), r.get("cuda")[1]);
        assertTrue(r.get("cuda")[1].contains("expr=cudaGetDeviceCount(&num_devices);"), r.get("cuda")[1]);
        assertEquals("provider 'tensorrt' cannot start here: TensorRT 10 is missing (libnvinfer.so.10 not found): "
                + "install TensorRT 10 (libnvinfer)" + LD, r.get("tensorrt")[0]);
    }

    @Test
    void tensorrtNeedsItsOnnxParserAndCudnn() {
        List<String> withInfer = new ArrayList<>(CUDA_LIBS);
        withInfer.add(NVINFER);
        assertEquals("provider 'tensorrt' cannot start here: TensorRT 10's ONNX parser is missing (libnvonnxparser.so.10 "
                + "not found): install TensorRT 10's ONNX parser (libnvonnxparsers)" + LD,
                run(withInfer, Map.of(), "tensorrt").get("tensorrt")[0]);
        withInfer.add(PARSER);
        Map<String, String[]> r = run(withInfer, Map.of(), "tensorrt");
        assertEquals("provider 'tensorrt' cannot start here: cuDNN 9 is missing (libcudnn.so.9 not found): install cuDNN 9 "
                + "for your CUDA version" + LD, r.get("tensorrt")[0]);
        assertTrue(r.get("tensorrt")[1].contains(natives.resolve("libonnxruntime_providers_tensorrt.so") + " with error: "
                + "libcudnn.so.9: cannot open shared object file"), r.get("tensorrt")[1]);
    }

    @Test
    void everythingInstalledButNoGpu() {
        Map<String, String[]> r = run(ALL, Map.of(), "tensorrt");
        assertEquals("provider 'tensorrt' cannot start here: no CUDA-capable GPU is visible (cudaGetDeviceCount: no "
                + "CUDA-capable device is detected): check nvidia-smi and CUDA_VISIBLE_DEVICES, and give a container the "
                + "GPU (docker run --gpus all)", r.get("tensorrt")[0]);
        assertTrue(r.get("tensorrt")[1].contains("tensorrt_execution_provider_info.cc"), r.get("tensorrt")[1]);
    }

    @Test
    void aDriverTooOldForTheRuntime() {
        Map<String, String[]> r = run(ALL, Map.of("VITWATT_STUB_CUDA_RC", "35"), "cuda", "tensorrt");
        String line = "cannot start here: the NVIDIA driver is too old for this CUDA runtime (cudaGetDeviceCount: CUDA "
                + "driver version is insufficient for CUDA runtime version): update the driver (nvidia-smi shows the "
                + "newest CUDA version it supports; CUDA 12 needs R525 or newer)";
        assertEquals("provider 'cuda' " + line, r.get("cuda")[0]);
        assertEquals("provider 'tensorrt' " + line, r.get("tensorrt")[0]);
        assertTrue(r.get("cuda")[1].contains("CUDA failure 35: CUDA driver version is insufficient for CUDA runtime "
                + "version ; GPU=-1"), r.get("cuda")[1]);
    }

    @Test
    void aDriverLibraryThatDoesNotMatchTheKernelModule() {
        Map<String, String[]> r = run(ALL, Map.of("VITWATT_STUB_CUDA_RC", "803"), "cuda");
        assertEquals("provider 'cuda' cannot start here: the NVIDIA driver's libcuda.so.1 and kernel module are "
                + "different versions (cudaGetDeviceCount: system has unsupported display driver / cuda driver "
                + "combination): reboot after a driver update, or reinstall the driver", r.get("cuda")[0]);
    }

    @Test
    void aGpuIndexOutOfRange() {
        Map<String, String[]> r = run(ALL, Map.of("VITWATT_STUB_CUDA_RC", "0", "VITWATT_STUB_CUDA_DEVICES", "1"),
                "cuda:3", "tensorrt:3");
        assertEquals("provider 'cuda' cannot start here: GPU 3 does not exist: CUDA sees 1 GPU(s); use cuda:0",
                r.get("cuda:3")[0]);
        assertEquals("provider 'tensorrt' cannot start here: GPU 3 does not exist: CUDA sees 1 GPU(s); use tensorrt:0",
                r.get("tensorrt:3")[0]);
        assertTrue(r.get("cuda:3")[1].contains("cuda_execution_provider_info.cc:70 operator() Invalid device ID: 3, must "
                + "be between 0 (inclusive) and 1 (exclusive)."), r.get("cuda:3")[1]);
    }

    @Test
    void aCudaRuntimeOfAnotherVersionLinkedAsTheOneNeeded() {
        assumeTrue(stubs.containsKey("wrong:" + CUDART), noStubs);
        Map<String, String[]> r = run(List.of(CUDA_LT, CUBLAS, CURAND, "wrong:" + CUDART, DRIVER), Map.of(), "cuda");
        Path bad = lastScenario.resolve(CUDART);
        assertEquals("provider 'cuda' cannot start here: " + bad + " is not the libcudart.so.12 this ONNX Runtime needs "
                + "(version `libcudart.so.12' not found): install CUDA 12's runtime itself (a link to another version "
                + "does not work) and put its directory first on LD_LIBRARY_PATH", r.get("cuda")[0]);
    }

    @Test
    void aNativePathWithoutTheLibrariesIsOneLine() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-native-path"));
        Map<String, String[]> r = runWith(empty, List.of(), Map.of(), "cuda");
        assertEquals("ONNX Runtime's native library did not load (Native library 'onnxruntime' not found at " + empty
                + "/libonnxruntime.so): -Donnxruntime.native.path=" + empty + " lacks libonnxruntime.so and "
                + "libonnxruntime4j_jni.so; it must hold libonnxruntime.so and libonnxruntime4j_jni.so from one ONNX "
                + "Runtime build for this CPU, with Java enabled (--build_java) and of the version vitwatt was built "
                + "with (pom.xml onnxruntime.version; see docs/gpu.md)", r.get("cuda")[0]);
    }

    @Test
    void theCompiledInListIsNotTheLoadableList() {
        // getAvailableProviders() lists CUDA and TensorRT although neither can load here
        Map<String, String[]> r = run(List.of(), Map.of(), "cuda");
        assertEquals("[CPU, CUDA, TENSOR_RT]", r.get("compiled")[0]);
        assertTrue(r.get("cuda")[0].startsWith("provider 'cuda' cannot start here: "), r.get("cuda")[0]);
    }

    // ---- running the child JVM ----

    static int scenarioCount;
    static Path lastScenario;

    /** Runs {@link GpuProbeMain} for {@code providers} with only {@code present} stand-ins on LD_LIBRARY_PATH. */
    private static Map<String, String[]> run(List<String> present, Map<String, String> env, String... providers) {
        return runWith(natives, present, env, providers);
    }

    private static Map<String, String[]> runWith(Path nativePath, List<String> present, Map<String, String> env,
            String... providers) {
        Set<String> absent = new TreeSet<>(ALL);
        for (String p : present) {
            absent.remove(p.replaceFirst("^wrong:", ""));
        }
        if (!present.isEmpty()) {
            assumeTrue(!stubs.isEmpty(), noStubs);
        }
        Set<String> onHost = new TreeSet<>(absent);
        onHost.retainAll(hostLibs);
        assumeFalse(!onHost.isEmpty() && nativePath.equals(natives), "this machine's library path has " + onHost
                + " for real, so their absence cannot be provoked: scenario skipped");
        try {
            Path dir = Files.createDirectories(tmp.resolve("scenario-" + (++scenarioCount)));
            lastScenario = dir;
            for (String p : present) {
                Path stub = stubs.get(p);
                assertTrue(stub != null, "no stand-in for " + p + " (built: " + stubs.keySet() + ")");
                Files.createSymbolicLink(dir.resolve(p.replaceFirst("^wrong:", "")), stub);
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Donnxruntime.native.path=" + nativePath, "-cp",
                    childClassPath, GpuProbeMain.class.getName()));
            cmd.addAll(List.of(providers));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("child-" + scenarioCount + ".err")
                    .toFile());
            pb.environment().put("LD_LIBRARY_PATH", dir.toString());
            pb.environment().putAll(env);
            Process proc = pb.start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
            String err = Files.readString(tmp.resolve("child-" + scenarioCount + ".err"));
            assertEquals(0, proc.exitValue(), "child JVM failed:\n" + out + "\n" + err);
            Map<String, String[]> result = new LinkedHashMap<>();
            for (String line : out.lines().toList()) {
                String[] f = line.split("\t", 3);
                if (f.length == 2 && f[0].equals("COMPILED")) {
                    result.put("compiled", new String[] {f[1], null});
                } else if (f.length == 3) {
                    String[] slot = result.computeIfAbsent(f[1], k -> new String[2]);
                    slot[f[0].equals("LINE") ? 0 : 1] = f[2];
                }
            }
            for (String p : providers) {
                assertTrue(result.containsKey(p), "no result for " + p + ":\n" + out + "\n" + err);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- set-up helpers ----

    /** The GPU jar beside the CPU one, in -Dmaven.repo.local or ~/.m2/repository; null when absent. */
    static Path findGpuJar(String version, Path cpuJar) {
        Set<Path> repos = new LinkedHashSet<>();
        String local = System.getProperty("maven.repo.local");
        if (local != null && !local.isBlank()) {
            repos.add(Path.of(local));
        }
        // .../repository/com/microsoft/onnxruntime/onnxruntime/VERSION/onnxruntime-VERSION.jar
        Path up = cpuJar;
        for (int i = 0; i < 5 && up != null; i++) {
            up = up.getParent();
        }
        if (up != null && cpuJar.toString().contains("com" + File.separator + "microsoft")) {
            repos.add(up);
        }
        repos.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));
        for (Path repo : repos) {
            Path jar = repo.resolve("com/microsoft/onnxruntime/onnxruntime_gpu/" + version + "/onnxruntime_gpu-" + version
                    + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return null;
    }

    /**
     * The jar's linux-x64 natives, extracted once into {@code target/ort-gpu-natives/VERSION} and reused while the jar
     * is unchanged (a marker file records its size and time).
     */
    static Path extractOnce(Path jar, String version) throws IOException, URISyntaxException {
        Path target = Path.of(GpuJarProviderTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
        Path dir = target.resolve("ort-gpu-natives").resolve(version);
        Path marker = dir.resolve("extracted-from");
        String stamp = jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
            return dir;
        }
        Path work = Files.createDirectories(target.resolve("ort-gpu-natives"))
                .resolve(version + ".partial-" + ProcessHandle.current().pid());
        Files.createDirectories(work);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String prefix = "ai/onnxruntime/native/linux-x64/";
                if (!e.isDirectory() && e.getName().startsWith(prefix)) {
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, work.resolve(e.getName().substring(prefix.length())),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Files.writeString(work.resolve("extracted-from"), stamp);
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /** This test JVM's class path with the GPU jar in place of the CPU one. */
    static String childClassPath(Path cpuJar, Path gpuJar) throws IOException {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        List<String> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (e.endsWith("surefirebooter.jar") || e.contains("surefirebooter")) {
                entries.addAll(manifestClassPath(Path.of(e)));
            } else if (!e.isBlank()) {
                entries.add(e);
            }
        }
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String e : entries) {
            if (Path.of(e).toAbsolutePath().normalize().equals(cpuJar.toAbsolutePath().normalize())) {
                out.add(gpuJar.toString());
                replaced = true;
            } else {
                out.add(e);
            }
        }
        assertTrue(replaced, "the CPU jar " + cpuJar + " is not on the test class path " + entries);
        return String.join(File.pathSeparator, out);
    }

    private static List<String> manifestClassPath(Path booter) throws IOException {
        List<String> out = new ArrayList<>();
        try (JarFile jar = new JarFile(booter.toFile())) {
            String cp = jar.getManifest().getMainAttributes().getValue("Class-Path");
            for (String u : cp == null ? new String[0] : cp.trim().split("\\s+")) {
                try {
                    out.add(Path.of(new URI(u)).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    out.add(u);
                }
            }
        }
        return out;
    }

    /** Sonames the system's dynamic loader finds without LD_LIBRARY_PATH (ldconfig's cache and default dirs). */
    static Set<String> hostLibraries() {
        Set<String> found = new TreeSet<>();
        for (String exe : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(exe, "-p").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    for (String l : out.lines().toList()) {
                        String t = l.trim();
                        int sp = t.indexOf(' ');
                        if (sp > 0 && t.contains("=>")) {
                            found.add(t.substring(0, sp));
                        }
                    }
                    break;
                }
            } catch (IOException e) {
                // try the next name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String d : List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu")) {
            for (String lib : ALL) {
                if (Files.exists(Path.of(d, lib))) {
                    found.add(lib);
                }
            }
        }
        return found;
    }

    /**
     * Builds a stand-in for every non-system library the CUDA and TensorRT provider libraries link against, exporting
     * the symbols they import; plus, under the key "wrong:libcudart.so.12", a libcudart.so.13 (soname and symbol
     * versions), as when CUDA 13's runtime is linked to the name CUDA 12's should have.
     */
    static void buildStubs() throws IOException, InterruptedException {
        for (String tool : List.of("gcc", "nm", "readelf")) {
            if (onPath(tool) == null) {
                noStubs = tool + " is not on PATH, so the stand-in CUDA/TensorRT libraries cannot be built: scenario "
                        + "skipped";
                return;
            }
        }
        Map<String, Set<String>> symbols = new TreeMap<>();
        Set<String> versioned = new TreeSet<>();
        for (String provider : List.of("libonnxruntime_providers_cuda.so", "libonnxruntime_providers_tensorrt.so")) {
            Path lib = natives.resolve(provider);
            Matcher needed = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]")
                    .matcher(exec("readelf", "-d", lib.toString()));
            while (needed.find()) {
                if (!SYSTEM_LIBS.contains(needed.group(1))) {
                    symbols.computeIfAbsent(needed.group(1), k -> new TreeSet<>());
                }
            }
            for (String l : exec("nm", "-D", "--undefined-only", lib.toString()).lines().toList()) {
                String[] f = l.trim().split("\\s+");
                if (f.length != 2 || !f[0].equals("U") || f[1].equals("Provider_GetHost")) {
                    continue;
                }
                int at = f[1].indexOf('@');
                if (at > 0) {
                    String ver = f[1].substring(at + 1).replace("@", "");
                    if (ver.matches("(GLIBC|GLIBCXX|CXXABI|GCC)_.*")) {
                        continue;
                    }
                    symbols.computeIfAbsent(ver, k -> new TreeSet<>()).add(f[1].substring(0, at));
                    versioned.add(ver);
                } else {
                    // TensorRT's entry points carry no symbol version
                    symbols.computeIfAbsent(f[1].contains("Onnx") ? PARSER : NVINFER, k -> new TreeSet<>()).add(f[1]);
                }
            }
        }
        symbols.computeIfAbsent(CUDNN, k -> new TreeSet<>());
        Path src = Files.createDirectories(tmp.resolve("stub-src"));
        Path out = Files.createDirectories(tmp.resolve("stubs"));
        for (Map.Entry<String, Set<String>> e : symbols.entrySet()) {
            String soname = e.getKey();
            String version = versioned.contains(soname) ? soname : null;
            stubs.put(soname, compile(src, out.resolve(soname), soname, e.getValue(), version));
            if (soname.equals(CUDART)) {
                Files.createDirectories(out.resolve("wrong"));
                // CUDA 13's runtime linked under CUDA 12's name: soname and symbol versions say 13
                stubs.put("wrong:" + soname, compile(src, out.resolve("wrong").resolve(soname), "libcudart.so.13",
                        e.getValue(), "libcudart.so.13"));
            }
        }
    }

    private static Path compile(Path srcDir, Path lib, String soname, Set<String> names, String version)
            throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder("#include <stdlib.h>\n")
                .append("static int rc(void) { const char *s = getenv(\"VITWATT_STUB_CUDA_RC\"); return s ? atoi(s) : 100; }\n");
        for (String n : names) {
            c.append(switch (n) {
                case "cudaGetErrorString" -> "const char *cudaGetErrorString(int e) { return e == 100 ? \"no CUDA-capable "
                        + "device is detected\" : e == 35 ? \"CUDA driver version is insufficient for CUDA runtime "
                        + "version\" : e == 803 ? \"system has unsupported display driver / cuda driver combination\" : "
                        + "\"unknown error\"; }";
                case "cudaGetErrorName" -> "const char *cudaGetErrorName(int e) { return e == 100 ? \"cudaErrorNoDevice\" "
                        + ": e == 35 ? \"cudaErrorInsufficientDriver\" : \"cudaErrorUnknown\"; }";
                case "cudaGetDeviceCount" -> "int cudaGetDeviceCount(int *n) { const char *d = getenv(\"VITWATT_STUB_CUDA_"
                        + "DEVICES\"); *n = d ? atoi(d) : 0; return rc(); }";
                case "cudaRuntimeGetVersion" -> "int cudaRuntimeGetVersion(int *v) { *v = 12080; return 0; }";
                case "cudaDriverGetVersion" -> "int cudaDriverGetVersion(int *v) { *v = 0; return 0; }";
                case "cudaGetDevice" -> "int cudaGetDevice(int *d) { *d = -1; return rc(); }";
                case "__cudaRegisterFatBinary" -> "static void *fat[16]; void **__cudaRegisterFatBinary(void *f) { return "
                        + "fat; }";
                case "getInferLibVersion" -> "int getInferLibVersion(void) { return 100900; }";
                default -> "long " + n + "(void) { return rc(); }";
            }).append('\n');
        }
        Path file = srcDir.resolve(lib.getParent().getFileName() + "-" + soname + ".c");
        Files.writeString(file, c);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O0", "-o", lib.toString(),
                "-Wl,-soname," + soname));
        if (version != null) {
            Path map = srcDir.resolve(lib.getParent().getFileName() + "-" + soname + ".map");
            Files.writeString(map, version + " { global: *; };\n");
            cmd.add("-Wl,--version-script=" + map);
        }
        cmd.add(file.toString());
        exec(cmd.toArray(String[]::new));
        return lib;
    }

    private static String exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    private static Path onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
