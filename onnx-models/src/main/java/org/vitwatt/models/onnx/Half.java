package org.vitwatt.models.onnx;

/**
 * IEEE 754 binary16 conversion with round-to-nearest-even, the rounding numpy's {@code astype(float16)}
 * uses, so FP16 weights written here match onnxconverter-common's bit for bit. (Java 17 has no
 * {@code Float.floatToFloat16}; it arrived in Java 20.)
 */
public final class Half {
    private Half() {
    }

    /** Rounds a float to the nearest binary16 value (ties to even); overflow gives ±infinity. */
    public static short fromFloat(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int exp = (f >>> 23) & 0xff;
        int mant = f & 0x7fffff;
        if (exp == 0xff) {                       // inf or NaN
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {                         // overflow
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {                            // subnormal or zero in half
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;                    // implicit leading one
            int shift = 14 - e;
            int half = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++;                              // may carry into the exponent: still correct
        }
        return (short) (sign | half);
    }

    /** Widens a binary16 value to float exactly. */
    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant / 1024f / 16384f;     // 2^-14 * mant/1024
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
