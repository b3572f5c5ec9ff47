package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.models.onnx.GraphIndex;
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
 * MatMul/Conv as TensorRT wants for ViTs. The graph edit itself is {@link QdqRewriter}'s.
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
        QdqRewriter edit = new QdqRewriter(g, types, o);
        for (QdqPlacement.Site s : QdqPlacement.of(new GraphIndex(g), region, types, o)) {
            NodeProto n = g.getNode(s.node());
            if (!s.activations().stream().allMatch(k -> ranges.containsKey(n.getInput(k)))) {
                continue;
            }
            NodeProto.Builder b = n.toBuilder();
            for (int k : s.activations()) {
                b.setInput(k, edit.activation(n.getInput(k), ranges.get(n.getInput(k))));
            }
            if (s.weight() != null) {
                b.setInput(1, edit.weight(n, s.weight()));
                if (s.bias() != null) {
                    edit.bias(s.node(), s.bias(), n.getInput(0), s.weight()).ifPresent(dq -> b.setInput(2, dq));
                }
            }
            edit.replace(s.node(), b.build());
        }
        return new Quantized(model.toBuilder().setGraph(edit.graph()).build(), edit.types());
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
