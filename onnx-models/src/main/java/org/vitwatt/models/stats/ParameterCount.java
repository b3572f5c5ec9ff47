package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;

/**
 * Parameters and buffers of a graph, counted as the source model counts {@code model.parameters()}.
 *
 * <p>The tensors counted are the initializers and every {@code Identity} copy of one: {@code torch.onnx} deduplicates
 * initializers of equal value (a fresh model's zero biases and unit LayerNorm weights) into one tensor and gives
 * each other use an {@code Identity}, so each copy is one parameter tensor of the source (a weight tied between two
 * modules, which the source holds once, counts twice). {@code Constant} nodes are the program's own constants
 * (shapes, axes, scalars, an op's fixed scale) and count as neither.
 *
 * <p>A tensor is a <b>parameter</b> when it is floating point, not a scalar (rank 0: the 1/√d and epsilons an
 * exporter writes) and not a buffer by the rules below, so a learnable scalar stored as [1] (StarReLU's scale) or
 * [heads, 1, 1] (Swin V2's logit scale) counts; an integer tensor read only as the data of
 * {@code DequantizeLinear} or as the weight or bias of an integer op ({@code QLinearConv}, {@code QLinearMatMul}, {@code MatMulInteger}, ...) is a quantized weight, a
 * parameter too. A tensor is a <b>buffer</b> (reported apart) when it is an integer tensor (index tables, shape
 * constants), a scalar, read only as BatchNorm running statistics or as Q/DQ scales
 * and zero points, read only as the data input of a MatMul / Gemm / Conv whose weight is also stored (a constant fed
 * through a layer, as Swin V2's {@code relative_coords_table}), or an attention mask ({@link AttentionConstants}).
 * A float tensor added to attention scores that is a constant-folded relative-position table counts as that table.
 */
final class ParameterCount {
    private static final Set<String> LAYERS = Set.of("MatMul", "Gemm", "Conv");

    /**
     * @param params  parameter elements
     * @param buffers buffer elements
     */
    record Result(long params, long buffers) {
    }

    private ParameterCount() {
    }

    static Result of(GraphIndex g, Path modelDir) {
        AttentionConstants attention = new AttentionConstants(g);
        long params = 0;
        long buffers = 0;
        for (Copy c : copies(g)) {
            List<GraphIndex.Use> uses = new ArrayList<>();
            for (GraphIndex.Use u : g.consumers(c.value())) {
                if (!g.node(u.node()).getOpType().equals("Identity")) {
                    uses.add(u);
                }
            }
            if (uses.isEmpty()) {
                continue;
            }
            long numel = TensorData.numel(c.tensor());
            switch (kind(g, c, uses, attention)) {
                case PARAMETER -> params += numel;
                case BUFFER -> buffers += numel;
                case ATTENTION_CONSTANT -> {
                    float[] v = TensorData.floats(c.tensor(), modelDir);
                    if (AttentionConstants.isMask(v)) {
                        buffers += numel;
                    } else {
                        params += AttentionConstants.tableParameters(c.tensor(), v);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return new Result(params, buffers);
    }

    private enum Kind { PARAMETER, BUFFER, ATTENTION_CONSTANT }

    /** One counted tensor: an initializer, or an {@code Identity} copy of one, under the name its users read. */
    private record Copy(String value, TensorProto tensor) {
    }

    private static List<Copy> copies(GraphIndex g) {
        List<Copy> copies = new ArrayList<>();
        g.graph().getInitializerList().forEach(t -> copies.add(new Copy(t.getName(), t)));
        for (int i = 0; i < g.nodeCount(); i++) {
            NodeProto n = g.node(i);
            if (n.getOpType().equals("Identity") && n.getOutputCount() == 1 && GraphIndex.isDefaultDomain(n)) {
                Optional<TensorProto> t = g.initializerBehind(n.getOutput(0));
                t.ifPresent(tensor -> copies.add(new Copy(n.getOutput(0), tensor)));
            }
        }
        return copies;
    }

    private static Kind kind(GraphIndex g, Copy c, List<GraphIndex.Use> uses, AttentionConstants attention) {
        TensorProto t = c.tensor();
        if (!DataTypes.isFloating(t.getDataType())) {
            return uses.stream().allMatch(u -> isQuantizedWeight(g, u)) && t.getDimsCount() > 0
                    ? Kind.PARAMETER : Kind.BUFFER;
        }
        if (t.getDimsCount() == 0 || TensorData.numel(t) == 0) {
            return Kind.BUFFER;
        }
        if (uses.stream().allMatch(u -> is(g, u, "BatchNormalization", 3) || is(g, u, "BatchNormalization", 4))) {
            return Kind.BUFFER;
        }
        if (uses.stream().allMatch(u -> isQuantizationParameter(g, u))) {
            return Kind.BUFFER;
        }
        if (uses.stream().allMatch(u -> u.input() == 0 && LAYERS.contains(g.node(u.node()).getOpType())
                && g.node(u.node()).getInputCount() > 1 && g.isStored(g.node(u.node()).getInput(1)))) {
            return Kind.BUFFER;
        }
        if (uses.stream().allMatch(attention::addedToScores)) {
            return Kind.ATTENTION_CONSTANT;
        }
        return Kind.PARAMETER;
    }

    private static boolean is(GraphIndex g, GraphIndex.Use u, String op, int input) {
        return u.input() == input && g.node(u.node()).getOpType().equals(op);
    }

    /** An integer weight or bias slot: DequantizeLinear's data, or the weight and bias of the integer ops. */
    private static boolean isQuantizedWeight(GraphIndex g, GraphIndex.Use u) {
        return switch (g.node(u.node()).getOpType()) {
            case "DequantizeLinear" -> u.input() == 0;
            case "QLinearConv" -> u.input() == 3 || u.input() == 8;
            case "QLinearMatMul" -> u.input() == 0 || u.input() == 3;
            case "MatMulInteger", "MatMulIntegerToFloat" -> u.input() == 0 || u.input() == 1;
            case "ConvInteger" -> u.input() == 1;
            default -> false;
        };
    }

    private static boolean isQuantizationParameter(GraphIndex g, GraphIndex.Use u) {
        String op = g.node(u.node()).getOpType();
        return (op.equals("QuantizeLinear") || op.equals("DequantizeLinear")) && u.input() >= 1;
    }
}
