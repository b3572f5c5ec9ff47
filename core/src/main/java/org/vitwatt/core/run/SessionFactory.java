package org.vitwatt.core.run;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitwatt.core.Provider;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.core.precision.VariantSessionConfig;
import org.vitwatt.feedback.VitwattException;

/**
 * Turns a model variant, its provider options and a thread count into an ONNX Runtime session. Sessions are
 * sequential (one inference at a time, as a benchmark iteration runs them) and fully optimised; intra-op
 * threads are ONNX Runtime's default (one per physical core) unless set. For TensorRT the CUDA provider
 * options are created first (ORT Java extracts the CUDA provider library then, which TensorRT needs, issue
 * 26493) and TensorRT is registered before CUDA so it takes every node it can; CUDA and then the CPU take the
 * rest.
 */
public final class SessionFactory {
    private final OrtEnvironment env;
    private final Path profilePrefix;

    public SessionFactory(OrtEnvironment env) {
        this(env, null);
    }

    private SessionFactory(OrtEnvironment env, Path profilePrefix) {
        this.env = env;
        this.profilePrefix = profilePrefix;
    }

    /**
     * A factory whose sessions run with ONNX Runtime's profiler on, writing its Chrome-trace JSON under
     * {@code prefix} (ended with {@code OrtSession.endProfiling()}).
     */
    public SessionFactory profilingInto(Path prefix) {
        return new SessionFactory(env, prefix);
    }

    public OrtEnvironment environment() {
        return env;
    }

    /**
     * Opens {@code variant}'s file, with a one-line error naming the file when ONNX Runtime refuses it. The session
     * owns its options ({@link OpenSession}); the caller closes it.
     */
    public OpenSession open(ModelVariant variant, ProviderOptions providerOptions, int threads) {
        Path model = variant.file();
        Provider provider = variant.provider();
        List<AutoCloseable> held = new ArrayList<>();
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            held.add(so);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (threads > 0) {
                so.setIntraOpNumThreads(threads);
            }
            so.setInterOpNumThreads(1);
            for (Map.Entry<String, String> e : VariantSessionConfig.of(variant).entrySet()) {
                so.addConfigEntry(e.getKey(), e.getValue());
            }
            if (profilePrefix != null) {
                so.enableProfiling(profilePrefix.toString());
            }
            if (provider != Provider.CPU) {
                OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(providerOptions.device());
                held.add(cuda);
                add(cuda::add, providerOptions.cuda());
                if (provider == Provider.TENSORRT) {
                    OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(providerOptions.device());
                    held.add(trt);
                    add(trt::add, providerOptions.tensorrt());
                    so.addTensorrt(trt);
                }
                so.addCUDA(cuda);
            }
            return new OpenSession(env.createSession(model.toString(), so), held);
        } catch (OrtException e) {
            closeQuietly(held);
            throw new VitwattException("ONNX Runtime cannot load " + model + " on provider " + provider + ": "
                    + (provider == Provider.CPU ? ProviderProbe.firstLine(e.getMessage())
                            : ProviderErrors.explain(provider, e.getMessage())));
        } catch (RuntimeException e) {
            closeQuietly(held);
            throw e;
        }
    }

    private static void closeQuietly(List<AutoCloseable> held) {
        try {
            Closing.all(held);
        } catch (OrtException | RuntimeException ignored) {
            // the failure to open is what the user needs to see
        }
    }

    private interface Adder {
        void add(String key, String value) throws OrtException;
    }

    private static void add(Adder adder, Map<String, String> options) throws OrtException {
        for (Map.Entry<String, String> e : options.entrySet()) {
            adder.add(e.getKey(), e.getValue());
        }
    }
}
