package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.precision.QdqQuantizer.Options;
import org.vitwatt.models.precision.QdqQuantizer.Range;
import org.vitwatt.models.shapes.ValueType;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * The edit that QDQ quantization makes to one graph: each activation gets one {@code QuantizeLinear →
 * DequantizeLinear} pair right after its producer, each weight one INT8 initializer and {@code DequantizeLinear},
 * each bias of a node one INT32 initializer and {@code DequantizeLinear}; nodes are replaced by their rewritten
 * copies; {@link #graph} assembles the result in execution order and drops the float initializers nothing reads
 * any more. Names follow ONNX Runtime's quantizer ({@code <tensor>_QuantizeLinear_Output}, {@code _scale},
 * {@code _zero_point}, {@code _quantized}). One instance per quantization; not thread-safe.
 */
final class QdqRewriter {
    private final GraphProto graph;
    private final GraphIndex index;
    private final ValueTypes types;
    private final Options options;
    private final List<TensorProto> newInits = new ArrayList<>();
    private final List<NodeProto> headNodes = new ArrayList<>();            // DQs of weights, Q/DQs of inputs
    private final Map<Integer, List<NodeProto>> after = new HashMap<>();    // producer index -> its Q/DQ nodes
    private final Map<String, ValueType> added = new HashMap<>();
    private final Map<String, String> activationDq = new HashMap<>();
    private final Map<String, QuantParams> activationParams = new HashMap<>();
    private final Map<String, String> weightDq = new HashMap<>();
    private final Map<String, float[]> weightScales = new HashMap<>();
    private final Set<String> replaced = new HashSet<>();
    private final Map<Integer, NodeProto> rewritten = new HashMap<>();

    QdqRewriter(GraphProto graph, ValueTypes types, Options options) {
        this.graph = graph;
        this.index = new GraphIndex(graph);
        this.types = types;
        this.options = options;
    }

    /** The DQ output that replaces activation {@code in} (calibrated to {@code range}); one pair per activation. */
    String activation(String in, Range range) {
        String existing = activationDq.get(in);
        if (existing != null) {
            return existing;
        }
        QuantParams p = QuantParams.of(range.min(), range.max(), true);
        activationParams.put(in, p);
        String scale = in + "_scale";
        String zp = in + "_zero_point";
        newInits.add(TensorData.floatTensor(scale, new long[0], new float[] {p.scale()}));
        newInits.add(TensorData.raw(zp, DataTypes.INT8, new long[0], new byte[] {(byte) p.zeroPoint()}));
        String q = in + "_QuantizeLinear_Output";
        String dq = in + "_DequantizeLinear_Output";
        NodeProto qn = NodeProto.newBuilder().setOpType("QuantizeLinear").setName(in + "_QuantizeLinear")
                .addInput(in).addInput(scale).addInput(zp).addOutput(q).build();
        NodeProto dqn = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(in + "_DequantizeLinear")
                .addInput(q).addInput(scale).addInput(zp).addOutput(dq).build();
        int producer = index.producerIndex(in);
        List<NodeProto> where = producer < 0 ? headNodes : after.computeIfAbsent(producer, x -> new ArrayList<>());
        where.add(qn);
        where.add(dqn);
        long[] shape = types.type(in).map(ValueType::shape).orElse(new long[0]);
        added.put(q, new ValueType(DataTypes.INT8, shape));
        added.put(dq, new ValueType(DataTypes.FLOAT, shape));
        activationDq.put(in, dq);
        return dq;
    }

    /** The DQ output that replaces weight {@code w} of {@code node}; the weight is stored quantized once. */
    String weight(NodeProto node, TensorProto w) {
        String name = w.getName();
        String existing = weightDq.get(name);
        if (existing != null) {
            return existing;
        }
        int axis = WeightQuantizer.weightAxis(node, w);
        String dq = name + "_DequantizeLinear_Output";
        float[] scales = WeightQuantizer.quantizeWeight(w, axis, options.perChannel(), options.weightFormat(),
                newInits);
        weightScales.put(name, scales);
        NodeProto.Builder dqn = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name
                + "_DequantizeLinear").addInput(name + "_quantized").addInput(name + "_scale")
                .addInput(name + "_zero_point").addOutput(dq);
        if (scales.length > 1) {
            dqn.addAttribute(Attrs.i("axis", axis));
        }
        headNodes.add(dqn.build());
        added.put(dq, new ValueType(DataTypes.FLOAT, TensorData.dims(w)));
        weightDq.put(name, dq);
        replaced.add(name);
        return dq;
    }

    /**
     * The DQ output that replaces {@code bias} of node {@code nodeIndex}, stored as INT32 at the scale of its
     * activation times its weight's (so it is node-specific), or empty when the activation was not quantized or
     * the bias does not match the weight's channels; {@link #weight} must have run for {@code weight}.
     */
    Optional<String> bias(int nodeIndex, TensorProto bias, String activation, TensorProto weight) {
        QuantParams act = activationParams.get(activation);
        float[] ws = weightScales.get(weight.getName());
        if (act == null || ws == null || !WeightQuantizer.biasMatches(bias, ws.length)) {
            return Optional.empty();
        }
        String b = bias.getName();
        String name = b + "_quantized_" + nodeIndex;
        String dq = b + "_DequantizeLinear_Output_" + nodeIndex;
        WeightQuantizer.quantizeBias(bias, name, act.scale(), ws, newInits);
        NodeProto.Builder dqn = NodeProto.newBuilder().setOpType("DequantizeLinear")
                .setName(b + "_DequantizeLinear_" + nodeIndex).addInput(name).addInput(name + "_scale")
                .addInput(name + "_zero_point").addOutput(dq);
        if (ws.length > 1) {
            dqn.addAttribute(Attrs.i("axis", 0));
        }
        headNodes.add(dqn.build());
        added.put(dq, new ValueType(DataTypes.FLOAT, TensorData.dims(bias)));
        replaced.add(b);
        return Optional.of(dq);
    }

    /** Puts {@code node} in place of the graph's node {@code nodeIndex}. */
    void replace(int nodeIndex, NodeProto node) {
        rewritten.put(nodeIndex, node);
    }

    /**
     * The edited graph: the weights' DQs and the graph inputs' Q/DQs first, then every node (rewritten where
     * replaced) each followed by the Q/DQ of its outputs; a float initializer that was quantized stays only when a
     * node that was not replaced still reads it.
     */
    GraphProto graph() {
        Set<String> floatReads = new HashSet<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (!rewritten.containsKey(i)) {
                floatReads.addAll(graph.getNode(i).getInputList());
            }
        }
        List<TensorProto> inits = new ArrayList<>();
        for (TensorProto t : graph.getInitializerList()) {
            if (!replaced.contains(t.getName()) || floatReads.contains(t.getName())) {
                inits.add(t);
            }
        }
        inits.addAll(newInits);
        List<NodeProto> nodes = new ArrayList<>(headNodes);
        for (int i = 0; i < graph.getNodeCount(); i++) {
            nodes.add(rewritten.getOrDefault(i, graph.getNode(i)));
            nodes.addAll(after.getOrDefault(i, List.of()));
        }
        return graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(inits).build();
    }

    /** The types of the edited graph's values: the source's, the Q/DQ outputs' and the new initializers'. */
    ValueTypes types() {
        Map<String, ValueType> all = new HashMap<>(added);
        newInits.forEach(t -> all.put(t.getName(), new ValueType(t.getDataType(), TensorData.dims(t))));
        return types.with(all);
    }
}
