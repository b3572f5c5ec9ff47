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
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (int i = 0; i < 224 * 224; i++) { // red channel of image 0
            float v = b.get(i);
            double pixel = v * 0.229 + 0.485;
            assertEquals(Math.round(pixel * 255), pixel * 255, 1e-3, "an 8-bit value");
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertEquals((0 - 0.485) / 0.229, lo, 1e-5);
        assertEquals((1 - 0.485) / 0.229, hi, 1e-5);
    }

    @Test
    void sameSeedSameImages() {
        FloatBuffer a = new SyntheticImages(Preprocessing.DEIT, 1, 5).batch(0, 1);
        FloatBuffer b = new SyntheticImages(Preprocessing.DEIT, 1, 5).batch(0, 1);
        assertEquals(a, b);
        assertThrows(IndexOutOfBoundsException.class, () -> new SyntheticImages(Preprocessing.DEIT, 1, 5).batch(0, 2));
    }
}
