package org.vitwatt.core.run;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vitwatt.core.Provider;

/**
 * Turns ONNX Runtime's error for a GPU provider that will not start into one line: what is missing (a CUDA, cuBLAS,
 * cuDNN or TensorRT library, the driver, a GPU) and what to install or check. Pure text work, so every case is tested
 * from the raw message.
 *
 * <p>The raw messages, as ONNX Runtime 1.29.0 Java ({@code onnxruntime_gpu} jar) gives them on x86-64 Linux (observed
 * by {@code GpuJarProviderTest}; the sources are in {@code microsoft/onnxruntime}):
 * <ul>
 *   <li>a provider library whose dependencies do not load: {@code Failed to load library
 *       .../libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file: No such
 *       file or directory} ({@code core/session/provider_bridge_ort.cc}, {@code ProviderLibrary::Get}; the text after
 *       "with error:" is the dynamic loader's {@code dlerror()}, which names the first library it could not find, or
 *       {@code version `X' not found} / {@code undefined symbol: X} for a library of another version);</li>
 *   <li>a CUDA call that fails while the {@code device_id} option is parsed: {@code CUDA failure 100: no
 *       CUDA-capable device is detected ; GPU=-1 ; hostname=... ; file=... ; line=69 ;
 *       expr=cudaGetDeviceCount(&num_devices);} ({@code core/providers/cuda/cuda_call.cc} formats it; the text is
 *       {@code cudaGetErrorString}'s for {@code cudaErrorNoDevice} = 100, {@code cudaErrorInsufficientDriver} = 35
 *       "CUDA driver version is insufficient for CUDA runtime version", {@code cudaErrorSystemDriverMismatch} = 803
 *       "system has unsupported display driver / cuda driver combination", {@code cudaErrorCompatNotSupportedOnDevice}
 *       = 804 "forward compatibility was attempted on non supported HW", {@code cudaErrorNoKernelImageForDevice} = 209 "no
 *       kernel image is available for execution on the device": CUDA Runtime API, {@code driver_types.h});</li>
 *   <li>a device index out of range: {@code Invalid device ID: 3, must be between 0 (inclusive) and 1 (exclusive).}
 *       ({@code core/providers/cuda/cuda_execution_provider_info.cc}, and the TensorRT twin);</li>
 *   <li>cuDNN, which the CUDA provider loads only when a kernel needs it: {@code dlopen failed for libcudnn.so: ...}
 *       or {@code cuDNN is not available. Install cuDNN, ...} ({@code core/providers/cuda/cudnn_loader.cc});</li>
 *   <li>TensorRT registered before the CUDA provider library was extracted: {@code CUDA Provider not available,
 *       can't get interface for it} ({@code provider_bridge_ort.cc}, ONNX Runtime issue 26493);</li>
 *   <li>the CPU-only jar: {@code Failed to find CUDA shared provider} / {@code Failed to find TensorRT shared
 *       provider} ({@code java/src/main/java/ai/onnxruntime/OrtSession.java}).</li>
 * </ul>
 */
public final class ProviderErrors {
    private static final Pattern NOT_FOUND = Pattern.compile("(\\S+?): cannot open shared object file");
    private static final Pattern VERSION = Pattern.compile("(\\S+): version `([^']+)' not found");
    private static final Pattern SYMBOL = Pattern.compile("(\\S+): undefined symbol: ([^,\\s]+)(?:, version (\\S+))?");
    private static final Pattern LOAD = Pattern.compile("Failed to load library (\\S+) with error: (.*)");
    private static final Pattern CUDA_FAILURE = Pattern.compile("(CUDA|CUBLAS|CUDNN) failure (-?\\d+): ([^;]*?)\\s*;");
    private static final Pattern BAD_DEVICE = Pattern.compile(
            "Invalid device ID: (-?\\d+), must be between 0 \\(inclusive\\) and (\\d+) \\(exclusive\\)");
    private static final Pattern SONAME = Pattern.compile("(lib[A-Za-z0-9_+-]+)\\.so(?:\\.(\\d+))?.*");

    private ProviderErrors() {
    }

