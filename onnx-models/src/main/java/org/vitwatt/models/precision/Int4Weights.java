package org.vitwatt.models.precision;

import org.vitwatt.feedback.VitwattException;

/**
 * Block-wise 4-bit weights in the layout of ONNX Runtime's {@code com.microsoft} {@code MatMulNBits}
 * ({@code docs/ContribOperators.md}): a float weight {@code W[K, N]} is cut along K into blocks of
 * {@code blockSize}; block {@code b} of column {@code n} has one scale and stores its values as unsigned 4-bit codes,
 * two per byte, the first in the low nibble, in {@code B[n][b][blockSize / 2]}; a code dequantizes to
 * {@code (code − 8) · scale}, 8 being the operator's default zero point for 4 bits. vitwatt quantizes symmetrically:
 * {@code scale = max |w| of the block / 7}, {@code code = clip(rint(w / scale) + 8, 0, 15)}, so codes 1 … 15 are used
 * and real 0 is exact; the block's tail past K is code 8 (0).
 *
 * @param k         rows of W (input features)
 * @param n         columns of W (output features)
 * @param blockSize values per block along K (a power of two, at least 16)
 * @param packed    {@code B}, {@code n × blocks × blockSize / 2} bytes
 * @param scales    one per block, column-major: {@code scales[n * blocks + b]}
 */
public record Int4Weights(int k, int n, int blockSize, byte[] packed, float[] scales) {
    /** The default block size, as ONNX Runtime's {@code MatMulNBitsQuantizer} uses. */
    public static final int DEFAULT_BLOCK_SIZE = 32;
    /** The zero point {@code MatMulNBits} assumes for 4 bits when none is given. */
    public static final int ZERO_POINT = 8;

    /** Blocks per column: ceil(K / blockSize). */
    public int blocks() {
        return (k + blockSize - 1) / blockSize;
    }

    /** Quantizes {@code w}, row-major {@code [k, n]}. */
    public static Int4Weights quantize(float[] w, int k, int n, int blockSize) {
        if (blockSize < 16 || Integer.bitCount(blockSize) != 1) {
            throw new VitwattException("int4w block size " + blockSize + " must be a power of two, at least 16");
        }
        int blocks = (k + blockSize - 1) / blockSize;
        int blob = blockSize / 2;
        byte[] packed = new byte[n * blocks * blob];
        float[] scales = new float[n * blocks];
        for (int col = 0; col < n; col++) {
            for (int b = 0; b < blocks; b++) {
                float absmax = 0;
                for (int i = b * blockSize; i < Math.min(k, (b + 1) * blockSize); i++) {
                    absmax = Math.max(absmax, Math.abs(w[i * n + col]));
                }
                float scale = absmax > 0 ? absmax / 7 : 1f;
                scales[col * blocks + b] = scale;
                int base = (col * blocks + b) * blob;
                for (int j = 0; j < blockSize; j++) {
                    int i = b * blockSize + j;
                    int code = i < k ? (int) Math.max(0, Math.min(15, Math.rint(w[i * n + col] / scale) + ZERO_POINT))
                            : ZERO_POINT;
                    packed[base + j / 2] |= (byte) (j % 2 == 0 ? code : code << 4);
                }
            }
        }
        return new Int4Weights(k, n, blockSize, packed, scales);
    }

    /** The weight MatMulNBits computes with: {@code (code − 8) · scale}, row-major {@code [k, n]}. */
    public float[] dequantize() {
        int blocks = blocks();
        int blob = blockSize / 2;
        float[] w = new float[k * n];
        for (int col = 0; col < n; col++) {
            for (int i = 0; i < k; i++) {
                int b = i / blockSize;
                int j = i % blockSize;
                int v = packed[(col * blocks + b) * blob + j / 2] & 0xFF;
                int code = j % 2 == 0 ? v & 0x0F : v >>> 4;
                w[i * n + col] = (code - ZERO_POINT) * scales[col * blocks + b];
            }
        }
        return w;
    }
}
