package org.vitwatt.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.vitwatt.core.Provider;

/**
 * Every raw ONNX Runtime message {@link ProviderErrors} knows, and the line it makes. "Observed" messages were printed
 * by ONNX Runtime 1.29.0's GPU jar on this GPU-less machine ({@link GpuJarProviderTest}, and by hand for the
 * extraction-order case); the others are written from ONNX Runtime's source strings, cited per test.
 */
class ProviderErrorsTest {
    private static final String LD = " and add its directory to LD_LIBRARY_PATH (docs/gpu.md lists the packages)";
    private static final String BRIDGE = "Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/session/"
            + "provider_bridge_ort.cc:1988 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] "
            + ": 1 : FAIL : Failed to load library /tmp/onnxruntime-java42/libonnxruntime_providers_";
    private static final String CUDA_INFO = "Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/providers/"
            + "cuda/cuda_execution_provider_info.cc:62 static onnxruntime::CUDAExecutionProviderInfo onnxruntime::"
            + "CUDAExecutionProviderInfo::FromProviderOptions(const onnxruntime::ProviderOptions&) [ONNXRuntimeError] : 1 "
            + ": FAIL : provider_options_utils.h:187 Parse Failed to parse provider option \"device_id\": ";

    private static String missing(String provider, String lib) {
        return BRIDGE + provider + ".so with error: " + lib + ": cannot open shared object file: No such file or "
                + "directory\n";
    }

    private static String cudaFailure(int code, String text) {
        return CUDA_INFO + "CUDA failure " + code + ": " + text + " ; GPU=-1 ; hostname=vm ; file=/onnxruntime_src/"
                + "onnxruntime/core/providers/cuda/cuda_execution_provider_info.cc ; line=69 ; "
                + "expr=cudaGetDeviceCount(&num_devices); \n";
    }

    private static String explain(Provider p, String raw) {
        String line = ProviderErrors.explain(p, raw);
        assertFalse(line.contains("\n") || line.contains("\r"), "one line: " + line);
        return line;
    }

    // ---- observed: a library the provider library links against is not on the library path ----

    @Test
    void cudaLibrariesByName() {
        assertEquals("provider 'cuda' cannot start here: cuBLAS for CUDA 12 is missing (libcublasLt.so.12 not found): "
                + "install CUDA 12's cuBLAS" + LD, explain(Provider.CUDA, missing("cuda", "libcublasLt.so.12")));
        assertEquals("provider 'tensorrt' cannot start here: cuBLAS for CUDA 12 is missing (libcublas.so.12 not found): "
                + "install CUDA 12's cuBLAS" + LD, explain(Provider.TENSORRT, missing("tensorrt", "libcublas.so.12")));
        assertEquals("provider 'cuda' cannot start here: cuRAND is missing (libcurand.so.10 not found): install the CUDA "
                + "toolkit's cuRAND" + LD, explain(Provider.CUDA, missing("cuda", "libcurand.so.10")));
        assertEquals("provider 'cuda' cannot start here: the CUDA 12 runtime is missing (libcudart.so.12 not found): "
                + "install CUDA 12's runtime (another CUDA major version does not provide libcudart.so.12)" + LD,
                explain(Provider.CUDA, missing("cuda", "libcudart.so.12")));
        assertEquals("provider 'cuda' cannot start here: no NVIDIA driver (libcuda.so.1 not found): install the NVIDIA "
                + "driver (nvidia-smi must work), and give a container the GPU (docker run --gpus all)",
                explain(Provider.CUDA, missing("cuda", "libcuda.so.1")));
    }

    @Test
    void tensorrtLibrariesByName() {
        assertEquals("provider 'tensorrt' cannot start here: TensorRT 10 is missing (libnvinfer.so.10 not found): install "
                + "TensorRT 10 (libnvinfer)" + LD, explain(Provider.TENSORRT, missing("tensorrt", "libnvinfer.so.10")));
        assertEquals("provider 'tensorrt' cannot start here: TensorRT 10's ONNX parser is missing (libnvonnxparser.so.10 "
                + "not found): install TensorRT 10's ONNX parser (libnvonnxparsers)" + LD,
                explain(Provider.TENSORRT, missing("tensorrt", "libnvonnxparser.so.10")));
        assertEquals("provider 'tensorrt' cannot start here: cuDNN 9 is missing (libcudnn.so.9 not found): install cuDNN 9 "
                + "for your CUDA version" + LD, explain(Provider.TENSORRT, missing("tensorrt", "libcudnn.so.9")));
    }

