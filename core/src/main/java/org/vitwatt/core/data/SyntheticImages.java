package org.vitwatt.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.vitwatt.models.catalog.Preprocessing;

/**
 * Seeded random images of a model's input shape: each pixel uniform in [0, 1] per channel, then normalised
 * with the model's mean and std exactly as a real image would be, so the activations have realistic ranges.
 * Unlabelled: latency and energy only.
 */
public final class SyntheticImages implements ImageSet {
    /** The default number of distinct images (the benchmark cycles through them). */
    public static final int DEFAULT_COUNT = 64;

    private final FloatBuffer data;
    private final int count;
    private final int size;
    private final long seed;

    /** {@code count} images of {@code p.inputSize()}² pixels normalised with {@code p}'s mean/std. */
    public SyntheticImages(Preprocessing p, int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        this.count = count;
        this.size = p.inputSize();
        this.seed = seed;
        long floats = 3L * size * size * count;
        if (floats * 4 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("synthetic set too large: " + count + " images of " + size + " px");
        }
        this.data = ByteBuffer.allocateDirect((int) floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        SplittableRandom rnd = new SplittableRandom(seed);
        int plane = size * size;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < 3; c++) {
                float mean = (float) p.mean().get(c);
                float std = (float) p.std().get(c);
                int base = (i * 3 + c) * plane;
                for (int k = 0; k < plane; k++) {
                    float pixel = (rnd.nextInt(256)) / 255f; // an 8-bit pixel, as decoded images are
                    data.put(base + k, (pixel - mean) / std);
                }
            }
        }
    }

    @Override
    public String description() {
        return "synthetic (" + count + " images, seed " + seed + ")";
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public FloatBuffer batch(int first, int n) {
        if (first < 0 || n < 1 || first + n > count) {
            throw new IndexOutOfBoundsException("images [" + first + ", " + (first + n) + ") of " + count);
        }
        int per = imageFloats();
        return data.slice(first * per, n * per);
    }

    @Override
    public boolean labelled() {
        return false;
    }

    @Override
    public int label(int i) {
        throw new IllegalStateException("synthetic images have no labels");
    }

    @Override
    public List<String> classes() {
        return List.of();
    }
}
