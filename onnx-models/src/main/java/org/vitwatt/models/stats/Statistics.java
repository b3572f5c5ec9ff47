package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/** Computes {@link ModelStats} (parameters, MACs, op counts) for any ONNX model; see that record for the rules. */
public final class Statistics {
    private Statistics() {
    }

    /** Statistics of {@code model}; {@code modelDir} locates external data (may be null). */
    public static ModelStats of(ModelProto model, Path modelDir) {
        return of(model, modelDir, Map.of());
    }

    /**
     * Statistics with values for symbolic input dims by name (e.g. "height" → 256); the batch dim is
     * always taken as 1 unless named here.
     */
    public static ModelStats of(ModelProto model, Path modelDir, Map<String, Long> dimValues) {
        GraphProto g = model.getGraph();
        ShapeInference shapes = new ShapeInference(model, modelDir, dimValues);

        Set<String> initNames = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            initNames.add(t.getName());
        }
        long params = countParams(g);

        SortedMap<String, Integer> opCounts = new TreeMap<>();
        SortedMap<String, Long> macsByOp = new TreeMap<>();
        List<String> uncounted = new ArrayList<>();
        long macs = 0;
        for (NodeProto n : g.getNodeList()) {
            String key = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType()
                    : n.getDomain() + ":" + n.getOpType();
            opCounts.merge(key, 1, Integer::sum);
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                continue;
            }
            long m = macs(n, shapes);
            if (m < 0) {
                uncounted.add(n.getName().isEmpty() ? n.getOpType() + " -> " + n.getOutput(0) : n.getName());
            } else if (m > 0) {
                macs += m;
                macsByOp.merge(n.getOpType(), m, Long::sum);
            }
        }

        Map<String, Long> opsets = new LinkedHashMap<>();
        model.getOpsetImportList().forEach(o -> opsets.put(o.getDomain(), o.getVersion()));
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
        return new ModelStats(params, macs, Collections.unmodifiableSortedMap(macsByOp), model.getIrVersion(),
                Collections.unmodifiableMap(opsets), producer, List.copyOf(inputs), outputs,
                Collections.unmodifiableSortedMap(opCounts), g.getNodeCount(), List.copyOf(uncounted),
                List.copyOf(shapes.assumptions()), Collections.unmodifiableMap(metadata));
    }

    private static long countParams(GraphProto g) {
        Set<String> notParams = new HashSet<>();
        Set<String> dequantized = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("BatchNormalization")) {
                // running mean and variance are buffers, not parameters (timm's param_count skips them)
                for (int i = 3; i < Math.min(5, n.getInputCount()); i++) {
                    notParams.add(n.getInput(i));
                }
            }
            if (n.getOpType().equals("DequantizeLinear") || n.getOpType().equals("QuantizeLinear")) {
                for (int i = 1; i < n.getInputCount(); i++) {
                    notParams.add(n.getInput(i));
                }
                if (n.getOpType().equals("DequantizeLinear") && n.getInputCount() > 0) {
                    dequantized.add(n.getInput(0));
                }
            }
        }
        long params = 0;
        for (TensorProto t : g.getInitializerList()) {
            long n = TensorData.numel(t);
            if (n <= 1 || notParams.contains(t.getName())) {
                continue;
            }
            if (DataTypes.isFloating(t.getDataType()) || dequantized.contains(t.getName())) {
                params += n;
            }
        }
        return params;
    }

    /** MACs of one node; 0 for ops that carry none, -1 when it should carry some but shapes are unknown. */
    private static long macs(NodeProto n, ShapeInference s) {
        String op = n.getOpType();
        switch (op) {
            case "MatMul", "MatMulInteger" -> {
                return matMul(s.get(n.getInput(0)), s.get(n.getOutput(0)));
            }
            case "QLinearMatMul" -> {
                return matMul(s.get(n.getInput(0)), s.get(n.getOutput(0)));
            }
            case "Gemm" -> {
                TensorInfo a = s.get(n.getInput(0));
                TensorInfo y = s.get(n.getOutput(0));
                if (!a.fullyKnown() || !y.fullyKnown()) {
                    return -1;
                }
                long k = intAttr(n, "transA", 0) == 0 ? a.shape()[1] : a.shape()[0];
                return y.numel() * k;
            }
            case "Conv", "ConvInteger", "QLinearConv" -> {
                TensorInfo w = s.get(n.getInput(op.equals("QLinearConv") ? 3 : 1));
                TensorInfo y = s.get(n.getOutput(0));
                if (!w.fullyKnown() || !y.fullyKnown()) {
                    return -1;
                }
                long perOutput = 1;
                for (int i = 1; i < w.rank(); i++) {
                    perOutput *= w.shape()[i]; // C_in/group × kernel
                }
                return y.numel() * perOutput;
            }
            case "ConvTranspose" -> {
                TensorInfo x = s.get(n.getInput(0));
                TensorInfo w = s.get(n.getInput(1));
                if (!x.fullyKnown() || !w.fullyKnown()) {
                    return -1;
                }
                long perInput = 1;
                for (int i = 1; i < w.rank(); i++) {
                    perInput *= w.shape()[i]; // C_out/group × kernel
                }
                return x.numel() * perInput;
            }
            case "LayerNormalization", "GroupNormalization", "InstanceNormalization" -> {
                return scaled(s.get(n.getInput(0)), 5);
            }
            case "BatchNormalization" -> {
                return scaled(s.get(n.getInput(0)), 2);
            }
            case "GlobalAveragePool" -> {
                return scaled(s.get(n.getInput(0)), 1);
            }
            case "Resize", "Upsample" -> {
                String mode = "nearest";
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("mode")) {
                        mode = a.getS().toStringUtf8();
                    }
                }
                int per = switch (mode) {
                    case "nearest" -> 1;
                    case "linear", "bilinear" -> 4;
                    default -> 0;
                };
                return per == 0 ? 0 : scaled(s.get(n.getOutput(0)), per);
            }
            case "Einsum" -> {
                String eq = "";
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("equation")) {
                        eq = a.getS().toStringUtf8().replace(" ", "");
                    }
                }
                if (!eq.contains("->") || eq.contains("...")) {
                    return -1;
                }
                Map<Character, Long> dims = s.einsumDims(n, eq);
                if (dims == null) {
                    return -1;
                }
                long p = 1;
                for (long d : dims.values()) {
                    if (d < 0) {
                        return -1;
                    }
                    p *= d;
                }
                return p;
            }
            default -> {
                return 0;
            }
        }
    }

    private static long matMul(TensorInfo a, TensorInfo y) {
        if (a.shape() == null || a.rank() == 0 || !y.fullyKnown()) {
            return -1;
        }
        long k = a.shape()[a.rank() - 1];
        return k < 0 ? -1 : y.numel() * k;
    }

    private static long scaled(TensorInfo t, long factor) {
        return t.fullyKnown() ? t.numel() * factor : -1;
    }

    private static long intAttr(NodeProto n, String name, long dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return dflt;
    }

    /**
     * MACs of each node of the graph, in node order (0 for nodes that carry none or whose shapes are
     * unknown), by the rules of {@link ModelStats}: what bit-weighted operation counts of mixed plans weigh.
     */
    public static long[] nodeMacs(ModelProto model, Path modelDir) {
        ShapeInference shapes = new ShapeInference(model, modelDir, Map.of());
        GraphProto g = model.getGraph();
        long[] out = new long[g.getNodeCount()];
        for (int i = 0; i < out.length; i++) {
            NodeProto n = g.getNode(i);
            if (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx")) {
                out[i] = Math.max(0, macs(n, shapes));
            }
        }
        return out;
    }

    /** Parameter count alone (cheaper than full statistics). */
    public static long params(ModelProto model) {
        return countParams(model.getGraph());
    }

    static Map<String, TensorInfo> shapes(ModelProto model) {
        return new HashMap<>(new ShapeInference(model, null, Map.of()).infos());
    }
}
