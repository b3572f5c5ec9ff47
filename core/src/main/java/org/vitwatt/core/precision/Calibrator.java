package org.vitwatt.core.precision;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.QdqQuantizer.Range;

/**
 * Calibrates INT8 activation ranges the way ONNX Runtime's {@code quantize_static} does: the FP32 model is
 * augmented with the tensors to calibrate as extra graph outputs, run with graph optimisations off (so no
 * fusion removes them) over the calibration images, and each tensor's values are folded into a
 * {@link RangeCollector} batch by batch; the method then picks each range (min/max, percentile, entropy).
 */
public final class Calibrator {
    /** The percentile ONNX Runtime's percentile calibrator uses by default. */
    public static final double PERCENTILE = 99.999;
    private static final int BATCH = 8;

    private Calibrator() {
    }

    /**
     * Ranges of {@code tensors} over the first {@code count} images of {@code images} (all of them when
     * fewer). {@code progress} receives a line every few batches.
     */
    public static Map<String, Range> calibrate(OrtEnvironment env, ModelProto fp32, Set<String> tensors,
            ImageSet images, int count, CalibrationSpec.Method method, Progress progress) {
        if (tensors.isEmpty()) {
            return Map.of();
        }
        int n = Math.min(count, images.count());
        ModelProto.Builder augmented = fp32.toBuilder();
        Set<String> outputs = new LinkedHashSet<>();
        fp32.getGraph().getOutputList().forEach(o -> outputs.add(o.getName()));
        var g = augmented.getGraphBuilder();
        for (String t : tensors) {
            if (!outputs.contains(t)) {
                g.addOutput(ValueInfoProto.newBuilder().setName(t));
            }
        }
        String inputName = fp32.getGraph().getInput(0).getName();
        for (var in : fp32.getGraph().getInputList()) {
            if (fp32.getGraph().getInitializerList().stream().noneMatch(i -> i.getName().equals(in.getName()))) {
                inputName = in.getName();
                break;
            }
        }
        Map<String, RangeCollector> collectors = new LinkedHashMap<>();
        boolean hist = method != CalibrationSpec.Method.MINMAX;
        for (String t : tensors) {
            collectors.put(t, new RangeCollector(hist));
        }
        long t0 = System.nanoTime();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(augmented.build().toByteArray(), so)) {
                for (int first = 0; first < n; first += BATCH) {
                    int b = Math.min(BATCH, n - first);
                    try (OnnxTensor in = OnnxTensor.createTensor(env, images.batch(first, b),
                            new long[] {b, 3, images.height(), images.width()});
                            OrtSession.Result r = session.run(Map.of(inputName, in), tensors)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            collectors.get(e.getKey()).add(((OnnxTensor) e.getValue()).getFloatBuffer());
                        }
                    }
                    if ((first / BATCH) % 8 == 7 || first + b >= n) {
                        progress.say(String.format(Locale.ROOT,
                                "calibrating (%s): %d/%d images, %.1f s", method.id(), first + b, n,
                                (System.nanoTime() - t0) / 1e9));
                    }
                }
            }
        } catch (OrtException e) {
            throw new VitwattException("calibration failed running the FP32 model: " + e.getMessage());
        }
        Map<String, Range> ranges = new LinkedHashMap<>();
        for (Map.Entry<String, RangeCollector> e : collectors.entrySet()) {
            RangeCollector c = e.getValue();
            if (c.count() == 0) {
                continue;
            }
            ranges.put(e.getKey(), switch (method) {
                case MINMAX -> c.minMax();
                case PERCENTILE -> c.percentile(PERCENTILE);
                case ENTROPY -> c.entropy();
            });
        }
        return ranges;
    }
}
