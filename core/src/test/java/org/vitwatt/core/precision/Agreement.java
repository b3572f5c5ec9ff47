package org.vitwatt.core.precision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;
import org.vitwatt.core.accuracy.AccuracyResult;
import org.vitwatt.core.data.ImageSet;

/** Test helper: top-1 predictions of a model file (through {@link Predictions}), and logits of one batch. */
final class Agreement {
    private Agreement() {
    }

    static int[] top1(Path model, ImageSet images, int n) throws Exception {
        return top1(model, images, n, Map.of());
    }

    /** Top-1 of a variant opened with the session configuration it needs ({@link VariantSessionConfig}). */
    static int[] top1(ModelVariant v, ImageSet images, int n) throws Exception {
        return top1(v.file(), images, n, VariantSessionConfig.of(v));
    }

    static int[] top1(Path model, ImageSet images, int n, Map<String, String> config) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            for (Map.Entry<String, String> e : config.entrySet()) {
                so.addConfigEntry(e.getKey(), e.getValue());
            }
            return top1(env, model, so, images, n);
        }
    }

    private static int[] top1(OrtEnvironment env, Path model, OrtSession.SessionOptions so, ImageSet images, int n)
            throws Exception {
        try (OrtSession s = env.createSession(model.toString(), so)) {
            return Predictions.top1(s, env, images, n, 16);
        }
    }

    static double agreement(int[] a, int[] b) {
        return AccuracyResult.agreementPercent(a, b);
    }

    static float[][] logits(Path model, ImageSet images, int n) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, images.batch(0, n),
                        new long[] {n, 3, images.height(), images.width()});
                OrtSession.Result r = s.run(Map.of("input", in))) {
            return (float[][]) r.get(0).getValue();
        }
    }
}
