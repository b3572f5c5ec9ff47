package org.vitwatt.core.precision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.vitwatt.core.accuracy.TopK;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.feedback.VitwattException;

/**
 * Top-1 predictions of a session over the first images of a set — what top-1 agreement between a precision
 * and FP32 compares. Needs no labels, so agreement is measured on synthetic images and with synthetic
 * weights too.
 */
public final class Predictions {
    private Predictions() {
    }

    /** Top-1 class of each of the first {@code n} images, run {@code batch} at a time (a last short batch is padded). */
    public static int[] top1(OrtSession session, OrtEnvironment env, ImageSet images, int n, int batch) {
        String input = session.getInputNames().iterator().next();
        String output = session.getOutputNames().iterator().next();
        int[] out = new int[n];
        try {
            for (int first = 0; first < n; first += batch) {
                int m = Math.min(batch, n - first);
                int start = first + batch <= images.count() ? first : images.count() - batch; // keep the batch whole
                try (OnnxTensor t = OnnxTensor.createTensor(env, images.batch(start, batch),
                        new long[] {batch, 3, images.height(), images.width()});
                        OrtSession.Result r = session.run(Map.of(input, t))) {
                    OnnxTensor logits = (OnnxTensor) r.get(output).orElseThrow();
                    int classes = (int) logits.getInfo().getShape()[1];
                    FloatBuffer f = logits.getFloatBuffer();
                    for (int i = 0; i < m; i++) {
                        out[first + i] = TopK.argmax(f, (first - start + i) * classes, classes);
                    }
                }
            }
        } catch (OrtException e) {
            throw new VitwattException("predictions for agreement failed: " + e.getMessage(), e);
        }
        return out;
    }
}
