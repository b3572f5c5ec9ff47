package org.vitwatt.models.groups;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.models.onnx.GraphIndex;

/**
 * One residual connection on the stream, {@code y = skip + branch(skip)}: an {@code Add} of a value and of something
 * computed from it by nodes that carry MACs or pool (a LayerScale or res-scale multiply by a stored tensor on
 * either side is part of it). A <i>token mixer</i> branch mixes positions: it multiplies two activations
 * (attention, window attention, linear attention) or pools (PoolFormer); other branches (MLPs, MBConvs) act on each
 * position or channel.
 *
 * @param add     the index of the {@code Add} node
 * @param entry   the value the branch starts from (the stream before it)
 * @param nodes   the branch's nodes, the {@code Add} included
 * @param mixer   true for a token mixer
 */
record Residual(int add, String entry, BitSet nodes, boolean mixer) {
    private static final Set<String> POOLS = Set.of("AveragePool", "MaxPool", "LpPool");
    private static final Set<String> PRODUCTS = Set.of("MatMul", "Einsum", "FusedMatMul");

    /** The value the residual writes back to the stream. */
    String exit(GraphIndex g) {
        return g.node(add).getOutput(0);
    }

    /**
     * The top-level residual connections of the graph in execution order: those not inside another one's branch.
     */
    static List<Residual> find(DataFlow flow, long[] nodeMacs) {
        GraphIndex g = flow.index();
        List<Residual> all = new ArrayList<>();
        for (int i = 0; i < g.nodeCount(); i++) {
            NodeProto n = g.node(i);
            if (n.getOpType().equals("Add") && n.getInputCount() == 2 && flow.isLive(i)) {
                of(flow, i, nodeMacs).ifPresent(all::add);
            }
        }
        List<Residual> top = new ArrayList<>();
        for (Residual r : all) {
            boolean nested = false;
            for (Residual o : all) {
                if (o != r && o.nodes().get(r.add()) && o.nodes().cardinality() > r.nodes().cardinality()) {
                    nested = true;
                    break;
                }
            }
            if (!nested) {
                top.add(r);
            }
        }
        return top;
    }

    private static Optional<Residual> of(DataFlow flow, int add, long[] nodeMacs) {
        GraphIndex g = flow.index();
        NodeProto n = g.node(add);
        for (int side = 0; side < 2; side++) {
            String skip = n.getInput(side);
            String other = n.getInput(1 - side);
            if (!flow.isLiveValue(skip) || !flow.isLiveValue(other)) {
                return Optional.empty();
            }
            int otherProducer = g.producerIndex(other);
            if (otherProducer < 0) {
                continue;
            }
            int scale = scaleNode(g, skip);
            String entry = scale >= 0 ? nonStoredInput(g, g.node(scale)) : skip;
            if (!flow.descendants(entry).get(otherProducer)) {
                continue;
            }
            BitSet nodes = flow.between(entry, otherProducer);
            if (scale >= 0) {
                nodes.set(scale);
            }
            nodes.set(add);
            if (!computes(g, nodes, nodeMacs)) {
                continue;
            }
            return Optional.of(new Residual(add, entry, nodes, mixes(flow, nodes)));
        }
        return Optional.empty();
    }

    /** The node of a res-scale {@code skip = x · s} (s stored), or -1. */
    private static int scaleNode(GraphIndex g, String skip) {
        int p = g.producerIndex(skip);
        if (p < 0) {
            return -1;
        }
        NodeProto n = g.node(p);
        if ((n.getOpType().equals("Mul") || n.getOpType().equals("Div")) && n.getInputCount() == 2
                && g.isStored(n.getInput(0)) != g.isStored(n.getInput(1))) {
            return p;
        }
        return -1;
    }

    private static String nonStoredInput(GraphIndex g, NodeProto n) {
        return g.isStored(n.getInput(0)) ? n.getInput(1) : n.getInput(0);
    }

    private static boolean computes(GraphIndex g, BitSet nodes, long[] nodeMacs) {
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            if (nodeMacs[i] > 0 || POOLS.contains(g.node(i).getOpType())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mixes(DataFlow flow, BitSet nodes) {
        GraphIndex g = flow.index();
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            NodeProto n = g.node(i);
            if (POOLS.contains(n.getOpType())) {
                return true;
            }
            if (PRODUCTS.contains(n.getOpType()) && n.getInputCount() >= 2 && flow.isLiveValue(n.getInput(0))
                    && flow.isLiveValue(n.getInput(1))) {
                return true;
            }
        }
        return false;
    }
}
