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
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
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
