package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.shapes.ValueType;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * FP32 → FP8 (E4M3FN) static quantization in QDQ form, placed where {@link QdqQuantizer} places INT8 pairs
 * ({@link QdqPlacement}: the MatMul, Gemm and Conv of a region): each activation input gets a
 * {@code QuantizeLinear → DequantizeLinear} pair whose zero point is a {@code FLOAT8E4M3FN} 0 (the zero point's type
 * is what makes {@code QuantizeLinear} write float8) and whose per-tensor scale maps the calibrated max |x| onto 448;
 * each float weight is stored as {@code FLOAT8E4M3FN} with one scale per output channel feeding a
 * {@code DequantizeLinear}; biases stay FP32 (FP8 has no integer accumulator to match). Float8 Q/DQ exist from
 * opset 19 (ONNX Runtime's CPU kernels: {@code QuantizeLinear}/{@code DequantizeLinear} typed {@code Float8E4M3FN}
 * at 19–20 and 21+, per-tensor and per-axis), so the result is raised to {@link #OPSET} with
 * {@link OpsetUpgrade}. ONNX Runtime's CPU provider has no FP8 arithmetic: it runs each pair as a rounding step
 * and the op itself in FP32, which simulates FP8's accuracy and file size, not its speed.
 */
public final class Fp8Quantizer {
    /** The first default-domain opset with float8 QuantizeLinear/DequantizeLinear. */
    public static final int OPSET = 19;
    /** The first IR version with float8 element types (ONNX 1.14). */
    public static final int IR_VERSION = 9;
    private static final int FP8 = TensorProto.DataType.FLOAT8E4M3FN_VALUE;

    private Fp8Quantizer() {
    }

    /**
     * Quantizes the quantizable nodes of {@code region} (as {@link QdqQuantizer#quantize} does for INT8, with the
     * same options for op types and attention MatMuls) and raises the model to opset {@value #OPSET}. A node whose
     * activation range is missing from {@code ranges} stays float.
     */
    public static QdqQuantizer.Quantized quantize(ModelProto model, BitSet region,
            ValueTypes types, Map<String, QdqQuantizer.Range> ranges,
            QdqQuantizer.Options o) {
        GraphProto g = model.getGraph();
        GraphIndex index = new GraphIndex(g);
        List<QdqPlacement.Site> chosen = new ArrayList<>();
        for (QdqPlacement.Site s : QdqPlacement.of(index, region, types, o)) {
            NodeProto n = g.getNode(s.node());
            if (s.activations().stream().allMatch(k -> ranges.containsKey(n.getInput(k)))) {
                chosen.add(s);
            }
        }
        Set<Integer> chosenNodes = new HashSet<>();
        chosen.forEach(s -> chosenNodes.add(s.node()));
        Set<String> floatUses = new HashSet<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!chosenNodes.contains(i)) {
                floatUses.addAll(g.getNode(i).getInputList());
            }
        }
        List<TensorProto> newInits = new ArrayList<>();
        List<NodeProto> headNodes = new ArrayList<>();
        Map<Integer, List<NodeProto>> after = new HashMap<>();
        Map<String, ValueType> added = new HashMap<>();
        Map<String, String> actDq = new HashMap<>();
        Map<String, String> weightDq = new HashMap<>();
        Set<String> replaced = new HashSet<>();
        Map<Integer, NodeProto> rewritten = new HashMap<>();
        for (QdqPlacement.Site s : chosen) {
            NodeProto n = g.getNode(s.node());
            NodeProto.Builder b = n.toBuilder();
            for (int k : s.activations()) {
                String in = n.getInput(k);
                String dq = actDq.get(in);
                if (dq == null) {
                    QdqQuantizer.Range r = ranges.get(in);
                    float scale = Float8E4M3FN.scale(Math.max(Math.abs(r.min()), Math.abs(r.max())));
                    String scaleName = in + "_fp8_scale";
                    String zp = in + "_fp8_zero_point";
                    newInits.add(TensorData.floatTensor(scaleName, new long[0], new float[] {scale}));
                    newInits.add(TensorData.raw(zp, FP8, new long[0], new byte[] {0}));
                    String q = in + "_QuantizeLinear_Fp8";
                    dq = in + "_DequantizeLinear_Fp8";
                    NodeProto qn = NodeProto.newBuilder().setOpType("QuantizeLinear").setName(q).addInput(in)
                            .addInput(scaleName).addInput(zp).addOutput(q).build();
                    NodeProto dqn = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dq).addInput(q)
                            .addInput(scaleName).addInput(zp).addOutput(dq).build();
                    int prod = index.producerIndex(in);
                    List<NodeProto> where = prod < 0 ? headNodes : after.computeIfAbsent(prod, x -> new ArrayList<>());
                    where.add(qn);
                    where.add(dqn);
                    long[] shape = types.type(in).map(ValueType::shape).orElse(new long[0]);
                    added.put(q, new ValueType(FP8, shape));
                    added.put(dq, new ValueType(DataTypes.FLOAT, shape));
                    actDq.put(in, dq);
                }
                b.setInput(k, dq);
            }
            if (s.weight() != null) {
                TensorProto t = s.weight();
                String w = t.getName();
                String dq = weightDq.get(w);
                if (dq == null) {
                    int axis = WeightQuantizer.weightAxis(n, t);
                    dq = w + "_DequantizeLinear_Fp8";
                    int channels = quantizeWeight(t, axis, newInits);
                    NodeProto.Builder dqn = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dq)
                            .addInput(w + "_fp8").addInput(w + "_fp8_scale").addInput(w + "_fp8_zero_point")
                            .addOutput(dq);
                    if (channels > 1) {
                        dqn.addAttribute(Attrs.i("axis", axis));
                    }
                    headNodes.add(dqn.build());
                    added.put(dq, new ValueType(DataTypes.FLOAT, TensorData.dims(t)));
                    weightDq.put(w, dq);
                    replaced.add(w);
                }
                b.setInput(1, dq);
            }
            rewritten.put(s.node(), b.build());
        }
        List<TensorProto> inits = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (!replaced.contains(t.getName()) || floatUses.contains(t.getName())) {
                inits.add(t);
            }
        }
        inits.addAll(newInits);
        newInits.forEach(t -> added.put(t.getName(), new ValueType(t.getDataType(), TensorData.dims(t))));
        List<NodeProto> nodes = new ArrayList<>(headNodes);
        for (int i = 0; i < g.getNodeCount(); i++) {
            nodes.add(rewritten.getOrDefault(i, g.getNode(i)));
            nodes.addAll(after.getOrDefault(i, List.of()));
        }
        GraphProto ng = g.toBuilder().clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(inits)
                .build();
        OpsetUpgrade.Raised raised = OpsetUpgrade.raise(model.toBuilder().setGraph(ng).build(), OPSET, IR_VERSION);
        return new QdqQuantizer.Quantized(raised.model(), types.with(added).with(raised.added()));
    }

    /**
     * Writes {@code <w>_fp8} (FLOAT8E4M3FN), {@code <w>_fp8_scale} and {@code <w>_fp8_zero_point}, one scale per
     * slice along {@code axis} (one for the whole tensor when {@code axis} is -1); returns the number of scales.
     */
    static int quantizeWeight(TensorProto t, int axis, List<TensorProto> out) {
        if (t.getDataType() != DataTypes.FLOAT) {
            throw new VitwattException("FP8 quantization: weight " + t.getName() + " is "
                    + DataTypes.name(t.getDataType()) + ", expected float (quantize the FP32 model)");
        }
        float[] v = TensorData.floats(t, null);
        long[] dims = TensorData.dims(t);
        int channels = axis >= 0 ? (int) dims[axis] : 1;
        long inner = 1;
        for (int d = axis + 1; axis >= 0 && d < dims.length; d++) {
            inner *= dims[d];
        }
        float[] absmax = new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
            absmax[c] = Math.max(absmax[c], Math.abs(v[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = Float8E4M3FN.scale(absmax[c]);
        }
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
            q[i] = Float8E4M3FN.encode(v[i] / scales[c]);
        }
        long[] sdims = channels == 1 ? new long[0] : new long[] {channels};
        out.add(TensorData.raw(t.getName() + "_fp8", FP8, dims, q));
        out.add(TensorData.floatTensor(t.getName() + "_fp8_scale", sdims, scales));
        out.add(TensorData.raw(t.getName() + "_fp8_zero_point", FP8, sdims, new byte[channels]));
        return channels;
    }
}
