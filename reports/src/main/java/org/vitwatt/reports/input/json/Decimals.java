package org.vitwatt.reports.input.json;

import java.math.BigInteger;

/**
 * Decimal text to the nearest double, the same double {@link Double#parseDouble} gives, several times faster for the
 * numbers JMH writes (16–17 significant digits): the Eisel–Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte
 * per Second", Software: Practice and Experience 51(8), 2021), as Go's {@code strconv/eisel_lemire.go} and Rust's
 * {@code core::num::dec2flt} implement it, after Clinger's exact fast path for short decimals. It multiplies the
 * decimal significand by a 128-bit truncated power of ten and returns only when the product decides the rounding; in
 * every other case (more than 19 significant digits, an exponent beyond ±{@value #MAX_EXP10}, a halfway case, a
 * subnormal result) it says so and the caller uses {@link Double#parseDouble}.
 */
final class Decimals {
    /** Powers of ten in the table: 10^-MAX_EXP10 .. 10^MAX_EXP10. */
    static final int MAX_EXP10 = 64;

    /** High and low 64 bits of 10^e truncated to 128 bits (top bit set), at index 2 (e + MAX_EXP10) and +1. */
    private static final long[] POWERS = powers();

    private Decimals() {
    }

    private static long[] powers() {
        long[] t = new long[2 * (2 * MAX_EXP10 + 1)];
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int e = -MAX_EXP10; e <= MAX_EXP10; e++) {
            BigInteger m;
            if (e >= 0) {
                BigInteger v = BigInteger.TEN.pow(e);
                int l = v.bitLength();
                m = l <= 128 ? v.shiftLeft(128 - l) : v.shiftRight(l - 128);
            } else {
                BigInteger d = BigInteger.TEN.pow(-e);
                m = BigInteger.ONE.shiftLeft(127 + d.bitLength()).divide(d);
            }
            int i = 2 * (e + MAX_EXP10);
            t[i] = m.shiftRight(64).longValue();
            t[i + 1] = m.and(mask).longValue();
        }
        return t;
    }

    private static final double[] EXACT_POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * {@code ±significand × 10^exp10} as the nearest double, or NaN when this path cannot decide it.
     *
     * @param significand the decimal digits as an unsigned 64-bit integer (at most 19 digits)
     */
    static double of(long significand, int exp10, boolean negative) {
        if (significand == 0) {
            return negative ? -0.0 : 0.0;
        }
        // Clinger's fast path: both operands exact doubles, one correctly rounded operation (10^22 is the largest
        // power of ten a double holds exactly). Eisel-Lemire gives up on many of these exact products.
        if (significand >= 0 && significand <= (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            double m = (double) significand;
            double v = exp10 >= 0 ? m * EXACT_POW10[exp10] : m / EXACT_POW10[-exp10];
            return negative ? -v : v;
        }
        if (exp10 < -MAX_EXP10 || exp10 > MAX_EXP10) {
            return Double.NaN;
        }
        int i = 2 * (exp10 + MAX_EXP10);
        long hi = POWERS[i];
        long lo = POWERS[i + 1];
        int clz = Long.numberOfLeadingZeros(significand);
        long man = significand << clz;
        long retExp2 = ((217706L * exp10) >> 16) + 64 + 1023 - clz;
        long xHi = unsignedMultiplyHigh(man, hi);
        long xLo = man * hi;
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + man, man) < 0) {
            long yHi = unsignedMultiplyHigh(man, lo);
            long yLo = man * lo;
            long mergedHi = xHi;
            long mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long retMantissa = xHi >>> (msb + 9);
        retExp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (retMantissa & 3) == 1) {
            return Double.NaN; // halfway between two doubles: needs the exact digits
        }
        retMantissa += retMantissa & 1;
        retMantissa >>>= 1;
        if ((retMantissa >>> 53) > 0) {
            retMantissa >>>= 1;
            retExp2 += 1;
        }
        if (Long.compareUnsigned(retExp2 - 1, 0x7FF - 1) >= 0) {
            return Double.NaN; // subnormal or infinite
        }
        long bits = retExp2 << 52 | retMantissa & 0x000F_FFFF_FFFF_FFFFL;
        if (negative) {
            bits |= 0x8000_0000_0000_0000L;
        }
        return Double.longBitsToDouble(bits);
    }

    /** The high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18). */
    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
