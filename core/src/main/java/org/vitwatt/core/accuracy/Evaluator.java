package org.vitwatt.core.accuracy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;

/**
 * Scores a model on a labelled {@link ImageSet}: runs images {@code [0, limit)} through an open ONNX Runtime
 * session in batches of the benchmark's batch size (a last, smaller batch as it is, or zero-padded to the
 * full batch when the model's batch dimension is fixed), and counts top-1 / top-5 hits under an
 * {@link AccuracyPlan}. Meant to run once per trial, outside timed iterations; the inputs are tensors over
 * the image set's own memory (no copy).
 */
public final class Evaluator {
    /** Top-k of "top-5". */
    public static final int K = 5;

    private Evaluator() {
    }

    /** What to score and how. */
    public record Request(ImageSet images, int batch, int limit, int modelClasses, boolean fixedBatch,
            boolean syntheticWeights, String model, String dataset) {
    }

    /**
     * Accuracy of the model behind {@code session} on {@code r.images()}, or "n/a" with the reason (see
     * {@link AccuracyPlan}). {@code r.limit()} images are scored (all when negative or larger than the set).
     * When the model's class count is not declared ({@code modelClasses <= 0}) it is read from the first
     * batch's output.
     */
    public static AccuracyOutcome evaluate(OrtSession session, OrtEnvironment env, Request r,
            Progress progress) {
        ImageSet images = r.images();
        int n = r.limit() < 0 ? images.count() : Math.min(r.limit(), images.count());
        if (n == 0) {
            return AccuracyOutcome.notAvailable("no images scored (-p accuracyLimit=0)");
        }
        int classes = r.modelClasses();
        AccuracyPlan.Score score = null;
        if (classes > 0 || !images.labelled() || r.syntheticWeights()) {
            AccuracyPlan plan = AccuracyPlan.of(images.classes(), images.labelled(), classes, r.syntheticWeights(),
                    r.model(), r.dataset());
            if (plan instanceof AccuracyPlan.NotAvailable na) {
                return AccuracyOutcome.notAvailable(na.reason());
            }
            score = (AccuracyPlan.Score) plan;
        } // else: the class count is learnt from the first batch's output
        String inputName = session.getInputNames().iterator().next();
        String outputName = session.getOutputNames().iterator().next();
        int batch = Math.max(1, r.batch());
        int[] predictions = new int[n];
        int[] labels = new int[n];
        int top1 = 0;
        int topK = 0;
        int k = 0;
        int[] top = new int[K];
        long t0 = System.nanoTime();
        long lastReport = t0;
        FloatBuffer padded = null;
        try {
            for (int first = 0; first < n; first += batch) {
                int m = Math.min(batch, n - first);
                FloatBuffer in = images.batch(first, m);
                int rows = m;
                if (m < batch && r.fixedBatch()) {
                    if (padded == null) {
                        padded = ByteBuffer.allocateDirect(batch * images.imageFloats() * Float.BYTES)
                                .order(ByteOrder.nativeOrder()).asFloatBuffer();
                    }
                    padded.clear();
                    padded.put(in);
                    while (padded.hasRemaining()) {
                        padded.put(0f);
                    }
                    padded.flip();
                    in = padded;
                    rows = batch;
                }
                long[] shape = {rows, 3, images.height(), images.width()};
                try (OnnxTensor t = OnnxTensor.createTensor(env, in, shape);
                        OrtSession.Result res = session.run(Map.of(inputName, t))) {
                    OnnxValue v = res.get(outputName).orElseThrow();
                    if (!(v instanceof OnnxTensor out) || out.getInfo().getShape().length != 2
                            || out.getInfo().getShape()[0] != rows) {
                        throw new VitwattException("model " + r.model() + " output " + outputName + " is "
                                + v.getInfo() + ", not [batch, classes]: accuracy needs logits per image");
                    }
                    TensorInfo info = out.getInfo();
                    int c = (int) info.getShape()[1];
                    if (score == null) { // class count learnt from the first output
                        AccuracyPlan p = AccuracyPlan.of(images.classes(), images.labelled(), c,
                                r.syntheticWeights(), r.model(), r.dataset());
                        if (p instanceof AccuracyPlan.NotAvailable na) {
                            return AccuracyOutcome.notAvailable(na.reason());
                        }
                        score = (AccuracyPlan.Score) p;
                    }
                    if (c != score.modelClasses()) {
                        throw new VitwattException("model " + r.model() + " returned " + c + " classes per image, "
                                + "not the " + score.modelClasses() + " its output declares");
                    }
                    k = Math.min(K, c);
                    FloatBuffer logits = out.getFloatBuffer();
                    for (int i = 0; i < m; i++) {
                        int img = first + i;
                        int label = score.map(images.label(img));
                        if (label < 0 || label >= c) {
                            throw new VitwattException("label " + images.label(img) + " of image " + img + " of "
                                    + r.dataset() + " is outside the model's " + c + " classes");
                        }
                        TopK.topK(logits, i * c, c, k, top);
                        predictions[img] = top[0];
                        labels[img] = label;
                        if (top[0] == label) {
                            top1++;
                        }
                        for (int j = 0; j < k; j++) {
                            if (top[j] == label) {
                                topK++;
                                break;
                            }
                        }
                    }
                }
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L) {
                    lastReport = now;
                    progress.say(String.format(Locale.ROOT, "accuracy: %,d / %,d images (%.0f s)",
                            first + m, n, (now - t0) / 1e9));
                }
            }
        } catch (OrtException e) {
            throw new VitwattException("model " + r.model() + " failed while scoring accuracy: " + e.getMessage(), e);
        }
        return AccuracyOutcome.of(new AccuracyResult(n, top1, topK, k, predictions, labels, score.modelClasses()));
    }
}
