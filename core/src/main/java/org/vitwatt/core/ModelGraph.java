package org.vitwatt.core;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.vitwatt.models.groups.NodeGroups;
import org.vitwatt.models.shapes.ValueTypes;
import org.vitwatt.models.stats.ModelAnalysis;

/**
 * What a trial needs of a model's graph after the file is parsed once: each node's op type and MACs (bit-weighted
 * operations of a plan), the node groups precision plans address and the type of every value (which tensors the
 * FP16 and INT8 transforms change). Small: it keeps no weights.
 *
 * @param opTypes  the op type of each node, in graph order
 * @param nodeMacs the MACs of each node per image, in graph order
 * @param groups   the groups of the graph's nodes
 * @param types    the type and shape of every value, from ONNX Runtime
 */
public record ModelGraph(List<String> opTypes, long[] nodeMacs, NodeGroups groups, ValueTypes types) {
    public ModelGraph {
        opTypes = List.copyOf(opTypes);
        nodeMacs = nodeMacs.clone();
    }

    /** The summary of a parsed model and its analysis. */
    public static ModelGraph of(ModelProto model, ModelAnalysis analysis) {
        List<String> ops = model.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList();
        return new ModelGraph(ops, analysis.nodeMacs(), analysis.groups(), analysis.types());
    }

    @Override
    public long[] nodeMacs() {
        return nodeMacs.clone();
    }

    /** MACs of node {@code i}. */
    public long macs(int i) {
        return nodeMacs[i];
    }
}
