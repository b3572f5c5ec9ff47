package org.vitwatt.models.precision;

/**
 * Scale and zero point of a linear INT8 quantization, computed as ONNX Runtime's
 * {@code quant_utils.compute_scale_zp} computes them: the range is widened to include 0; a symmetric
 * range becomes ±max(|min|, |max|); {@code scale = (max − min) / (qmax − qmin)} in double, then cast to
 * float; {@code zeroPoint = round((qmin + qmax) / 2)} when symmetric, else {@code round(qmin − min/scale)};
 * a scale below float epsilon becomes 1 with zero point 0. Rounding is half-to-even, as numpy's.
 *
 * @param scale     real value of one quantization step
 * @param zeroPoint the integer that represents real 0
 */
public record QuantParams(float scale, int zeroPoint) {
    /** Signed INT8 limits of a symmetric quantization: [-127, 127] as ONNX Runtime and TensorRT use. */
    public static final int SYMMETRIC_QMIN = -127;
    public static final int SYMMETRIC_QMAX = 127;
    /** Signed INT8 limits of an asymmetric quantization. */
    public static final int QMIN = -128;
    public static final int QMAX = 127;

    /** Parameters for values in [rmin, rmax] over the full INT8 range. */
    public static QuantParams of(double rmin, double rmax, boolean symmetric) {
        return symmetric ? of(rmin, rmax, SYMMETRIC_QMIN, SYMMETRIC_QMAX, true) : of(rmin, rmax, QMIN, QMAX, false);
    }

    /**
     * Symmetric parameters for weights in [-absmax, absmax] stored as {@code format}: scale = absmax / half the
     * format's range, zero point = the format's (ONNX Runtime's {@code compute_scale_zp} with that range).
     */
    public static QuantParams symmetric(double absmax, WeightFormat format) {
        float scale = (float) (2 * Math.abs(absmax) / (format.qmax() - format.qmin()));
        // an all-zero channel: any scale represents it; the format's zero point keeps every channel's equal
        return new QuantParams(scale >= Math.ulp(1.0f) ? scale : 1f, format.zeroPoint());
    }

    private static QuantParams of(double rmin, double rmax, int qmin, int qmax, boolean symmetric) {
        rmin = Math.min(rmin, 0);
        rmax = Math.max(rmax, 0);
        if (symmetric) {
            double absmax = Math.max(Math.abs(rmin), Math.abs(rmax));
            rmin = -absmax;
            rmax = absmax;
        }
        float scale = (float) ((rmax - rmin) / (qmax - qmin));
        if (!(scale >= Math.ulp(1.0f))) {
            return new QuantParams(1f, 0);
        }
        int zp = symmetric ? (int) Math.rint((qmin + qmax) / 2.0) : (int) Math.rint(qmin - rmin / scale);
        return new QuantParams(scale, zp);
    }

    /** {@code clip(rint(x / scale) + zeroPoint, -128, 127)}: QuantizeLinear's arithmetic. */
    public byte quantize(float x) {
        double q = Math.rint(x / scale) + zeroPoint;
        return (byte) Math.max(QMIN, Math.min(QMAX, q));
    }

    /**
     * A weight value stored as {@code format}: {@code clip(rint(x / scale) + zeroPoint, qmin, qmax)}, as a signed
     * byte for the signed formats and as the low 8 bits of the unsigned value for {@link WeightFormat#U8}.
     */
    public byte quantizeWeight(float x, WeightFormat format) {
        double q = Math.rint(x / scale) + zeroPoint;
        return (byte) (int) Math.max(format.qmin(), Math.min(format.qmax(), q));
    }
}
