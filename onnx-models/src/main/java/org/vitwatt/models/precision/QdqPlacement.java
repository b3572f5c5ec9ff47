package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * Where Q/DQ pairs go: the MatMul, Gemm and Conv nodes of a region whose activation inputs are 32-bit float
 * tensors (by ONNX Runtime's types), with the input slots that get an activation pair, the weight slot that gets an
 * INT8 initializer and the bias slot that gets an INT32 one. A weight or bias is a float initializer, also when a
 * {@code torch.onnx} export reaches it through an {@code Identity} copy; a MatMul whose two inputs are activations
 * (attention) gets a pair on each when the options ask for it.
 */
final class QdqPlacement {
    /**
     * One quantized node.
     *
     * @param node        its index
     * @param activations the input slots that get a Q/DQ pair
     * @param weight      the weight initializer (input 1), or null
     * @param bias        the Conv / Gemm bias initializer (input 2), or null
     */
    record Site(int node, List<Integer> activations, TensorProto weight, TensorProto bias) {
    }

    private QdqPlacement() {
    }

    /** The sites of {@code region}, in node order. */
    static List<Site> of(GraphIndex g, BitSet region, ValueTypes types, QdqQuantizer.Options o) {
        List<Site> sites = new ArrayList<>();
        for (int i = region.nextSetBit(0); i >= 0 && i < g.nodeCount(); i = region.nextSetBit(i + 1)) {
            site(g, i, types, o).ifPresent(sites::add);
        }
        return sites;
    }

    private static Optional<Site> site(GraphIndex g, int i, ValueTypes types, QdqQuantizer.Options o) {
        NodeProto n = g.node(i);
        if (!o.opTypes().contains(n.getOpType()) || !GraphIndex.isDefaultDomain(n) || n.getInputCount() < 2) {
            return Optional.empty();
        }
        TensorProto weight = floatInitializer(g, n.getInput(1)).orElse(null);
        List<Integer> activations = new ArrayList<>();
        if (!g.isStored(n.getInput(0))) {
            activations.add(0);
        }
        if (weight == null && n.getOpType().equals("MatMul") && !g.isStored(n.getInput(1))) {
            if (!o.quantizeActivationMatMul()) {
                return Optional.empty();
            }
            activations.add(1);
        }
        for (int k : activations) {
            if (!types.isFloat(n.getInput(k))) {
                return Optional.empty();
            }
        }
        if (activations.isEmpty() && weight == null) {
            return Optional.empty();
        }
        TensorProto bias = null;
        if ((n.getOpType().equals("Conv") || n.getOpType().equals("Gemm")) && n.getInputCount() > 2
                && !n.getInput(2).isEmpty()) {
            bias = floatInitializer(g, n.getInput(2)).orElse(null);
        }
        return Optional.of(new Site(i, List.copyOf(activations), weight, bias));
    }

    private static Optional<TensorProto> floatInitializer(GraphIndex g, String value) {
        return g.initializerBehind(value).filter(t -> t.getDataType() == DataTypes.FLOAT);
    }
}
