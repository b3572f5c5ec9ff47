package org.vitwatt.core.data;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Preprocessed images ready to feed a model: {@code count()} images of 3×H×W floats in CHW order, stored
 * contiguously in native memory so a batch is a zero-copy view that ONNX Runtime wraps without copying.
 */
public interface ImageSet extends AutoCloseable {
    /** Short description for logs and results, e.g. "synthetic (64 images, seed 42)". */
    String description();

    int count();

    int height();

    int width();

    /** Floats per image: 3·H·W. */
    default int imageFloats() {
        return 3 * height() * width();
    }

    /**
     * A direct, native-order view of images [first, first + n), CHW per image; wraps when it would run past
     * the end is not allowed: {@code first + n <= count()}. The view may be read-only (a dataset's
     * memory-mapped cache file): never write to it.
     */
    FloatBuffer batch(int first, int n);

    /** True when every image has a class label. */
    boolean labelled();

    /** The label (class index) of image {@code i}; only when {@link #labelled()}. */
    int label(int i);

    /** Class names in index order, empty when unlabelled. */
    List<String> classes();

    @Override
    default void close() {
    }
}
