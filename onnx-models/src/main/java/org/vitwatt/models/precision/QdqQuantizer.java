package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.shapes.ValueType;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * FP32 → INT8 static quantization in QDQ form, as ONNX Runtime's {@code quantize_static} writes it with
 * {@code QuantFormat.QDQ}: for every MatMul, Gemm and Conv of the chosen region ({@link QdqPlacement}), each
 * activation input gets a {@code QuantizeLinear → DequantizeLinear} pair (shared by all quantized consumers of that
 * tensor) with a per-tensor scale from its calibrated range; each float weight is stored as INT8 and feeds a
 * {@code DequantizeLinear}, per channel; Conv and Gemm biases become INT32 ({@link WeightQuantizer}). Activations
 * are symmetric signed INT8 with zero point 0, which is what TensorRT requires of an explicit-precision model and
 * what ONNX Runtime's CPU provider fuses into integer kernels (QLinearConv, MatMulIntegerToFloat); weights use signed
 * [-127, 127], ONNX Runtime's reduced [-64, 64] or unsigned [0, 254] around 127 ({@link WeightFormat}). Outputs of
 * the quantized ops are left float (ORT's {@code OpTypesToExcludeOutputQuantization}), so Q/DQ sit on the inputs of
 * MatMul/Conv as TensorRT wants for ViTs.
 */
public final class QdqQuantizer {
    /**
     * Options.
     *
     * @param opTypes                  op types to quantize
     * @param perChannel               per-channel weight scales (else per-tensor)
     * @param quantizeActivationMatMul also quantize MatMuls whose both inputs are activations (attention)
     * @param weightFormat             how the weights are stored
     */
    public record Options(Set<String> opTypes, boolean perChannel, boolean quantizeActivationMatMul,
            WeightFormat weightFormat) {
        /** The op types quantized by default: the MAC-carrying ones. */
        public static final Set<String> DEFAULT_OP_TYPES = Set.of("MatMul", "Gemm", "Conv");

        public Options {
            opTypes = Set.copyOf(opTypes);
            Objects.requireNonNull(weightFormat, "weightFormat");
        }

        /** MatMul, Gemm and Conv, per-channel weights, attention MatMuls included, full-range weights. */
        public static Options defaults() {
            return new Options(DEFAULT_OP_TYPES, true, true, WeightFormat.FULL);
        }

        /** These options with weights in {@code format}. */
        public Options withWeightFormat(WeightFormat format) {
            return new Options(opTypes, perChannel, quantizeActivationMatMul, format);
        }
    }

    /** A calibrated activation range. */
    public record Range(float min, float max) {
    }

    /**
     * A quantized model and the types of its values (the source's plus the Q/DQ outputs and new initializers).
     *
     * @param model the QDQ model
     * @param types the type and shape of every value of it
     */
    public record Quantized(ModelProto model, ValueTypes types) {
    }

    private QdqQuantizer() {
    }

    /** The activation tensors whose ranges {@link #quantize} needs for the nodes in {@code region}. */
    public static Set<String> activationsToCalibrate(ModelProto model, BitSet region, ValueTypes types, Options o) {
        GraphIndex g = new GraphIndex(model.getGraph());
        Set<String> out = new LinkedHashSet<>();
        for (QdqPlacement.Site s : QdqPlacement.of(g, region, types, o)) {
            for (int k : s.activations()) {
                out.add(g.node(s.node()).getInput(k));
            }
        }
        return out;
    }

    /**
     * Quantizes the quantizable nodes of {@code region}; {@code types} are the types of {@code model}'s values. A
     * node whose activation range is missing from {@code ranges} stays float. {@link #quantizedNodes} on the result
     * counts what was quantized.
     */
    public static Quantized quantize(ModelProto model, BitSet region, ValueTypes types, Map<String, Range> ranges,
            Options o) {
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
        Map<String, Integer> floatUses = new HashMap<>();     // uses of each value by nodes that stay float
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!chosenNodes.contains(i)) {
                for (String in : g.getNode(i).getInputList()) {
                    floatUses.merge(in, 1, Integer::sum);
                }
            }
        }

        List<TensorProto> newInits = new ArrayList<>();
        List<NodeProto> headNodes = new ArrayList<>();
        Map<Integer, List<NodeProto>> after = new HashMap<>();  // producer index -> its Q/DQ nodes
        Map<String, ValueType> added = new HashMap<>();
        Map<String, String> actDq = new HashMap<>();            // activation -> its DQ output
        Map<String, QuantParams> actParams = new HashMap<>();
        Map<String, String> weightDq = new HashMap<>();
        Map<String, float[]> weightScales = new HashMap<>();
        Set<String> replaced = new HashSet<>();
        Map<Integer, NodeProto> rewritten = new HashMap<>();

        for (QdqPlacement.Site s : chosen) {
            int i = s.node();
            NodeProto n = g.getNode(i);
            NodeProto.Builder b = n.toBuilder();
            for (int k : s.activations()) {
                String in = n.getInput(k);
                String dq = actDq.get(in);
                if (dq == null) {
                    Range r = ranges.get(in);
                    QuantParams p = QuantParams.of(r.min(), r.max(), true);
                    actParams.put(in, p);
                    String scale = in + "_scale";
                    String zp = in + "_zero_point";
                    newInits.add(TensorData.floatTensor(scale, new long[0], new float[] {p.scale()}));
                    newInits.add(TensorData.raw(zp, DataTypes.INT8, new long[0], new byte[] {(byte) p.zeroPoint()}));
                    String q = in + "_QuantizeLinear_Output";
                    dq = in + "_DequantizeLinear_Output";
                    NodeProto qn = NodeProto.newBuilder().setOpType("QuantizeLinear").setName(in + "_QuantizeLinear")
                            .addInput(in).addInput(scale).addInput(zp).addOutput(q).build();
                    NodeProto dqn = NodeProto.newBuilder().setOpType("DequantizeLinear")
                            .setName(in + "_DequantizeLinear").addInput(q).addInput(scale).addInput(zp).addOutput(dq)
                            .build();
                    int prod = index.producerIndex(in);
                    List<NodeProto> where = prod < 0 ? headNodes : after.computeIfAbsent(prod, x -> new ArrayList<>());
                    where.add(qn);
                    where.add(dqn);
                    long[] shape = types.type(in).map(ValueType::shape).orElse(new long[0]);
                    added.put(q, new ValueType(DataTypes.INT8, shape));
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
                    dq = w + "_DequantizeLinear_Output";
                    float[] scales = WeightQuantizer.quantizeWeight(t, axis, o.perChannel(), o.weightFormat(),
                            newInits);
                    weightScales.put(w, scales);
                    NodeProto.Builder dqn = NodeProto.newBuilder().setOpType("DequantizeLinear")
                            .setName(w + "_DequantizeLinear").addInput(w + "_quantized").addInput(w + "_scale")
                            .addInput(w + "_zero_point").addOutput(dq);
                    if (scales.length > 1) {
                        dqn.addAttribute(Attrs.i("axis", axis));
                    }
                    headNodes.add(dqn.build());
                    added.put(dq, new ValueType(DataTypes.FLOAT, TensorData.dims(t)));
                    weightDq.put(w, dq);
                    replaced.add(w);
                }
                b.setInput(1, dq);
            }
            if (s.bias() != null && s.weight() != null && actParams.containsKey(n.getInput(0))
                    && WeightQuantizer.biasMatches(s.bias(), weightScales.get(s.weight().getName()).length)) {
                String bias = s.bias().getName();
                String name = bias + "_quantized_" + i;
                String dq = bias + "_DequantizeLinear_Output_" + i;
                float[] ws = weightScales.get(s.weight().getName());
                WeightQuantizer.quantizeBias(s.bias(), name, actParams.get(n.getInput(0)).scale(), ws, newInits);
                NodeProto.Builder dqn = NodeProto.newBuilder().setOpType("DequantizeLinear")
                        .setName(bias + "_DequantizeLinear_" + i).addInput(name).addInput(name + "_scale")
                        .addInput(name + "_zero_point").addOutput(dq);
                if (ws.length > 1) {
                    dqn.addAttribute(Attrs.i("axis", 0));
                }
                headNodes.add(dqn.build());
                added.put(dq, new ValueType(DataTypes.FLOAT, TensorData.dims(s.bias())));
                b.setInput(2, dq);
                replaced.add(bias);
            }
            rewritten.put(i, b.build());
        }

        // keep float initializers still used as float; drop quantized-only weights and biases
        List<TensorProto> inits = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (!replaced.contains(t.getName()) || floatUses.containsKey(t.getName())) {
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
        return new Quantized(model.toBuilder().setGraph(ng).build(), types.with(added));
    }

    /** Number of nodes of each op type that consume a DequantizeLinear output (i.e. run quantized inputs). */
    public static Map<String, Integer> quantizedNodes(ModelProto model) {
        Set<String> dqOut = new HashSet<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("DequantizeLinear")) {
                dqOut.addAll(n.getOutputList());
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (!n.getOpType().equals("QuantizeLinear") && n.getInputList().stream().anyMatch(dqOut::contains)) {
                counts.merge(n.getOpType(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
