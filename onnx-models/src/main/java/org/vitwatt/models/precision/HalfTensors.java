package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.Half;
import org.vitwatt.models.onnx.TensorData;

/**
 * FLOAT tensors and attributes made FLOAT16 as onnxconverter-common makes them: values clamped into
 * [{@code minPositive}, {@code maxFinite}] in magnitude (0, ±inf and NaN kept), then rounded to nearest even
 * ({@link Half}); a converted node's tensor attributes, {@code Cast(to=FLOAT)}, a {@code Constant}'s
 * {@code value_float(s)} and a {@code ConstantOfShape}'s default float zero follow.
 */
final class HalfTensors {
    private HalfTensors() {
    }

    /**
     * Float tensors in a converted node's attributes become FLOAT16, {@code Cast(to=FLOAT)} casts to FLOAT16, a
     * {@code Constant}'s {@code value_float(s)} becomes a FLOAT16 {@code value}, and a {@code ConstantOfShape}
     * without a value (float zeros by default) gets a FLOAT16 zero.
     */
    static void halveAttributes(NodeProto.Builder b, Fp16Converter.Options o) {
        boolean hasValue = false;
        for (int k = 0; k < b.getAttributeCount(); k++) {
            AttributeProto a = b.getAttribute(k);
            if (a.getName().equals("value")) {
                hasValue = true;
            }
            if (a.hasT() && a.getT().getDataType() == DataTypes.FLOAT) {
                b.setAttribute(k, a.toBuilder().setT(toFp16(a.getT(), a.getT().getName(), o)));
            } else if (b.getOpType().equals("Cast") && a.getName().equals("to") && a.getI() == DataTypes.FLOAT) {
                b.setAttribute(k, a.toBuilder().setI(DataTypes.FLOAT16));
            } else if (b.getOpType().equals("Constant") && a.getName().equals("value_float")) {
                b.setAttribute(k, Attrs.t("value", toFp16(TensorData.floatTensor("", new long[0],
                        new float[] {a.getF()}), "", o)));
            } else if (b.getOpType().equals("Constant") && a.getName().equals("value_floats")) {
                float[] v = new float[a.getFloatsCount()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = a.getFloats(j);
                }
                b.setAttribute(k, Attrs.t("value", toFp16(TensorData.floatTensor("", new long[] {v.length}, v), "",
                        o)));
            }
        }
        if (b.getOpType().equals("ConstantOfShape") && !hasValue) {
            b.addAttribute(Attrs.t("value", TensorData.raw("", DataTypes.FLOAT16, new long[] {1}, new byte[2])));
        }
    }

    /** The tensor's values as FLOAT16 (clamped), in raw_data, under {@code name}. */
    static TensorProto toFp16(TensorProto t, String name, Fp16Converter.Options o) {
        float[] v = TensorData.floats(t, null);
        ByteBuffer buf = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            buf.putShort(Half.fromFloat(clamp(f, o.minPositive(), o.maxFinite())));
        }
        return TensorData.raw(name, DataTypes.FLOAT16, TensorData.dims(t), buf.array());
    }

    static float clamp(float f, float minPositive, float maxFinite) {
        if (f == 0 || Float.isNaN(f) || Float.isInfinite(f)) {
            return f;
        }
        float a = Math.abs(f);
        if (a < minPositive) {
            return Math.copySign(minPositive, f);
        }
        if (a > maxFinite) {
            return Math.copySign(maxFinite, f);
        }
        return f;
    }
}
