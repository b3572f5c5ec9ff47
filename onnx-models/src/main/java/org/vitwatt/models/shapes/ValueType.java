package org.vitwatt.models.shapes;

import java.util.Arrays;
import org.vitwatt.models.onnx.DataTypes;

/**
 * The element type and shape of one tensor value.
 *
 * @param elemType the ONNX element type ({@code TensorProto.DataType} code)
 * @param shape    the dims (empty for a scalar)
 */
public record ValueType(int elemType, long[] shape) {
    public ValueType {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Dim {@code i}; negative {@code i} counts from the end. */
    public long dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int rank() {
        return shape.length;
    }

    /** The number of elements (1 for a scalar). */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** True for 32-bit float, the type the FP16 and INT8 transforms start from. */
    public boolean isFloat() {
        return elemType == DataTypes.FLOAT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueType t && t.elemType == elemType && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * elemType + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return DataTypes.name(elemType) + Arrays.toString(shape);
    }
}