    /** The one line for provider {@code p}, which failed to start with ONNX Runtime's message {@code raw}. */
    public static String explain(Provider p, String raw) {
        String head = "provider '" + p.id() + "' cannot start here: ";
        String text = raw == null ? "" : raw.replace('\n', ' ').replace('\r', ' ').trim();
        Matcher m = NOT_FOUND.matcher(text);
        if (m.find()) {
            String lib = baseName(m.group(1));
            // cudnn_loader.cc tries libcudnn.so.9, then libcudnn.so, and keeps the last error
            return head + missing(lib.equals("libcudnn.so") ? "libcudnn.so.9" : lib);
        }
        m = VERSION.matcher(text);
        if (m.find()) {
            String lib = m.group(2);
            return head + m.group(1) + " is not the " + lib + " this ONNX Runtime needs (version `" + lib
                    + "' not found): install " + component(lib) + " itself (a link to another version does not work)"
                    + " and put its directory first on LD_LIBRARY_PATH";
        }
        m = SYMBOL.matcher(text);
        if (m.find()) {
            if (m.group(3) != null) {
                String lib = m.group(3);
                return head + "the " + lib + " on the library path is not the one this ONNX Runtime needs (undefined "
                        + "symbol " + m.group(2) + ", version " + lib + "): install " + component(lib) + " itself (a "
                        + "link to another version does not work) and put its directory first on LD_LIBRARY_PATH";
            }
            return head + baseName(m.group(1)) + " does not match the libraries it was built against (undefined symbol "
                    + m.group(2) + "): install the CUDA, cuDNN and TensorRT versions docs/gpu.md lists";
        }
        m = CUDA_FAILURE.matcher(text);
        if (m.find()) {
            return head + cudaFailure(m.group(1), Integer.parseInt(m.group(2)), m.group(3).trim(), text);
        }
        m = BAD_DEVICE.matcher(text);
        if (m.find()) {
            int n = Integer.parseInt(m.group(2));
            return head + "GPU " + m.group(1) + " does not exist: CUDA sees " + n + " GPU(s)"
                    + (n > 0 ? "; use " + p.id() + ":0" + (n > 1 ? " .. " + p.id() + ":" + (n - 1) : "") : "");
        }
        if (text.contains("cuDNN is not available") || text.contains("dlopen failed for libcudnn")) {
            return head + missing("libcudnn.so.9");
        }
        if (text.contains("CUDA Provider not available")) {
            return head + "TensorRT was registered before ONNX Runtime had loaded its CUDA provider library (ONNX "
                    + "Runtime issue 26493): create OrtCUDAProviderOptions first, as vitwatt's SessionFactory does";
        }
        if (text.contains("Failed to find CUDA shared provider") || text.contains("Failed to find TensorRT shared provider")) {
            String which = text.contains("TensorRT") ? "tensorrt" : "cuda";
            return head + "this ONNX Runtime build has no " + which + " provider library (libonnxruntime_providers_"
                    + which + ".so): build benchmarks.jar with 'mvn -Pgpu package', or on Jetson put the JetPack "
                    + "build's provider libraries beside libonnxruntime.so in -Donnxruntime.native.path";
        }
        m = LOAD.matcher(text);
        if (m.find()) {
            return head + "cannot load " + baseName(m.group(1)) + ": " + m.group(2).trim();
        }
        String detail = stripPrefix(text);
        return head + (detail.isEmpty() ? "ONNX Runtime gave no reason" : detail);
    }

