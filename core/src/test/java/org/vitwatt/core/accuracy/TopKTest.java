package org.vitwatt.core.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TopKTest {
    private static int[] top(int k, float... logits) {
        int[] out = new int[k];
        TopK.topK(FloatBuffer.wrap(logits), 0, logits.length, k, out);
        return out;
    }

    @Test
    void highestFirstTiesToTheLowerClass() {
        assertArrayEquals(new int[] {3, 1, 0}, top(3, 1f, 2f, -1f, 5f, 0.5f));
        assertArrayEquals(new int[] {1, 3, 0, 2}, top(4, 0f, 7f, 0f, 7f));
        assertEquals(1, TopK.argmax(FloatBuffer.wrap(new float[] {0f, 7f, 0f, 7f}), 0, 4));
    }

    @Test
    void nanRanksFirstLikeTorch() {
        assertArrayEquals(new int[] {2, 0}, top(2, 3f, 1f, Float.NaN));
        assertEquals(2, TopK.argmax(FloatBuffer.wrap(new float[] {3f, 1f, Float.NaN}), 0, 3));
    }

    @Test
    void offsetSelectsTheImage() {
        FloatBuffer two = FloatBuffer.wrap(new float[] {9f, 0f, 0f, 0f, 0f, 9f});
        assertEquals(0, TopK.argmax(two, 0, 3));
        assertEquals(2, TopK.argmax(two, 3, 3));
    }

    @Test
    void agreement() {
        assertEquals(75.0, AccuracyResult.agreementPercent(new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 5}));
    }
}
