package org.vitwatt.core.precision;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.vitwatt.models.precision.QdqQuantizer.Range;

/**
 * Statistics of one activation tensor over the calibration images: min, max and, when asked, a histogram
 * of |x| that grows by doubling its range (merging bin pairs), so one pass over the data suffices and no
 * activation is kept. The histogram then yields the percentile and entropy (KL) thresholds.
 */
final class RangeCollector {
    static final int BINS = 2048;
    static final int QUANTIZED_BINS = 128;

    private final boolean histogram;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private final long[] hist;
    private double top;     // histogram covers [0, top)
    private long count;

    RangeCollector(boolean histogram) {
        this.histogram = histogram;
        this.hist = histogram ? new long[BINS] : null;
    }

    void add(FloatBuffer values) {
        int n = values.remaining();
        int p = values.position();
        float lo = min;
        float hi = max;
        for (int i = 0; i < n; i++) {
            float v = values.get(p + i);
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        min = lo;
        max = hi;
        count += n;
        if (!histogram) {
            return;
        }
        double absmax = Math.max(Math.abs(lo), Math.abs(hi));
        if (top == 0) {
            top = absmax > 0 ? absmax * (1 + 1e-6) : 1e-6;
        }
        while (absmax >= top) {
            for (int j = 0; j < BINS / 2; j++) {
                hist[j] = hist[2 * j] + hist[2 * j + 1];
            }
            Arrays.fill(hist, BINS / 2, BINS, 0);
            top *= 2;
        }
        double scale = BINS / top;
        for (int i = 0; i < n; i++) {
            int b = (int) (Math.abs(values.get(p + i)) * scale);
            hist[b < BINS ? b : BINS - 1]++;
        }
    }

    long count() {
        return count;
    }

    Range minMax() {
        return new Range(min, max);
    }

    /** ±the {@code percentile}-th percentile of |x|, clamped to the observed range. */
    Range percentile(double percentile) {
        long target = (long) Math.ceil(count * percentile / 100.0);
        long cum = 0;
        int k = BINS - 1;
        for (int i = 0; i < BINS; i++) {
            cum += hist[i];
            if (cum >= target) {
                k = i;
                break;
            }
        }
        double thr = (k + 1) * top / BINS;
        return clampSymmetric(thr);
    }

    /**
     * The threshold minimising KL(P‖Q) where P is the |x| histogram clipped at the threshold (outliers added
     * to the last bin) and Q its quantization to {@value #QUANTIZED_BINS} levels expanded back — TensorRT's
     * entropy calibration (Migacz, GTC 2017), as ONNX Runtime's calibrator implements it.
     */
    Range entropy() {
        double best = Double.POSITIVE_INFINITY;
        int bestI = BINS;
        double[] p = new double[BINS];
        double[] q = new double[BINS];
        for (int i = QUANTIZED_BINS; i <= BINS; i++) {
            long outliers = 0;
            for (int j = i; j < BINS; j++) {
                outliers += hist[j];
            }
            for (int j = 0; j < i; j++) {
                p[j] = hist[j];
            }
            p[i - 1] += outliers;
            // quantize hist[0, i) into QUANTIZED_BINS groups, spread each group's mass over its non-empty bins
            double merge = (double) i / QUANTIZED_BINS;
            for (int g = 0; g < QUANTIZED_BINS; g++) {
                int start = (int) Math.floor(g * merge);
                int end = g == QUANTIZED_BINS - 1 ? i : (int) Math.floor((g + 1) * merge);
                double sum = 0;
                int nonZero = 0;
                for (int j = start; j < end; j++) {
                    sum += hist[j];
                    if (hist[j] != 0) {
                        nonZero++;
                    }
                }
                for (int j = start; j < end; j++) {
                    q[j] = hist[j] != 0 && nonZero > 0 ? sum / nonZero : 0;
                }
            }
            double kl = kl(p, q, i);
            if (kl < best) {
                best = kl;
                bestI = i;
            }
        }
        return clampSymmetric((bestI + 0.5) * top / BINS);
    }

    private static double kl(double[] p, double[] q, int n) {
        double ps = 0;
        double qs = 0;
        for (int j = 0; j < n; j++) {
            ps += p[j];
            qs += q[j];
        }
        if (ps == 0 || qs == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double d = 0;
        for (int j = 0; j < n; j++) {
            if (p[j] == 0) {
                continue;
            }
            double pj = p[j] / ps;
            double qj = q[j] / qs;
            d += qj == 0 ? pj * Math.log(pj / 1e-10) : pj * Math.log(pj / qj);
        }
        return d;
    }

    private Range clampSymmetric(double thr) {
        return new Range((float) Math.max(min, -thr), (float) Math.min(max, thr));
    }
}
