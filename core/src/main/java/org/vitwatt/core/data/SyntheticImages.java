package org.vitwatt.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.vitwatt.models.catalog.Preprocessing;

/**
 * Seeded random images of a model's input shape. Each image is a smooth random scene — a random base colour,
 * a few random oriented colour waves of low spatial frequency and light per-pixel noise — quantized to 8-bit
 * pixels and normalised with the model's mean and std exactly as a decoded image would be. Images therefore
 * differ in their global statistics the way photographs do (i.i.d. noise images would all look alike to a
 * model that pools, making every prediction the same), which gives calibration realistic activation ranges
 * and precision comparisons meaningful top-1 agreement. Unlabelled: latency and energy only.
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
        float[] pixels = new float[3 * plane];
        for (int i = 0; i < count; i++) {
            paint(rnd, pixels, size);
            for (int c = 0; c < 3; c++) {
                float mean = (float) p.mean().get(c);
                float std = (float) p.std().get(c);
                int base = (i * 3 + c) * plane;
                for (int k = 0; k < plane; k++) {
                    data.put(base + k, (pixels[c * plane + k] - mean) / std);
                }
            }
        }
    }

    private static final int WAVES = 4;

    /** Paints one image into {@code out} (3 planes of size², values k/255). */
    private static void paint(SplittableRandom rnd, float[] out, int size) {
        int plane = size * size;
        double[] base = new double[3];
        for (int c = 0; c < 3; c++) {
            base[c] = 0.15 + 0.7 * rnd.nextDouble();
        }
        // separable waves cos(fx·x + a)·cos(fy·y + b), each with its own colour, 1-6 cycles per image
        double[][] cols = new double[WAVES][size];
        double[][] rows = new double[WAVES][size];
        double[][] colour = new double[WAVES][3];
        for (int w = 0; w < WAVES; w++) {
            double fx = 2 * Math.PI * (1 + rnd.nextInt(6)) / size;
            double fy = 2 * Math.PI * (1 + rnd.nextInt(6)) / size;
            double a = 2 * Math.PI * rnd.nextDouble();
            double b = 2 * Math.PI * rnd.nextDouble();
            for (int k = 0; k < size; k++) {
                cols[w][k] = StrictMath.cos(fx * k + a);
                rows[w][k] = StrictMath.cos(fy * k + b);
            }
            for (int c = 0; c < 3; c++) {
                colour[w][c] = (rnd.nextDouble() - 0.5) * 0.35;
            }
        }
        double noise = 0.02 + 0.06 * rnd.nextDouble();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double n = (rnd.nextDouble() - 0.5) * 2 * noise;
                for (int c = 0; c < 3; c++) {
                    double v = base[c] + n;
                    for (int w = 0; w < WAVES; w++) {
                        v += colour[w][c] * cols[w][x] * rows[w][y];
                    }
                    long q = Math.round(Math.max(0, Math.min(1, v)) * 255);
                    out[c * plane + y * size + x] = q / 255f;
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
