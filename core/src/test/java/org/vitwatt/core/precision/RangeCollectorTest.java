package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.QdqQuantizer.Range;

class RangeCollectorTest {
    private static RangeCollector collect(float[]... batches) {
        RangeCollector c = new RangeCollector(true);
        for (float[] b : batches) {
            c.add(FloatBuffer.wrap(b));
        }
        return c;
    }

    @Test
    void minMaxIsExactAcrossBatches() {
        RangeCollector c = collect(new float[] {0.5f, -1.25f}, new float[] {3f, 0f}, new float[] {-0.5f});
        assertEquals(new Range(-1.25f, 3f), c.minMax());
        assertEquals(5, c.count());
    }

    @Test
    void histogramGrowsByDoublingWithoutLosingCounts() {
        // a first batch in [0, 1), then values up to 100: the histogram must widen and keep every count
        float[] small = new float[1000];
        for (int i = 0; i < small.length; i++) {
            small[i] = i / 1000f;
        }
        float[] big = {100f};
        RangeCollector c = collect(small, big);
        // 1000 of 1001 values are below 1: the 99.9th percentile of |x| lies at about 1, far below 100
        Range p = c.percentile(99.9);
        assertTrue(p.max() >= 0.99f && p.max() < 1.2f, "p99.9 = " + p.max());
        assertEquals(100f, c.percentile(100).max(), 0f, "the 100th percentile is clamped to the observed max");
    }

    @Test
    void percentileOfUniformValues() {
        SplittableRandom r = new SplittableRandom(1);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        Range p = collect(v).percentile(99.0);
        assertEquals(0.99, p.max(), 0.002);
        assertEquals(-0.99, p.min(), 0.002);
    }

    @Test
    void entropyThresholdOfAGaussianClipsTheTail() {
        SplittableRandom r = new SplittableRandom(2);
        float[] v = new float[400_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        RangeCollector c = collect(v);
        float max = c.minMax().max();
        float t = c.entropy().max();
        // 128 levels over a Gaussian: the KL-optimal clip sits a few sigma out, inside the observed extreme
        assertTrue(t > 2.0f && t < max, "threshold " + t + " of max " + max);
    }

    @Test
    void calibrationSpecParsesAndNamesBadValues() {
        assertEquals(new CalibrationSpec(CalibrationSpec.Method.ENTROPY, 64, "cifar10:/d"),
                CalibrationSpec.parse("entropy:64:cifar10:/d"));
        assertEquals(new CalibrationSpec(CalibrationSpec.Method.MINMAX, 128, ""), CalibrationSpec.parse("MinMax"));
        assertEquals("percentile:128", CalibrationSpec.parse("percentile").id());
        assertTrue(assertThrows(VitwattException.class, () -> CalibrationSpec.parse("kl:8")).getMessage()
                .startsWith("unknown calibration 'kl:8': use METHOD[:IMAGES[:DATASET]]"));
        assertEquals("-p calibration=minmax:0: the number of images must be >= 1",
                assertThrows(VitwattException.class, () -> CalibrationSpec.parse("minmax:0")).getMessage());
    }
}