    /** What library {@code lib} is and what to install, for a "cannot open shared object file" error. */
    static String missing(String lib) {
        String ld = " and add its directory to LD_LIBRARY_PATH (docs/gpu.md lists the packages)";
        Matcher m = SONAME.matcher(lib);
        String base = m.matches() ? m.group(1) : lib;
        String major = m.matches() && m.group(2) != null ? m.group(2) : "";
        String found = " (" + lib + " not found)";
        return switch (base) {
            case "libcuda" -> "no NVIDIA driver" + found + ": install the NVIDIA driver (nvidia-smi must work), and give"
                    + " a container the GPU (docker run --gpus all)";
            case "libcudart" -> "the CUDA " + major + " runtime is missing" + found + ": install CUDA " + major
                    + "'s runtime (another CUDA major version does not provide " + lib + ")" + ld;
            case "libcublas", "libcublasLt" -> "cuBLAS for CUDA " + major + " is missing" + found + ": install CUDA "
                    + major + "'s cuBLAS" + ld;
            case "libcurand" -> "cuRAND is missing" + found + ": install the CUDA toolkit's cuRAND" + ld;
            case "libcufft" -> "cuFFT is missing" + found + ": install the CUDA toolkit's cuFFT" + ld;
            case "libcudnn" -> "cuDNN" + (major.isEmpty() ? "" : " " + major) + " is missing" + found + ": install cuDNN"
                    + (major.isEmpty() ? "" : " " + major) + " for your CUDA version" + ld;
            case "libnvinfer" -> "TensorRT " + major + " is missing" + found + ": install TensorRT " + major
                    + " (libnvinfer)" + ld;
            case "libnvonnxparser" -> "TensorRT " + major + "'s ONNX parser is missing" + found + ": install TensorRT "
                    + major + "'s ONNX parser (libnvonnxparsers)" + ld;
            case "libnvinfer_plugin" -> "TensorRT " + major + "'s plugins are missing" + found + ": install TensorRT "
                    + major + "'s plugin library (libnvinfer-plugin)" + ld;
            case "libonnxruntime_providers_cuda", "libonnxruntime_providers_tensorrt",
                    "libonnxruntime_providers_shared" -> "ONNX Runtime's provider library is missing" + found
                    + ": it must sit beside libonnxruntime.so (with -Donnxruntime.native.path=DIR, in DIR)";
            default -> "a library it needs is missing" + found + ": install it and add its directory to LD_LIBRARY_PATH";
        };
    }

    /** "CUDA 12's runtime" for libcudart.so.12 and so on: what to install for a library of the wrong version. */
    static String component(String lib) {
        Matcher m = SONAME.matcher(lib);
        String base = m.matches() ? m.group(1) : lib;
        String major = m.matches() && m.group(2) != null ? m.group(2) : "";
        return switch (base) {
            case "libcudart" -> "CUDA " + major + "'s runtime";
            case "libcublas", "libcublasLt" -> "CUDA " + major + "'s cuBLAS";
            case "libcudnn" -> "cuDNN " + major;
            case "libnvinfer", "libnvonnxparser", "libnvinfer_plugin" -> "TensorRT " + major;
            case "libcuda" -> "the NVIDIA driver";
            default -> lib;
        };
    }

    private static String cudaFailure(String lib, int code, String what, String text) {
        String call = "";
        Matcher e = Pattern.compile("expr=([A-Za-z_0-9]+)\\(").matcher(text);
        if (e.find()) {
            call = e.group(1) + ": ";
        }
        String seen = " (" + call + what + ")";
        if (!lib.equals("CUDA")) {
            return lib.toLowerCase(Locale.ROOT).replace("cublas", "cuBLAS").replace("cudnn", "cuDNN") + " failed" + seen
                    + ": check the GPU with nvidia-smi";
        }
        return switch (code) {
            case 100 -> "no CUDA-capable GPU is visible" + seen + ": check nvidia-smi and CUDA_VISIBLE_DEVICES, and give"
                    + " a container the GPU (docker run --gpus all)";
            case 35 -> "the NVIDIA driver is too old for this CUDA runtime" + seen + ": update the driver (nvidia-smi "
                    + "shows the newest CUDA version it supports; CUDA 12 needs R525 or newer)";
            case 803 -> "the NVIDIA driver's libcuda.so.1 and kernel module are different versions" + seen + ": reboot "
                    + "after a driver update, or reinstall the driver";
            case 804 -> "CUDA's forward-compatibility libraries are in use on a GPU that does not support them" + seen
                    + ": remove the cuda-compat directory from LD_LIBRARY_PATH, or update the driver";
            case 209 -> "this ONNX Runtime build has no CUDA kernels for this GPU's architecture" + seen + ": use a "
                    + "build whose CMAKE_CUDA_ARCHITECTURES include the GPU's compute capability (87 for Orin, 72 for "
                    + "Xavier)";
            default -> "CUDA failed with error " + code + seen + ": check the GPU with nvidia-smi and the kernel log";
        };
    }

    /** ORT's message without "Error code - ORT_FAIL - message:", the source location and "[ONNXRuntimeError] : 1 : FAIL :". */
    static String stripPrefix(String text) {
        String t = text.replaceFirst("^Error code - \\w+ - message:\\s*", "");
        int fail = t.lastIndexOf("[ONNXRuntimeError]");
        if (fail >= 0) {
            t = t.substring(fail).replaceFirst("^\\[ONNXRuntimeError\\] : \\d+ : \\w+ :\\s*", "");
        }
        return t.trim();
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
