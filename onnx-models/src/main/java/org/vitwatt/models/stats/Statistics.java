package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vitwatt.models.groups.NodeGroups;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.ValueTypes;

/** Computes {@link ModelStats} for any ONNX model; see that record for the rules. */
public final class Statistics {
    private Statistics() {
    }

    /** Statistics of {@code model} whose values have {@code types}; {@code modelDir} locates external data. */
    public static ModelStats of(ModelProto model, Path modelDir, ValueTypes types) {
        return ModelAnalysis.of(model, modelDir, types).stats();
    }

    /** Parameters alone: needs no shapes. */
    public static long params(ModelProto model) {
        return ParameterCount.of(new GraphIndex(model.getGraph()), null).params();
    }

    /** Buffers alone: needs no shapes. */
    public static long buffers(ModelProto model) {
        return ParameterCount.of(new GraphIndex(model.getGraph()), null).buffers();
    }

    static ModelStats assemble(ModelProto model, GraphIndex index, Path modelDir, ValueTypes types, NodeMacs macs,
            NodeGroups groups) {
        GraphProto g = model.getGraph();
        ParameterCount.Result counted = ParameterCount.of(index, modelDir);
        SortedMap<String, Integer> opCounts = new TreeMap<>();
        for (NodeProto n : g.getNodeList()) {
            String key = GraphIndex.isDefaultDomain(n) ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
            opCounts.merge(key, 1, Integer::sum);
        }
        Map<String, Long> opsets = new LinkedHashMap<>();
        model.getOpsetImportList().forEach(o -> opsets.put(o.getDomain(), o.getVersion()));
        Set<String> initNames = new HashSet<>();
        g.getInitializerList().forEach(t -> initNames.add(t.getName()));
        List<TensorSpec> inputs = new ArrayList<>();
        for (ValueInfoProto vi : g.getInputList()) {
            if (!initNames.contains(vi.getName())) {
                inputs.add(TensorSpec.of(vi));
            }
        }
        List<TensorSpec> outputs = g.getOutputList().stream().map(TensorSpec::of).toList();
        Map<String, String> metadata = new LinkedHashMap<>();
        model.getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        List<String> assumptions = new ArrayList<>(types.assumptions());
        if (types.batch() > 1) {
            assumptions.add("the input's batch is fixed at " + types.batch() + ": MACs are divided by it");
        }
        if (hasSubgraphs(g)) {
            assumptions.add("nodes inside subgraphs (If, Loop, Scan bodies) are not counted");
        }
        return new ModelStats(counted.params(), counted.buffers(), macs.total(), macs.byOp(), model.getIrVersion(),
                Collections.unmodifiableMap(opsets), producer, List.copyOf(inputs), outputs,
                Collections.unmodifiableSortedMap(opCounts), g.getNodeCount(), groupStats(groups, macs),
                macs.uncounted(), types.source(), List.copyOf(assumptions), Collections.unmodifiableMap(metadata));
    }

    private static boolean hasSubgraphs(GraphProto g) {
        return g.getNodeList().stream().anyMatch(n -> n.getAttributeList().stream()
                .anyMatch(a -> a.hasG() || a.getGraphsCount() > 0));
    }

    private static List<GroupStats> groupStats(NodeGroups groups, NodeMacs macs) {
        List<GroupStats> out = new ArrayList<>();
        long total = Math.max(1, macs.total());
        add(out, "patch_embed", "", groups.patchEmbed(), macs, total);
        if (groups.blockCount() > 0) {
            add(out, "encoder", "", groups.encoder(), macs, total);
        }
        if (groups.stageCount() > 1) {
            for (int k = 0; k < groups.stageCount(); k++) {
                int[] b = groups.stageBlocks(k);
                add(out, "stages[" + k + "]", "blocks[" + b[0] + "-" + b[1] + "]", groups.stages(k, k), macs, total);
            }
        }
        for (int i = 0; i < groups.blockCount(); i++) {
            String label = groups.blockName(i);
            add(out, "blocks[" + i + "]", label.equals("blocks[" + i + "]") ? "" : label, groups.blocks(i, i), macs,
                    total);
        }
        add(out, "head", "", groups.head(), macs, total);
        add(out, "others", "", groups.others(), macs, total);
        return List.copyOf(out);
    }

    private static void add(List<GroupStats> out, String name, String label, BitSet nodes, NodeMacs macs,
            long total) {
        if (nodes.isEmpty()) {
            return;
        }
        long m = 0;
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            m += macs.macs(i);
        }
        out.add(new GroupStats(name, label, nodes.cardinality(), m, 100.0 * m / total));
    }
}
