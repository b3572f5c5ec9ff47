package org.vitwatt.core.run;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.util.EnumSet;
import java.util.Optional;
import org.vitwatt.core.Provider;
import org.vitwatt.core.sys.OrtLibrary;
import org.vitwatt.feedback.VitwattException;

/**
 * Finds out whether an execution provider can really run here. {@code getAvailableProviders()} lists the
 * providers compiled into the ONNX Runtime build, not the ones whose libraries load, so the probe also
 * registers the provider on throw-away session options the way {@link SessionFactory} does — CUDA provider options
 * first (ORT Java extracts the CUDA provider library then, which TensorRT needs, ONNX Runtime issue 26493), then
 * TensorRT, then CUDA — and turns ONNX Runtime's error into one line ({@link ProviderErrors}).
 *
 * <p>What registering checks (ONNX Runtime 1.29.0): creating the provider options loads the provider library, so a
 * missing CUDA, cuBLAS, cuRAND, TensorRT or cuDNN-for-TensorRT library or a missing driver ({@code libcuda.so.1})
 * fails there; adding them parses {@code device_id}, which calls {@code cudaGetDeviceCount}, so no GPU, a driver too
 * old for the CUDA runtime and a device index out of range fail there. The options objects are used rather than
 * {@code addCUDA(int)}, whose error is only "Failed to load shared library" (the library's name goes to ORT's log).
 * What it does not check: the CUDA provider loads cuDNN only when a kernel needs it, and TensorRT builds its engine
 * at session creation, so those errors come from {@link SessionFactory#open} (through the same
 * {@link ProviderErrors#explain}).
 */
public final class ProviderProbe {
    private ProviderProbe() {
    }

    /** Empty when {@code p} is usable on GPU 0, else the reason it is not and what to do. */
    public static Optional<String> unavailableReason(Provider p) {
        return unavailableReason(p, 0);
    }

    /** Empty when {@code p} is usable on GPU {@code device}, else the one-line reason it is not and what to do. */
    public static Optional<String> unavailableReason(Provider p, int device) {
        if (p == Provider.CPU) {
            return Optional.empty();
        }
        if (device < 0) {
            return Optional.of("provider '" + p.id() + "': GPU index " + device + " is negative; GPUs are numbered from 0");
        }
        try {
            OrtLibrary.load();
        } catch (VitwattException e) {
            return Optional.of(e.getMessage());
        }
        OrtProvider ort = p == Provider.CUDA ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
        EnumSet<OrtProvider> compiled = OrtEnvironment.getAvailableProviders();
        if (!compiled.contains(ort)) {
            return Optional.of("provider '" + p.id() + "' is not in this ONNX Runtime build (" + compiled
                    + " only): build benchmarks.jar with 'mvn -Pgpu package' (see README, GPU), or on Jetson point "
                    + "-Donnxruntime.native.path at a JetPack ONNX Runtime build");
        }
        OrtEnvironment.getEnvironment();
        try {
            register(p, device);
            return Optional.empty();
        } catch (OrtException e) {
            return Optional.of(ProviderErrors.explain(p, e.getMessage()));
        }
    }

    /** Registers {@code p} on throw-away session options as {@link SessionFactory} does; throws ORT's error. */
    static void register(Provider p, int device) throws OrtException {
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(device);
                OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            if (p == Provider.TENSORRT) {
                try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(device)) {
                    so.addTensorrt(trt);
                }
            }
            so.addCUDA(cuda);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
