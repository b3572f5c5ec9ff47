package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;

/**
 * LayerNorms that an exporter wrote out as elementwise ops, as {@code torch.onnx} does below opset 17 (which added
 * {@code LayerNormalization}): {@code d = x − ReduceMean(x)}, {@code y = d / Sqrt(ReduceMean(d²) + eps)}, then
 * optionally {@code y·γ + β} with stored γ and β. Each one found is one LayerNorm over {@code x}, so that an
 * opset-14 export counts the same MACs as its opset-17 twin.
 */
final class LayerNormPatterns {
    /**
     * One decomposed LayerNorm.
     *
     * @param input the normalised value {@code x}
     * @param last  the index of its last node (the Div, or the affine Mul / Add after it)
     */
    record Found(String input, int last) {
    }

    private LayerNormPatterns() {
    }

    /** Every decomposed LayerNorm of the graph, by the index of its last node. */
    static Map<Integer, Found> find(GraphIndex g) {
        Map<Integer, Found> found = new HashMap<>();
        for (int i = 0; i < g.nodeCount(); i++) {
            NodeProto sqrt = g.node(i);
            if (!sqrt.getOpType().equals("Sqrt") || !GraphIndex.isDefaultDomain(sqrt)) {
                continue;
            }
            match(g, i).ifPresent(f -> found.put(f.last(), f));
        }
        return found;
    }

    private static Optional<Found> match(GraphIndex g, int sqrtIndex) {
        NodeProto sqrt = g.node(sqrtIndex);
        Optional<NodeProto> addEps = producer(g, sqrt.getInput(0), "Add");
        if (addEps.isEmpty()) {
            return Optional.empty();
        }
        String variance = storedOperand(g, addEps.get());
        if (variance == null) {
            return Optional.empty();
        }
        Optional<NodeProto> meanOfSquares = producer(g, variance, "ReduceMean");
        if (meanOfSquares.isEmpty()) {
            return Optional.empty();
        }
        Optional<NodeProto> square = g.producer(meanOfSquares.get().getInput(0)).map(g::node);
        if (square.isEmpty() || !isSquare(g, square.get())) {
            return Optional.empty();
        }
        String centred = square.get().getInput(0);
        Optional<NodeProto> sub = producer(g, centred, "Sub");
        if (sub.isEmpty()) {
            return Optional.empty();
        }
        String x = sub.get().getInput(0);
        Optional<NodeProto> mean = producer(g, sub.get().getInput(1), "ReduceMean");
        if (mean.isEmpty() || !mean.get().getInput(0).equals(x)) {
            return Optional.empty();
        }
        int div = -1;
        for (GraphIndex.Use u : g.consumers(sqrt.getOutput(0))) {
            NodeProto n = g.node(u.node());
            if (n.getOpType().equals("Div") && u.input() == 1 && n.getInput(0).equals(centred)) {
                div = u.node();
            }
        }
        if (div < 0) {
            return Optional.empty();
        }
        int last = affineStep(g, affineStep(g, div, "Mul"), "Add");
        return Optional.of(new Found(x, last));
    }

    /** The node after {@code node} when its only consumer is {@code op} with a stored second operand. */
    private static int affineStep(GraphIndex g, int node, String op) {
        List<GraphIndex.Use> uses = g.consumers(g.node(node).getOutput(0));
        if (uses.size() != 1) {
            return node;
        }
        NodeProto n = g.node(uses.get(0).node());
        if (!n.getOpType().equals(op) || n.getInputCount() != 2) {
            return node;
        }
        String other = n.getInput(1 - uses.get(0).input());
        return g.isStored(other) ? uses.get(0).node() : node;
    }

    private static boolean isSquare(GraphIndex g, NodeProto n) {
        if (n.getOpType().equals("Mul")) {
            return n.getInputCount() == 2 && n.getInput(0).equals(n.getInput(1));
        }
        if (!n.getOpType().equals("Pow") || n.getInputCount() != 2) {
            return false;
        }
        Optional<TensorProto> exponent = g.storedTensor(n.getInput(1));
        if (exponent.isEmpty() || TensorData.numel(exponent.get()) != 1 || TensorData.isExternal(exponent.get())) {
            return false;
        }
        return TensorData.floats(exponent.get(), null)[0] == 2f;
    }

    /** The operand of a two-input node that is not stored, when the other one is; else null. */
    private static String storedOperand(GraphIndex g, NodeProto n) {
        if (n.getInputCount() != 2) {
            return null;
        }
        boolean a = g.isStored(n.getInput(0));
        boolean b = g.isStored(n.getInput(1));
        return a == b ? null : a ? n.getInput(1) : n.getInput(0);
    }

    private static Optional<NodeProto> producer(GraphIndex g, String value, String op) {
        return g.producer(value).map(g::node).filter(n -> n.getOpType().equals(op) && GraphIndex.isDefaultDomain(n));
    }
}
