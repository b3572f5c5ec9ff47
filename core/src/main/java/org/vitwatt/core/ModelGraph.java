package org.vitwatt.core;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.List;
import org.vitwatt.models.precision.NodeGroups;
import org.vitwatt.models.stats.Statistics;

/**
 * What a trial needs of a model's graph after the file is parsed once: each node's op type and MACs (bit-weighted
 * operations of a plan) and the node groups precision plans address. Small: it keeps no weights.
 *
 * @param opTypes  the op type of each node, in graph order
 * @param nodeMacs the MACs of each node per image, in graph order
 * @param groups   the groups of the graph's nodes
 */
public record ModelGraph(List<String> opTypes, long[] nodeMacs, NodeGroups groups) {
    public ModelGraph {
        opTypes = List.copyOf(opTypes);
        nodeMacs = nodeMacs.clone();
    }

    /** The summary of a parsed model; {@code modelDir} locates external data. */
    public static ModelGraph of(ModelProto model, Path modelDir) {
        GraphProto g = model.getGraph();
        List<String> ops = g.getNodeList().stream().map(n -> n.getOpType()).toList();
        return new ModelGraph(ops, Statistics.nodeMacs(model, modelDir), new NodeGroups(g));
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
