package org.vitwatt.core.run;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import org.vitwatt.core.Provider;

/**
 * Run by {@link GpuJarProviderTest} in a child JVM whose class path holds the {@code onnxruntime_gpu} jar: for each
 * argument ({@code cuda}, {@code tensorrt:3}, ...) prints vitwatt's line ({@link ProviderProbe#unavailableReason}) and
 * then ONNX Runtime's raw error from registering the provider the same way, newlines escaped:
 * <pre>LINE	cuda	provider 'cuda' cannot start here: ...
 * RAW	cuda	Error code - ORT_FAIL - message: ...</pre>
 * and last {@code COMPILED	[CPU, CUDA, TENSOR_RT]}, the providers compiled into the build. The line comes first so
 * that a native library that fails to load is reported with its first, complete error.
 */
public final class GpuProbeMain {
    private GpuProbeMain() {
    }

    public static void main(String[] args) {
        for (String a : args) {
            Provider p = Provider.parse(a);
            int device = Provider.deviceOf(a);
            System.out.println("LINE\t" + a + "\t" + ProviderProbe.unavailableReason(p, device).orElse("usable"));
            String raw;
            try {
                ProviderProbe.register(p, device);
                raw = "registered";
            } catch (OrtException e) {
                raw = e.getMessage();
            } catch (RuntimeException | LinkageError e) {
                raw = e.toString();
            }
            System.out.println("RAW\t" + a + "\t" + raw.replace("\\", "\\\\").replace("\n", "\\n"));
        }
        try {
            System.out.println("COMPILED\t" + OrtEnvironment.getAvailableProviders());
        } catch (RuntimeException | LinkageError e) {
            System.out.println("COMPILED\tnone: " + e);
        }
        System.out.flush();
    }
}