    @Test
    void librariesOnlyOtherBuildsNeed() {
        // ORT 1.23's CUDA provider also linked cuFFT (onnx-notes.md §6); plugins are TensorRT's optional third library
        assertEquals("provider 'cuda' cannot start here: cuFFT is missing (libcufft.so.11 not found): install the CUDA "
                + "toolkit's cuFFT" + LD, explain(Provider.CUDA, missing("cuda", "libcufft.so.11")));
        assertEquals("provider 'tensorrt' cannot start here: TensorRT 10's plugins are missing (libnvinfer_plugin.so.10 not "
                + "found): install TensorRT 10's plugin library (libnvinfer-plugin)" + LD,
                explain(Provider.TENSORRT, missing("tensorrt", "libnvinfer_plugin.so.10")));
        assertEquals("provider 'cuda' cannot start here: a library it needs is missing (libfoo.so.3 not found): install it "
                + "and add its directory to LD_LIBRARY_PATH", explain(Provider.CUDA, missing("cuda", "libfoo.so.3")));
    }

    @Test
    void theProviderLibraryItselfMissing() {
        // observed in ORT's log when TensorRT was registered before the CUDA provider library was extracted
        String raw = BRIDGE + "cuda.so with error: /tmp/onnxruntime-java42/libonnxruntime_providers_cuda.so: cannot open "
                + "shared object file: No such file or directory\n";
        assertEquals("provider 'tensorrt' cannot start here: ONNX Runtime's provider library is missing "
                + "(libonnxruntime_providers_cuda.so not found): it must sit beside libonnxruntime.so (with "
                + "-Donnxruntime.native.path=DIR, in DIR)", explain(Provider.TENSORRT, raw));
    }

    // ---- observed: a library of another version under the needed name ----

    @Test
    void aLibraryWithoutTheNeededSymbolVersion() {
        String raw = BRIDGE + "cuda.so with error: /opt/x/libcudart.so.12: version `libcudart.so.12' not found (required "
                + "by /tmp/onnxruntime-java42/libonnxruntime_providers_cuda.so)\n";
        assertEquals("provider 'cuda' cannot start here: /opt/x/libcudart.so.12 is not the libcudart.so.12 this ONNX "
                + "Runtime needs (version `libcudart.so.12' not found): install CUDA 12's runtime itself (a link to "
                + "another version does not work) and put its directory first on LD_LIBRARY_PATH",
                explain(Provider.CUDA, raw));
    }

    @Test
    void anUndefinedVersionedSymbol() {
        String raw = BRIDGE + "cuda.so with error: /tmp/onnxruntime-java42/libonnxruntime_providers_cuda.so: undefined "
                + "symbol: cudaFreeHost, version libcudart.so.12\n";
        assertEquals("provider 'cuda' cannot start here: the libcudart.so.12 on the library path is not the one this ONNX "
                + "Runtime needs (undefined symbol cudaFreeHost, version libcudart.so.12): install CUDA 12's runtime "
                + "itself (a link to another version does not work) and put its directory first on LD_LIBRARY_PATH",
                explain(Provider.CUDA, raw));
    }

    @Test
    void anUndefinedUnversionedSymbol() {
        // glibc's dlerror for a TensorRT entry point (they carry no symbol version) missing from another TensorRT
        String raw = BRIDGE + "tensorrt.so with error: /tmp/onnxruntime-java42/libonnxruntime_providers_tensorrt.so: "
                + "undefined symbol: createInferRefitter_INTERNAL\n";
        assertEquals("provider 'tensorrt' cannot start here: libonnxruntime_providers_tensorrt.so does not match the "
                + "libraries it was built against (undefined symbol createInferRefitter_INTERNAL): install the CUDA, "
                + "cuDNN and TensorRT versions docs/gpu.md lists", explain(Provider.TENSORRT, raw));
    }

    // ---- observed (framing real, CUDA text from cudaGetErrorString): the device check at registration ----

    @Test
    void noGpu() {
        assertEquals("provider 'cuda' cannot start here: no CUDA-capable GPU is visible (cudaGetDeviceCount: no "
                + "CUDA-capable device is detected): check nvidia-smi and CUDA_VISIBLE_DEVICES, and give a container the "
                + "GPU (docker run --gpus all)", explain(Provider.CUDA, cudaFailure(100, "no CUDA-capable device is "
                + "detected")));
    }

