package org.vitwatt.models.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Locale;

/** ONNX element types ({@code TensorProto.DataType}) as the int codes the protobuf carries. */
public final class DataTypes {
    public static final int FLOAT = DataType.FLOAT_VALUE;
    public static final int UINT8 = DataType.UINT8_VALUE;
    public static final int INT8 = DataType.INT8_VALUE;
    public static final int INT32 = DataType.INT32_VALUE;
    public static final int INT64 = DataType.INT64_VALUE;
    public static final int BOOL = DataType.BOOL_VALUE;
    public static final int FLOAT16 = DataType.FLOAT16_VALUE;
    public static final int DOUBLE = DataType.DOUBLE_VALUE;
    public static final int BFLOAT16 = DataType.BFLOAT16_VALUE;

    private DataTypes() {
    }

    /** Lower-case name of an element type ("float", "int8", ...), or "type&lt;n&gt;" when unknown. */
    public static String name(int elemType) {
        DataType t = DataType.forNumber(elemType);
        return t == null ? "type" + elemType : t.name().toLowerCase(Locale.ROOT);
    }

    /** Size of one element in bits; 0 for strings and unknown types. */
    public static int bits(int elemType) {
        DataType t = DataType.forNumber(elemType);
        if (t == null) {
            return 0;
        }
        return switch (t) {
            case FLOAT, INT32, UINT32 -> 32;
            case DOUBLE, INT64, UINT64, COMPLEX64 -> 64;
            case COMPLEX128 -> 128;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 16;
            case INT8, UINT8, BOOL, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ -> 8;
            case INT4, UINT4 -> 4;
            default -> 0;
        };
    }

    /** True for element types that hold real numbers (weights), as opposed to integers used as indices/shapes. */
    public static boolean isFloating(int elemType) {
        return elemType == FLOAT || elemType == FLOAT16 || elemType == BFLOAT16 || elemType == DOUBLE
                || (elemType >= DataType.FLOAT8E4M3FN_VALUE && elemType <= DataType.FLOAT8E5M2FNUZ_VALUE);
    }
}
