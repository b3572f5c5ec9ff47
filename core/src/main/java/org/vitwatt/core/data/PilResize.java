package org.vitwatt.core.data;

import org.vitwatt.models.catalog.Interpolation;

/**
 * Image resizing that reproduces Pillow's {@code Image.resize} on 8-bit RGB images bit for bit, which is
 * what torchvision's {@code Resize} calls for PIL images and so what timm evaluates with.
 *
 * <p>Bilinear and bicubic follow Pillow's {@code Resample.c}: a separable convolution, horizontal pass
 * first, whose filter (triangle, support 1; Keys cubic with a = −0.5, support 2) is stretched by the
 * downscale factor when shrinking ({@code support × max(in/out, 1)}: antialiasing), centred on
 * {@code (x + 0.5)·in/out}, cut to the source bounds and renormalised to sum 1; the coefficients are then
 * rounded to 22-bit fixed point, each pass accumulates in 32-bit integers from ½, and its result is
 * rounded to 8 bits and clamped, so the horizontal pass's output is an 8-bit image, as in Pillow.
 * Nearest follows Pillow's affine scaling: source index {@code floor((x + 0.5)·in/out)}, the position
 * accumulated step by step in double as Pillow does.
 *
 * <p>{@link #resizeWindow} computes only a window of the resized image (the centre crop): each output pixel
 * depends only on its own coefficients, so the window is exactly the crop of the full resize.
 */
public final class PilResize {
    /** Pillow's {@code PRECISION_BITS} for 8-bit images: 32 − 8 − 2. */
    static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {
    }

    /** One axis's coefficients: for output {@code i}, taps {@code k[i*ksize .. +count[i]]} from {@code min[i]}. */
    record Axis(int ksize, int[] min, int[] count, int[] k) {
    }

    static double filter(Interpolation f, double x) {
        if (x < 0.0) {
            x = -x;
        }
        switch (f) {
            case BILINEAR:
                return x < 1.0 ? 1.0 - x : 0.0;
            case BICUBIC: {
                final double a = -0.5;
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0.0;
            }
            default:
                throw new IllegalArgumentException("not a convolution filter: " + f);
        }
    }

    static double support(Interpolation f) {
        return f == Interpolation.BICUBIC ? 2.0 : 1.0;
    }

