package org.vitwatt.models.precision;

/**
 * The ONNX {@code FLOAT8E4M3FN} element (OCP FP8 E4M3, "FN" = finite, no infinities): 1 sign bit, 4 exponent bits
 * with bias 7, 3 mantissa bits; the largest finite value is 448 and S.1111.111 is NaN. {@link #encode} is what ONNX
 * Runtime's {@code QuantizeLinear} with {@code saturate=1} does to {@code x / scale}: round to nearest, ties to even,
 * and clamp anything beyond ±448 (infinities included) to ±448 ({@code onnxruntime/core/framework/float8.h}).
 */
public final class Float8E4M3FN {
    /** The largest finite magnitude. */
    public static final float MAX = 448f;
    /** The smallest positive normal value, 2⁻⁶; below it the values are multiples of 2⁻⁹. */
    static final double MIN_NORMAL = 0x1p-6;
    private static final double SUBNORMAL_STEP = 0x1p-9;
    private static final byte NAN = 0x7F;

    private Float8E4M3FN() {
    }

    /** The byte that holds {@code x}, rounded to nearest even and saturated to ±448. */
    public static byte encode(float x) {
        if (Float.isNaN(x)) {
            return NAN;
        }
        int sign = (Float.floatToRawIntBits(x) >>> 31) << 7;
        double a = Math.min(Math.abs((double) x), MAX);
        int bits;
        if (a < MIN_NORMAL) {
            bits = (int) Math.rint(a / SUBNORMAL_STEP); // 8 is the smallest normal, encoded the same way
        } else {
            int e = Math.getExponent(a);
            int mantissa = (int) Math.rint((a / Math.scalb(1.0, e) - 1) * 8);
            if (mantissa == 8) {
                e++;
                mantissa = 0;
            }
            bits = ((e + 7) << 3) | mantissa;
        }
        return (byte) (sign | bits);
    }

    /** The value a byte holds ({@code DequantizeLinear}'s conversion before the scale). */
    public static float decode(byte b) {
        int v = b & 0x7F;
        if (v == 0x7F) {
            return Float.NaN;
        }
        int e = v >>> 3;
        int m = v & 7;
        double a = e == 0 ? m * SUBNORMAL_STEP : Math.scalb(1 + m / 8.0, e - 7);
        return (float) ((b & 0x80) != 0 ? -a : a);
    }

    /** The per-tensor or per-channel scale that maps magnitudes up to {@code absmax} onto ±448; 1 for 0. */
    public static float scale(double absmax) {
        float s = (float) (Math.abs(absmax) / MAX);
        return s > 0 && Float.isFinite(s) ? s : 1f;
    }
}
