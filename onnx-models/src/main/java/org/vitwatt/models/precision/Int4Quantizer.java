package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.shapes.ValueType;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * Weight-only INT4: every MatMul of a region whose weight is a constant 2-D float tensor {@code [K, N]} and whose
 * activation is FP32 becomes ONNX Runtime's {@code com.microsoft} {@code MatMulNBits} with {@code bits = 4}, the
 * weight packed as {@link Int4Weights} and no zero-point input (the default, 8); activations stay float
 * ({@code accuracy_level = 0}: ONNX Runtime does not quantize them). MatMulNBits exists for MatMul only, so Conv
 * and Gemm, attention MatMuls between activations and every other op stay FP32.
 */
public final class Int4Quantizer {
    /** The contrib domain MatMulNBits lives in. */
    public static final String MS_DOMAIN = "com.microsoft";

    private Int4Quantizer() {
    }

    /** The MatMuls of {@code region} that {@link #quantize} rewrites. */
    public static List<Integer> sites(ModelProto model, BitSet region, ValueTypes types) {
        GraphIndex g = new GraphIndex(model.getGraph());
        List<Integer> out = new ArrayList<>();
        for (int i = region.nextSetBit(0); i >= 0 && i < g.nodeCount(); i = region.nextSetBit(i + 1)) {
            NodeProto n = g.node(i);
            if (n.getOpType().equals("MatMul") && GraphIndex.isDefaultDomain(n) && n.getInputCount() == 2
                    && types.elemType(n.getInput(0)) == DataTypes.FLOAT && g.initializerBehind(n.getInput(1))
                            .filter(t -> t.getDataType() == DataTypes.FLOAT && t.getDimsCount() == 2).isPresent()) {
                out.add(i);
            }
        }
        return out;
    }

    /** Rewrites the {@link #sites} of {@code region}; the graph's other nodes and initializers are kept. */
    public static QdqQuantizer.Quantized quantize(ModelProto model, BitSet region, ValueTypes types, int blockSize) {
        GraphProto g = model.getGraph();
        GraphIndex index = new GraphIndex(g);
        List<Integer> sites = sites(model, region, types);
        Set<Integer> chosen = new HashSet<>(sites);
        Set<Integer> dropped = new HashSet<>(); // Identity copies (torch.onnx) that only fed packed weights
        for (int i : sites) {
            int p = index.producerIndex(g.getNode(i).getInput(1));
            if (p >= 0 && g.getNode(p).getOpType().equals("Identity") && index.consumers(g.getNode(i).getInput(1))
                    .stream().allMatch(u -> chosen.contains(u.node()))) {
                dropped.add(p);
            }
        }
        Set<String> floatUses = new HashSet<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!chosen.contains(i) && !dropped.contains(i)) {
                floatUses.addAll(g.getNode(i).getInputList());
            }
        }
        Map<Integer, NodeProto> rewritten = new HashMap<>();
        Map<String, String[]> packedOf = new HashMap<>();
        List<TensorProto> newInits = new ArrayList<>();
        Map<String, ValueType> added = new HashMap<>();
        Set<String> replaced = new HashSet<>();
        for (int i : sites) {
            NodeProto n = g.getNode(i);
            TensorProto t = index.initializerBehind(n.getInput(1)).orElseThrow();
            long[] dims = TensorData.dims(t);
            int k = (int) dims[0];
            int cols = (int) dims[1];
            String[] names = packedOf.get(t.getName());
            if (names == null) {
                Int4Weights q = Int4Weights.quantize(TensorData.floats(t, null), k, cols, blockSize);
                names = new String[] {t.getName() + "_int4", t.getName() + "_int4_scales"};
                TensorProto b = TensorData.raw(names[0], DataTypes.UINT8, new long[] {cols, q.blocks(),
                    blockSize / 2}, q.packed());
                TensorProto s = TensorData.floatTensor(names[1], new long[] {cols, q.blocks()}, q.scales());
                newInits.add(b);
                newInits.add(s);
                packedOf.put(t.getName(), names);
                replaced.add(t.getName());
            }
            rewritten.put(i, NodeProto.newBuilder().setOpType("MatMulNBits").setDomain(MS_DOMAIN)
                    .setName(n.getName().isEmpty() ? n.getOutput(0) + "_MatMulNBits" : n.getName())
                    .addInput(n.getInput(0)).addInput(names[0]).addInput(names[1]).addOutput(n.getOutput(0))
                    .addAttribute(Attrs.i("K", k)).addAttribute(Attrs.i("N", cols)).addAttribute(Attrs.i("bits", 4))
                    .addAttribute(Attrs.i("block_size", blockSize)).addAttribute(Attrs.i("accuracy_level", 0))
                    .build());
        }
        List<NodeProto> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!dropped.contains(i)) {
                nodes.add(rewritten.getOrDefault(i, g.getNode(i)));
            }
        }
        List<TensorProto> inits = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (!replaced.contains(t.getName()) || floatUses.contains(t.getName())) {
                inits.add(t);
            }
        }
        inits.addAll(newInits);
        newInits.forEach(t -> added.put(t.getName(), new ValueType(t.getDataType(), TensorData.dims(t))));
        GraphProto ng = g.toBuilder().clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(inits)
                .build();
        ModelProto.Builder mb = model.toBuilder().setGraph(ng);
        if (!sites.isEmpty() && model.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(
                MS_DOMAIN))) {
            mb.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MS_DOMAIN).setVersion(1));
        }
        return new QdqQuantizer.Quantized(mb.build(), types.with(added));
    }
}
