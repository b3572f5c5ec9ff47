package org.vitwatt.core.run;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.feedback.VitwattException;

/**
 * An open ONNX Runtime session with its inputs built once: up to {@value #MAX_BATCHES} batches of images
 * wrapped as tensors over the image set's native memory (no copy) and one pinned output tensor that every
 * run writes into. {@link #run()} is the measured operation: it feeds the next batch and allocates nothing
 * of its own.
 */
public final class InferenceSession implements AutoCloseable {
    /** Most distinct batches cycled through by {@link #run()}. */
    public static final int MAX_BATCHES = 16;

    private final OpenSession open;
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int batch;
    private final List<OnnxTensor> inputs = new ArrayList<>();
    private final List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
    private final OnnxTensor pinned;
    private final Map<String, OnnxTensor> pinnedOutputs;
    private final FloatBuffer outputBuffer;
    private final int classes;
    private int next;

    private InferenceSession(OpenSession open, ModelRef model, ImageSet images, int batch, SessionFactory f)
            throws OrtException {
        this.open = open;
        this.session = open.session();
        this.inputName = model.input().name();
        this.outputName = model.output().name();
        this.batch = batch;
        long[] shape = {batch, 3, images.height(), images.width()};
        int batches = Math.min(MAX_BATCHES, images.count() / batch);
        for (int i = 0; i < batches; i++) {
            OnnxTensor t = OnnxTensor.createTensor(f.environment(), images.batch(i * batch, batch), shape);
            inputs.add(t);
            feeds.add(Map.of(inputName, t));
        }
        this.classes = model.numClasses();
        if (classes > 0) {
            outputBuffer = ByteBuffer.allocateDirect(batch * classes * 4).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            pinned = OnnxTensor.createTensor(f.environment(), outputBuffer, new long[] {batch, classes});
            pinnedOutputs = Map.of(outputName, pinned);
        } else {
            outputBuffer = null;
            pinned = null;
            pinnedOutputs = Map.of();
        }
    }

    /**
     * Opens a session on {@code variant} of {@code model} and builds its input batches from {@code images}.
     * Fails with a clear message when the images are fewer than one batch.
     */
    public static InferenceSession open(SessionFactory factory, ModelRef model, ModelVariant variant,
            ProviderOptions providerOptions, ImageSet images, BenchmarkSpec spec) {
        if (images.count() < spec.batch()) {
            throw new VitwattException("dataset " + images.description() + " has " + images.count()
                    + " images, fewer than -p batch=" + spec.batch() + ": lower the batch or use more images");
        }
        OpenSession s = factory.open(variant, providerOptions, spec.threads());
        try {
            return new InferenceSession(s, model, images, spec.batch(), factory);
        } catch (OrtException | RuntimeException e) {
            try {
                s.close();
            } catch (OrtException | RuntimeException ignored) {
                // the original failure matters more
            }
            throw e instanceof VitwattException v ? v
                    : new VitwattException("cannot prepare inputs for " + model.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the next batch (cycling through the prepared ones). The caller closes the result; with a pinned
     * output the logits are in {@link #lastOutput()} and closing frees nothing but the result object.
     */
    public OrtSession.Result run() throws OrtException {
        Map<String, OnnxTensor> feed = feeds.get(next);
        next = next + 1 == feeds.size() ? 0 : next + 1;
        return pinned != null ? session.run(feed, pinnedOutputs) : session.run(feed);
    }

    /** The pinned output written by the last {@link #run()}, or null when the output is not pinned. */
    public FloatBuffer lastOutput() {
        return outputBuffer;
    }

    /** Images per run. */
    public int batch() {
        return batch;
    }

    /** Distinct input batches cycled through. */
    public int batches() {
        return feeds.size();
    }

    public OrtSession session() {
        return session;
    }

    /** Closes the session and its options, then the tensors it read and wrote; every close is attempted. */
    @Override
    public void close() throws OrtException {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(open);
        all.addAll(inputs);
        all.add(pinned);
        Closing.all(all);
    }
}
