package org.vitwatt.models.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {
    private static int bits(float f) {
        return Half.fromFloat(f) & 0xffff;
    }

    @Test
    void exactValues() {
        assertEquals(0x3c00, bits(1f));
        assertEquals(0xc000, bits(-2f));
        assertEquals(0x7bff, bits(65504f));             // largest finite half
        assertEquals(0x0001, bits(5.9604645e-8f));      // smallest subnormal
        assertEquals(0x0400, bits(6.1035156e-5f));      // smallest normal
        assertEquals(0x0000, bits(0f));
        assertEquals(0x8000, bits(-0f));
    }

    @Test
    void roundsToNearestEven() {
        assertEquals(0x6800, bits(2049f));  // 2049 is halfway between 2048 and 2050: even mantissa wins
        assertEquals(0x6802, bits(2051f));  // halfway between 2050 and 2052 -> 2052
        assertEquals(0x3c01, bits(1.0009766f)); // exactly 1 + 2^-10
        assertEquals(0x7c00, bits(65520f)); // rounds past the largest finite value: infinity
        assertEquals(0x0000, bits(2.9e-8f)); // below half the smallest subnormal
    }

    @Test
    void specialValues() {
        assertEquals(0x7c00, bits(Float.POSITIVE_INFINITY));
        assertEquals(0xfc00, bits(Float.NEGATIVE_INFINITY));
        assertEquals(0x7e00, bits(Float.NaN) & 0x7e00);
    }

    @Test
    void widensExactly() {
        for (int h = 0; h < 0x7c00; h++) {
            float f = Half.toFloat((short) h);
            assertEquals(h, bits(f), "round trip of 0x" + Integer.toHexString(h));
        }
        assertEquals(65504f, Half.toFloat((short) 0x7bff));
        assertEquals(5.9604645e-8f, Half.toFloat((short) 1));
    }
}