    /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}. */
    static Axis coefficients(int inSize, int outSize, Interpolation f) {
        double scale = (double) (float) inSize / outSize;
        double filterscale = scale < 1.0 ? 1.0 : scale;
        double support = support(f) * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] min = new int[outSize];
        int[] count = new int[outSize];
        int[] k = new int[outSize * ksize];
        double[] w = new double[ksize];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double v = filter(f, (x + xmin - center + 0.5) * ss);
                w[x] = v;
                ww += v;
            }
            for (int x = 0; x < xmax; x++) {
                double v = ww != 0.0 ? w[x] / ww : w[x];
                k[xx * ksize + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                        : (int) (0.5 + v * (1 << PRECISION_BITS));
            }
            min[xx] = xmin;
            count[xx] = xmax;
        }
        return new Axis(ksize, min, count, k);
    }

    private static int clip8(int ss) {
        int v = ss >> PRECISION_BITS;
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** The whole image resized to {@code outW × outH}. */
    public static RgbImage resize(RgbImage src, int outW, int outH, Interpolation f) {
        return resizeWindow(src, outW, outH, f, 0, 0, outW, outH);
    }

    /**
     * The window {@code [left, left + cropW) × [top, top + cropH)} of {@code src} resized to
     * {@code outW × outH}; equal, pixel for pixel, to Pillow's {@code resize} followed by {@code crop}.
     */
    public static RgbImage resizeWindow(RgbImage src, int outW, int outH, Interpolation f, int left, int top,
            int cropW, int cropH) {
        if (left < 0 || top < 0 || cropW < 1 || cropH < 1 || left + cropW > outW || top + cropH > outH) {
            throw new IllegalArgumentException("window " + cropW + "x" + cropH + "+" + left + "+" + top
                    + " is outside " + outW + "x" + outH);
        }
        if (f == Interpolation.NEAREST) {
            return nearest(src, outW, outH, left, top, cropW, cropH);
        }
        int inW = src.width();
        int inH = src.height();
        boolean needH = outW != inW;
        boolean needV = outH != inH;
        // rows of the source the vertical pass reads for the window's rows
        Axis v = needV ? coefficients(inH, outH, f) : null;
        int rowFirst;
        int rowLast;
        if (needV) {
            rowFirst = Integer.MAX_VALUE;
            rowLast = 0;
            for (int yy = top; yy < top + cropH; yy++) {
                rowFirst = Math.min(rowFirst, v.min[yy]);
                rowLast = Math.max(rowLast, v.min[yy] + v.count[yy]);
            }
        } else {
            rowFirst = top;
            rowLast = top + cropH;
        }
        int rows = rowLast - rowFirst;
        // horizontal pass: rows [rowFirst, rowLast) of the source, columns [left, left + cropW) of the output
        byte[] tmp = new byte[rows * cropW * 3];
        byte[] in = src.rgb();
        if (needH) {
            Axis h = coefficients(inW, outW, f);
            int half = 1 << (PRECISION_BITS - 1);
            for (int y = 0; y < rows; y++) {
                int srcRow = (rowFirst + y) * inW * 3;
                int dstRow = y * cropW * 3;
                for (int xx = 0; xx < cropW; xx++) {
                    int ox = left + xx;
                    int xmin = h.min[ox];
                    int n = h.count[ox];
                    int kb = ox * h.ksize;
                    int s0 = half;
                    int s1 = half;
                    int s2 = half;
                    int p = srcRow + xmin * 3;
                    for (int x = 0; x < n; x++) {
                        int c = h.k[kb + x];
                        s0 += (in[p] & 0xff) * c;
                        s1 += (in[p + 1] & 0xff) * c;
                        s2 += (in[p + 2] & 0xff) * c;
                        p += 3;
                    }
                    int d = dstRow + xx * 3;
                    tmp[d] = (byte) clip8(s0);
                    tmp[d + 1] = (byte) clip8(s1);
                    tmp[d + 2] = (byte) clip8(s2);
                }
            }
        } else {
            for (int y = 0; y < rows; y++) {
                System.arraycopy(in, ((rowFirst + y) * inW + left) * 3, tmp, y * cropW * 3, cropW * 3);
            }
        }
        if (!needV) {
            return new RgbImage(cropW, cropH, tmp);
        }
        byte[] out = new byte[cropW * cropH * 3];
        int half = 1 << (PRECISION_BITS - 1);
        int stride = cropW * 3;
        for (int yy = 0; yy < cropH; yy++) {
            int oy = top + yy;
            int ymin = v.min[oy] - rowFirst;
            int n = v.count[oy];
            int kb = oy * v.ksize;
            int dstRow = yy * stride;
            for (int i = 0; i < stride; i++) {
                int s = half;
                int p = ymin * stride + i;
                for (int y = 0; y < n; y++) {
                    s += (tmp[p] & 0xff) * v.k[kb + y];
                    p += stride;
                }
                out[dstRow + i] = (byte) clip8(s);
            }
        }
        return new RgbImage(cropW, cropH, out);
    }

    /** Pillow's {@code ImagingScaleAffine}: positions accumulated from {@code 0.5·scale} in double. */
    private static RgbImage nearest(RgbImage src, int outW, int outH, int left, int top, int cropW, int cropH) {
        int inW = src.width();
        int inH = src.height();
        double ax = (double) inW / outW;
        double ay = (double) inH / outH;
        int[] xin = new int[outW];
        double xo = ax * 0.5;
        for (int x = 0; x < outW; x++) {
            xin[x] = Math.min(inW - 1, coord(xo));
            xo += ax;
        }
        int[] yin = new int[outH];
        double yo = ay * 0.5;
        for (int y = 0; y < outH; y++) {
            yin[y] = Math.min(inH - 1, coord(yo));
            yo += ay;
        }
        byte[] in = src.rgb();
        byte[] out = new byte[cropW * cropH * 3];
        for (int y = 0; y < cropH; y++) {
            int sr = yin[top + y] * inW;
            for (int x = 0; x < cropW; x++) {
                int s = (sr + xin[left + x]) * 3;
                int d = (y * cropW + x) * 3;
                out[d] = in[s];
                out[d + 1] = in[s + 1];
                out[d + 2] = in[s + 2];
            }
        }
        return new RgbImage(cropW, cropH, out);
    }

    private static int coord(double v) {
        return v < 0.0 ? -1 : (int) v;
    }
}
