package org.vitwatt.models.precision;

import java.util.Locale;
import org.vitwatt.models.onnx.DataTypes;

/**
 * How INT8 weights are stored: symmetric around real 0, one scale per output channel.
 * <ul>
 *   <li>{@link #FULL}: signed [-127, 127], zero point 0. What TensorRT requires, and exact wherever the integer
 *       kernels accumulate byte products in 32 bits (x86 VNNI and AMX, ARM64, CUDA's dequantize-then-float).</li>
 *   <li>{@link #REDUCED}: signed [-64, 64], ONNX Runtime's {@code reduce_range} ("7-bit weights"). On x86-64 CPUs
 *       without VNNI, ONNX Runtime's u8×s8 GEMM multiplies byte pairs with VPMADDUBSW, whose 16-bit pair sums
 *       saturate once 255 × (|w₁| + |w₂|) exceeds 32,767; with |w| ≤ 64 they cannot (255 × 128 = 32,640). The
 *       fastest exact scheme there, at one bit of weight resolution.</li>
 *   <li>{@link #U8}: unsigned [0, 254] around zero point 127, ONNX Runtime's symmetric uint8. The same 255
 *       levels as {@link #FULL}, run by ONNX Runtime's u8×u8 kernels, which widen to 16 bits before multiplying
 *       and never saturate: on any CPU it computes what {@link #FULL} computes on a VNNI CPU.</li>
 * </ul>
 */
public enum WeightFormat {
    FULL(DataTypes.INT8, -127, 127, 0), REDUCED(DataTypes.INT8, -64, 64, 0), U8(DataTypes.UINT8, 0, 254, 127);

    private final int dataType;
    private final int qmin;
    private final int qmax;
    private final int zeroPoint;

    WeightFormat(int dataType, int qmin, int qmax, int zeroPoint) {
        this.dataType = dataType;
        this.qmin = qmin;
        this.qmax = qmax;
        this.zeroPoint = zeroPoint;
    }

    /** The ONNX element type of the stored weights ({@link DataTypes#INT8} or {@link DataTypes#UINT8}). */
    public int dataType() {
        return dataType;
    }

    /** The smallest stored value. */
    public int qmin() {
        return qmin;
    }

    /** The largest stored value. */
    public int qmax() {
        return qmax;
    }

    /** The stored value of real 0. */
    public int zeroPoint() {
        return zeroPoint;
    }

    /** Quantization steps on each side of 0: 127 for {@link #FULL} and {@link #U8}, 64 for {@link #REDUCED}. */
    public int halfRange() {
        return (qmax - qmin) / 2;
    }

    /** The id used in options, manifests and cache keys: {@code full}, {@code reduced} or {@code u8}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
