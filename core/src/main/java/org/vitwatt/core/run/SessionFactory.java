package org.vitwatt.core.run;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.models.VitwattException;

/**
 * Turns a provider, precision and thread count into ONNX Runtime session options and opens sessions with
 * them. Sessions are sequential (one inference at a time, as a benchmark iteration runs them) and fully
 * optimised; intra-op threads are ONNX Runtime's default (one per physical core) unless set.
 */
public final class SessionFactory {
    private final OrtEnvironment env;

    public SessionFactory(OrtEnvironment env) {
        this.env = env;
    }

    public OrtEnvironment environment() {
        return env;
    }

    /** Session options for the given run; the caller closes them after the session is created. */
    public OrtSession.SessionOptions options(Provider provider, Precision precision, int threads)
            throws OrtException {
        if (precision.kind() != Precision.Kind.FP32) {
            throw new VitwattException("precision '" + precision + "' is not available yet: use -p precision=fp32");
        }
        ProviderProbe.unavailableReason(provider).ifPresent(reason -> {
            throw new VitwattException(reason);
        });
        if (provider != Provider.CPU) {
            throw new VitwattException("provider '" + provider + "' is not supported yet: use -p provider=cpu");
        }
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (threads > 0) {
                so.setIntraOpNumThreads(threads);
            }
            so.setInterOpNumThreads(1);
            return so;
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    /** Opens {@code model} for the given run, with a one-line error naming the file when ORT refuses it. */
    public OrtSession open(Path model, Provider provider, Precision precision, int threads) {
        try (OrtSession.SessionOptions so = options(provider, precision, threads)) {
            return env.createSession(model.toString(), so);
        } catch (OrtException e) {
            throw new VitwattException("ONNX Runtime cannot load " + model + " on provider " + provider + ": "
                    + ProviderProbe.firstLine(e.getMessage()));
        }
    }
}