    @Test
    void driverTooOld() {
        assertEquals("provider 'tensorrt' cannot start here: the NVIDIA driver is too old for this CUDA runtime "
                + "(cudaGetDeviceCount: CUDA driver version is insufficient for CUDA runtime version): update the driver "
                + "(nvidia-smi shows the newest CUDA version it supports; CUDA 12 needs R525 or newer)",
                explain(Provider.TENSORRT, cudaFailure(35, "CUDA driver version is insufficient for CUDA runtime "
                        + "version")));
    }

    @Test
    void driverLibraryAndModuleDiffer() {
        assertEquals("provider 'cuda' cannot start here: the NVIDIA driver's libcuda.so.1 and kernel module are different "
                + "versions (cudaGetDeviceCount: system has unsupported display driver / cuda driver combination): "
                + "reboot after a driver update, or reinstall the driver", explain(Provider.CUDA, cudaFailure(803,
                "system has unsupported display driver / cuda driver combination")));
    }

    @Test
    void otherCudaCodes() {
        // cudaErrorCompatNotSupportedOnDevice = 804 and cudaErrorUnknown = 999 (CUDA Runtime API, driver_types.h) in
        // cuda_call.cc's framing
        assertEquals("provider 'cuda' cannot start here: CUDA's forward-compatibility libraries are in use on a GPU that "
                + "does not support them (cudaGetDeviceCount: forward compatibility was attempted on non supported HW): "
                + "remove the cuda-compat directory from LD_LIBRARY_PATH, or update the driver",
                explain(Provider.CUDA, cudaFailure(804, "forward compatibility was attempted on non supported HW")));
        assertEquals("provider 'cuda' cannot start here: CUDA failed with error 999 (cudaGetDeviceCount: unknown error): "
                + "check the GPU with nvidia-smi and the kernel log", explain(Provider.CUDA, cudaFailure(999,
                "unknown error")));
        // a build without kernels for the GPU (a JetPack build made for another sm): cudaErrorNoKernelImageForDevice
        assertEquals("provider 'cuda' cannot start here: this ONNX Runtime build has no CUDA kernels for this GPU's "
                + "architecture (cudaLaunchKernel: no kernel image is available for execution on the device): use a build "
                + "whose CMAKE_CUDA_ARCHITECTURES include the GPU's compute capability (87 for Orin, 72 for Xavier)",
                explain(Provider.CUDA, "Error code - ORT_FAIL - message: CUDA failure 209: no kernel image is available "
                        + "for execution on the device ; GPU=0 ; hostname=orin ; file=x.cc ; line=1 ; "
                        + "expr=cudaLaunchKernel(f, grid, block, args, 0, s); "));
        String cublas = "Error code - ORT_FAIL - message: CUBLAS failure 3: CUBLAS_STATUS_ALLOC_FAILED ; GPU=0 ; hostname=h"
                + " ; file=cuda_execution_provider.cc ; line=176 ; expr=cublasCreate(&cublas_handle_); \n";
        assertEquals("provider 'cuda' cannot start here: cuBLAS failed (cublasCreate: CUBLAS_STATUS_ALLOC_FAILED): check "
                + "the GPU with nvidia-smi", explain(Provider.CUDA, cublas));
    }

    @Test
    void deviceIndexOutOfRange() {
        String raw = CUDA_INFO + "cuda_execution_provider_info.cc:70 operator() Invalid device ID: 3, must be between 0 "
                + "(inclusive) and 1 (exclusive).\n";
        assertEquals("provider 'cuda' cannot start here: GPU 3 does not exist: CUDA sees 1 GPU(s); use cuda:0",
                explain(Provider.CUDA, raw));
        assertEquals("provider 'tensorrt' cannot start here: GPU 5 does not exist: CUDA sees 2 GPU(s); use tensorrt:0 .. "
                + "tensorrt:1", explain(Provider.TENSORRT, raw.replace("ID: 3", "ID: 5").replace("and 1", "and 2")));
    }

    // ---- from ONNX Runtime's source ----

