package org.vitwatt.core.precision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;
import org.vitwatt.core.data.ImageSet;

/** Test helper: top-1 predictions of a model file over an image set, and logits of one batch. */
final class Agreement {
    private Agreement() {
    }

    static int[] top1(Path model, ImageSet images, int n) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int[] pred = new int[n];
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession s = env.createSession(model.toString(), so)) {
            for (int first = 0; first < n; first += 16) {
                int b = Math.min(16, n - first);
                try (OnnxTensor in = OnnxTensor.createTensor(env, images.batch(first, b),
                        new long[] {b, 3, images.height(), images.width()});
                        OrtSession.Result r = s.run(Map.of("input", in))) {
                    float[][] logits = (float[][]) r.get(0).getValue();
                    for (int i = 0; i < b; i++) {
                        int best = 0;
                        for (int c = 1; c < logits[i].length; c++) {
                            if (logits[i][c] > logits[i][best]) {
                                best = c;
                            }
                        }
                        pred[first + i] = best;
                    }
                }
            }
        }
        return pred;
    }

    static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return 100.0 * same / a.length;
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
