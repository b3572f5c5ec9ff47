package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.catalog.Preprocessing;

class SyntheticImagesTest {
    @Test
    void pixelsAreEightBitValuesNormalisedWithTheModelsMeanAndStd() {
        SyntheticImages s = new SyntheticImages(Preprocessing.DEIT, 2, 42);
        FloatBuffer b = s.batch(0, 2);
        assertEquals(2 * 3 * 224 * 224, b.remaining());
        assertTrue(b.isDirect());
        for (int i = 0; i < 224 * 224; i++) { // red channel of image 0
            float v = b.get(i);
            double pixel = v * 0.229 + 0.485;
            assertEquals(Math.round(pixel * 255), pixel * 255, 1e-3, "an 8-bit value");
            assertTrue(pixel >= -1e-6 && pixel <= 1 + 1e-6, "within [0, 1] before normalisation");
        }
    }

    @Test
    void imagesDifferInTheirGlobalStatisticsLikePhotographs() {
        // i.i.d. noise images would all have the same mean; smooth random scenes do not
        SyntheticImages s = new SyntheticImages(Preprocessing.DEIT, 16, 3);
        int plane = 224 * 224;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < 16; i++) {
            FloatBuffer img = s.batch(i, 1);
            double mean = 0;
            for (int k = 0; k < plane; k++) {
                mean += img.get(k);
            }
            mean /= plane;
            lo = Math.min(lo, mean);
            hi = Math.max(hi, mean);
        }
        assertTrue(hi - lo > 0.5, "red-channel means spread over " + (hi - lo) + " std units");
    }

    @Test
    void sameSeedSameImages() {
        FloatBuffer a = new SyntheticImages(Preprocessing.DEIT, 1, 5).batch(0, 1);
        FloatBuffer b = new SyntheticImages(Preprocessing.DEIT, 1, 5).batch(0, 1);
        assertEquals(a, b);
        assertThrows(IndexOutOfBoundsException.class, () -> new SyntheticImages(Preprocessing.DEIT, 1, 5).batch(0, 2));
    }
}