    @Test
    void cudnnLoadedLazilyByTheCudaProvider() {
        // core/providers/cuda/cudnn_loader.cc: tries libcudnn.so.9, then libcudnn.so, and keeps the last dlerror
        String dl = "Error code - ORT_FAIL - message: dlopen failed for libcudnn.so: libcudnn.so: cannot open shared object"
                + " file: No such file or directory";
        String line = "provider 'cuda' cannot start here: cuDNN 9 is missing (libcudnn.so.9 not found): install cuDNN 9 "
                + "for your CUDA version" + LD;
        assertEquals(line, explain(Provider.CUDA, dl));
        assertEquals(line, explain(Provider.CUDA, "Error code - ORT_FAIL - message: cuDNN is not available. Install cuDNN, "
                + "update the system library search path, or set enable_cudnn=0 to force native CUDA paths where "
                + "available."));
    }

    @Test
    void tensorrtBeforeTheCudaProviderWasExtracted() {
        // observed with addTensorrt and no OrtCUDAProviderOptions created first (ONNX Runtime issue 26493)
        String raw = "Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2403"
                + " onnxruntime::ProviderInfo_CUDA& onnxruntime::GetProviderInfo_CUDA() CUDA Provider not available, "
                + "can't get interface for it\n";
        assertEquals("provider 'tensorrt' cannot start here: TensorRT was registered before ONNX Runtime had loaded its "
                + "CUDA provider library (ONNX Runtime issue 26493): create OrtCUDAProviderOptions first, as vitwatt's "
                + "SessionFactory does", explain(Provider.TENSORRT, raw));
    }

    @Test
    void theCpuJarHasNoProviderLibraries() throws Exception {
        // observed here, in this JVM (the CPU jar): ai.onnxruntime.OrtProviderOptions.loadLibraryAndCreate
        OrtException e = Assertions.assertThrows(OrtException.class,
                () -> ProviderProbe.register(Provider.CUDA, 0));
        assertEquals("Error code - ORT_EP_FAIL - message: Failed to find CUDA shared provider", e.getMessage());
        assertEquals("provider 'cuda' cannot start here: this ONNX Runtime build has no cuda provider library "
                + "(libonnxruntime_providers_cuda.so): build benchmarks.jar with 'mvn -Pgpu package', or on Jetson put "
                + "the JetPack build's provider libraries beside libonnxruntime.so in -Donnxruntime.native.path",
                explain(Provider.CUDA, e.getMessage()));
        assertEquals("provider 'tensorrt' cannot start here: this ONNX Runtime build has no tensorrt provider library "
                + "(libonnxruntime_providers_tensorrt.so): build benchmarks.jar with 'mvn -Pgpu package', or on Jetson "
                + "put the JetPack build's provider libraries beside libonnxruntime.so in -Donnxruntime.native.path",
                explain(Provider.TENSORRT, "Error code - ORT_EP_FAIL - message: Failed to find TensorRT shared provider"));
        // the probe says so before registering: the build lists only the CPU provider
        assertEquals(Optional.of("provider 'cuda' is not in this ONNX Runtime build ([CPU] only): build benchmarks.jar "
                + "with 'mvn -Pgpu package' (see README, GPU), or on Jetson point -Donnxruntime.native.path at a "
                + "JetPack ONNX Runtime build"), ProviderProbe.unavailableReason(Provider.CUDA));
        assertEquals(Optional.empty(), ProviderProbe.unavailableReason(Provider.CPU));
        assertEquals(Optional.of("provider 'tensorrt': GPU index -1 is negative; GPUs are numbered from 0"),
                ProviderProbe.unavailableReason(Provider.TENSORRT, -1));
    }

    @Test
    void anythingElseKeepsOrtsTextWithoutItsPrefix() {
        String raw = "Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/x.cc:1 f() [ONNXRuntimeError] : 1 "
                + ": FAIL : something new happened\nsecond line";
        assertEquals("provider 'cuda' cannot start here: something new happened second line", explain(Provider.CUDA, raw));
        assertEquals("provider 'cuda' cannot start here: ONNX Runtime gave no reason", explain(Provider.CUDA, null));
        assertEquals("provider 'cuda' cannot start here: cannot load libonnxruntime_providers_cuda.so: wrong ELF class: "
                + "ELFCLASS32", explain(Provider.CUDA, BRIDGE + "cuda.so with error: wrong ELF class: ELFCLASS32"));
        assertTrue(ProviderErrors.stripPrefix("plain").equals("plain"));
    }
}
