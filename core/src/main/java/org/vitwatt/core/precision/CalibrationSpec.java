package org.vitwatt.core.precision;

import java.util.Locale;
import org.vitwatt.feedback.VitwattException;

/**
 * How INT8 activation ranges are calibrated: {@code METHOD[:IMAGES[:DATASET]]}, e.g. {@code percentile},
 * {@code minmax:256}, {@code entropy:512:cifar10:/data/cifar-10-batches-bin}. Without a dataset the
 * benchmark's own dataset is used (its first IMAGES images).
 *
 * @param method  how a range is chosen from the observed activations
 * @param images  number of images run through the FP32 model
 * @param dataset a {@code -p dataset=} value, or "" for the benchmark's dataset
 */
public record CalibrationSpec(Method method, int images, String dataset) {
    /** The default: {@code minmax:128} (ONNX Runtime's default method). */
    public static final CalibrationSpec DEFAULT = new CalibrationSpec(Method.MINMAX, 128, "");

    /** Range selection methods (ONNX Runtime's calibrators). */
    public enum Method {
        /** min and max over all calibration activations. */
        MINMAX,
        /** ±the 99.999th percentile of |x| (clamped to the observed range). */
        PERCENTILE,
        /** the threshold minimising KL divergence between the |x| histogram and its 128-level quantization. */
        ENTROPY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CalibrationSpec {
        if (images < 1) {
            throw new VitwattException("calibration needs at least 1 image, got " + images);
        }
    }

    /** Parses {@code -p calibration=}. */
    public static CalibrationSpec parse(String text) {
        String t = text == null ? "" : text.trim();
        String[] parts = t.split(":", 3);
        Method m = null;
        for (Method x : Method.values()) {
            if (x.id().equalsIgnoreCase(parts[0])) {
                m = x;
            }
        }
        if (m == null) {
            throw new VitwattException("unknown calibration '" + text + "': use METHOD[:IMAGES[:DATASET]] with "
                    + "METHOD minmax, percentile or entropy, e.g. -p calibration=percentile:256");
        }
        int n = DEFAULT.images();
        if (parts.length > 1 && !parts[1].isEmpty()) {
            try {
                n = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new VitwattException("-p calibration=" + text + ": '" + parts[1] + "' is not a number of images");
            }
            if (n < 1) {
                throw new VitwattException("-p calibration=" + text + ": the number of images must be >= 1");
            }
        }
        return new CalibrationSpec(m, n, parts.length > 2 ? parts[2] : "");
    }

    /** The text form, as {@link #parse} reads it. */
    public String id() {
        return method.id() + ":" + images + (dataset.isEmpty() ? "" : ":" + dataset);
    }
}
