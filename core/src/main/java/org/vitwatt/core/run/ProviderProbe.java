package org.vitwatt.core.run;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.Optional;
import org.vitwatt.core.Provider;

/**
 * Finds out whether an execution provider can really run here. {@code getAvailableProviders()} lists the
 * providers compiled into the ONNX Runtime build, not the ones whose libraries load, so the probe also
 * registers the provider on throw-away session options and turns ONNX Runtime's error into one line.
 */
public final class ProviderProbe {
    private ProviderProbe() {
    }

    /** Empty when {@code p} is usable, else the reason it is not and what to do. */
    public static Optional<String> unavailableReason(Provider p) {
        if (p == Provider.CPU) {
            return Optional.empty();
        }
        OrtProvider ort = p == Provider.CUDA ? OrtProvider.CUDA : OrtProvider.TENSOR_RT;
        EnumSet<OrtProvider> compiled = OrtEnvironment.getAvailableProviders();
        if (!compiled.contains(ort)) {
            return Optional.of("provider '" + p.id() + "' is not in this ONNX Runtime build (" + compiled
                    + " only): build benchmarks.jar with 'mvn -Pgpu package' (see README, GPU), or on Jetson point "
                    + "-Donnxruntime.native.path at a JetPack ONNX Runtime build");
        }
        OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            if (p == Provider.CUDA) {
                so.addCUDA(0);
            } else {
                so.addTensorrt(0);
            }
            return Optional.empty();
        } catch (OrtException e) {
            return Optional.of("provider '" + p.id() + "' cannot start on this machine: " + firstLine(e.getMessage())
                    + " (check the NVIDIA driver, CUDA 12, cuDNN 9" + (p == Provider.TENSORRT ? " and TensorRT 10" : "")
                    + " libraries are installed and on LD_LIBRARY_PATH)");
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
