package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/**
 * The stored tensors of a QDQ model, as ONNX Runtime's quantizer writes them: a float weight becomes
 * {@code <name>_quantized} (symmetric, per output channel: MatMul axis 1, Conv axis 0, Gemm by {@code transB}, in
 * the chosen {@link WeightFormat}) with {@code <name>_scale} and {@code <name>_zero_point}; a Conv or Gemm bias
 * becomes INT32 with scale = input scale × weight scale and zero point 0.
 */
final class WeightQuantizer {
    private WeightQuantizer() {
    }

    /** The per-channel axis of {@code n}'s weight, or -1 for one scale (a MatMul weight of rank other than 2). */
    static int weightAxis(NodeProto n, TensorProto w) {
        switch (n.getOpType()) {
            case "Conv":
                return 0;
            case "Gemm":
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("transB") && a.getI() != 0) {
                        return 0;
                    }
                }
                return 1;
            default:
                return w.getDimsCount() == 2 ? 1 : -1; // MatMul [K, N]: one scale per output column
        }
    }

    /** Writes {@code w_quantized}, {@code w_scale}, {@code w_zero_point} into {@code out}; returns the scales. */
    static float[] quantizeWeight(TensorProto t, int axis, boolean perChannel, WeightFormat format,
            List<TensorProto> out) {
        if (t.getDataType() != DataTypes.FLOAT) {
            throw new VitwattException("INT8 quantization: weight " + t.getName() + " is "
                    + DataTypes.name(t.getDataType()) + ", expected float (quantize the FP32 model)");
        }
        float[] v = TensorData.floats(t, null);
        long[] dims = TensorData.dims(t);
        int channels = perChannel && axis >= 0 ? (int) dims[axis] : 1;
        long inner = 1;
        for (int d = axis + 1; perChannel && axis >= 0 && d < dims.length; d++) {
            inner *= dims[d];
        }
        float[] absmax = new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
            absmax[c] = Math.max(absmax[c], Math.abs(v[i]));
        }
        QuantParams[] p = new QuantParams[channels];
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            p[c] = QuantParams.symmetric(absmax[c], format);
            scales[c] = p[c].scale();
        }
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
            q[i] = p[c].quantizeWeight(v[i], format);
        }
        long[] sdims = channels == 1 ? new long[0] : new long[] {channels};
        byte[] zp = new byte[channels];
        Arrays.fill(zp, (byte) format.zeroPoint());
        out.add(TensorData.raw(t.getName() + "_quantized", format.dataType(), dims, q));
        out.add(TensorData.floatTensor(t.getName() + "_scale", sdims, scales));
        out.add(TensorData.raw(t.getName() + "_zero_point", format.dataType(), sdims, zp));
        return scales;
    }

    /** Writes the INT32 bias {@code name} with its scale and zero point into {@code out}. */
    static void quantizeBias(TensorProto b, String name, float inScale, float[] wScales, List<TensorProto> out) {
        float[] v = TensorData.floats(b, null);
        int channels = wScales.length;
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = inScale * wScales[c];
        }
        for (int i = 0; i < v.length; i++) {
            float s = scales[channels == 1 ? 0 : i];
            double q = s == 0 ? 0 : Math.rint(v[i] / s);
            buf.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q)));
        }
        long[] sdims = channels == 1 ? new long[0] : new long[] {channels};
        out.add(TensorData.raw(name, DataTypes.INT32, TensorData.dims(b), buf.array()));
        out.add(TensorData.floatTensor(name + "_scale", sdims, scales));
        out.add(TensorData.raw(name + "_zero_point", DataTypes.INT32, sdims, new byte[4 * channels]));
    }

    /** A bias is quantized only when it is one value per output channel (or a scalar with per-tensor weights). */
    static boolean biasMatches(TensorProto bias, int channels) {
        return bias.getDataType() == DataTypes.FLOAT && bias.getDimsCount() <= 1
                && (channels == 1 ? TensorData.numel(bias) >= 1 : TensorData.numel(bias) == channels);
    }
}
