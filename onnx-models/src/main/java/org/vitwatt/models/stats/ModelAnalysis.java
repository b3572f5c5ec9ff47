package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.Map;
import org.vitwatt.models.groups.NodeGroups;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.InputDims;
import org.vitwatt.models.shapes.ShapeOracle;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * What vitwatt reads from a model's graph once: its statistics, the MACs of each node, its node groups and the type
 * and shape of each value (from ONNX Runtime). Keeps no weights.
 *
 * @param stats    params, buffers, MACs, op counts, groups
 * @param nodeMacs MACs per image of each node, in graph order
 * @param groups   the node groups precision plans address
 * @param types    the type and shape of every value at the input the graph ran at
 */
public record ModelAnalysis(ModelStats stats, long[] nodeMacs, NodeGroups groups, ValueTypes types) {
    public ModelAnalysis {
        nodeMacs = nodeMacs.clone();
    }

    @Override
    public long[] nodeMacs() {
        return nodeMacs.clone();
    }

    /**
     * Runs {@code model} once in ONNX Runtime ({@code oracle}) at its input shape, symbolic dims taken from
     * {@code dims} by name ({@link InputDims}), and analyses it; {@code origin} names the model in messages.
     */
    public static ModelAnalysis run(ShapeOracle oracle, ModelProto model, Path modelDir, Map<String, Long> dims,
            String origin) {
        ValueTypes types = oracle.infer(model, modelDir, InputDims.of(model.getGraph(), dims), origin);
        return of(model, modelDir, types);
    }

    /** The analysis of {@code model} whose values have {@code types}. */
    public static ModelAnalysis of(ModelProto model, Path modelDir, ValueTypes types) {
        GraphIndex index = new GraphIndex(model.getGraph());
        NodeMacs macs = NodeMacs.of(index, types);
        NodeGroups groups = NodeGroups.of(index, types, macs.perNode());
        ModelStats stats = Statistics.assemble(model, index, modelDir, types, macs, groups);
        return new ModelAnalysis(stats, macs.perNode(), groups, types);
    }
}
