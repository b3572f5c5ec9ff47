package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.Half;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.stats.TensorTypes;

/**
 * FP32 → FP16 conversion of a whole graph or of a region of it, following onnxconverter-common's
 * {@code float16.convert_float_to_float16}: FLOAT initializers and constant tensors of the converted nodes
 * become FLOAT16 after clamping (0 &lt; |x| &lt; {@code minPositive} → ±minPositive, |x| &gt;
 * {@code maxFinite} → ±maxFinite; 0, ±inf and NaN kept); {@code Cast(to=FLOAT)} inside the region becomes
 * {@code Cast(to=FLOAT16)}; nodes outside the region, nodes whose op is on the block list and named nodes
 * stay FP32 behind {@code Cast} nodes at every boundary; with {@code keepIoTypes} (the default) the graph's
 * inputs and outputs stay FLOAT with a Cast after each input and before each output. Initializers that feed
 * only FP32 nodes stay FP32. One Cast per tensor and direction is inserted, right after its producer.
 * Quantize/DequantizeLinear always stay FP32 (their scales must be float at opset 17).
 */
public final class Fp16Converter {
    /** onnxconverter-common's DEFAULT_OP_BLOCK_LIST: ops left FP32 (none occurs in a ViT). */
    public static final Set<String> DEFAULT_OP_BLOCK_LIST = Set.of("ArrayFeatureExtractor", "Binarizer",
            "CastMap", "CategoryMapper", "DictVectorizer", "FeatureVectorizer", "Imputer", "LabelEncoder",
            "LinearClassifier", "LinearRegressor", "Normalizer", "OneHotEncoder", "RandomUniformLike",
            "SVMClassifier", "SVMRegressor", "Scaler", "TreeEnsembleClassifier", "TreeEnsembleRegressor", "ZipMap",
            "NonMaxSuppression", "TopK", "RoiAlign", "Resize", "Range", "CumSum", "Min", "Max", "Upsample");
    private static final Set<String> ALWAYS_FP32 = Set.of("QuantizeLinear", "DequantizeLinear",
            "DynamicQuantizeLinear");

    /**
     * Conversion options.
     *
     * @param keepIoTypes   graph inputs/outputs stay FLOAT (Casts inserted) rather than becoming FLOAT16
     * @param minPositive   smallest magnitude kept for non-zero values
     * @param maxFinite     largest magnitude kept
     * @param opBlockList   op types left FP32
     * @param nodeBlockList node names left FP32
     */
    public record Options(boolean keepIoTypes, float minPositive, float maxFinite, Set<String> opBlockList,
            Set<String> nodeBlockList) {
        public Options {
            opBlockList = Set.copyOf(opBlockList);
            nodeBlockList = Set.copyOf(nodeBlockList);
        }

        /** onnxconverter-common's defaults, with keep_io_types on. */
        public static Options defaults() {
            return new Options(true, 1e-7f, 1e4f, DEFAULT_OP_BLOCK_LIST, Set.of());
        }
    }

    private Fp16Converter() {
    }

    /** Converts every node (except blocked ones) to FP16. */
    public static ModelProto convert(ModelProto model, Options options) {
        BitSet all = new BitSet();
        all.set(0, model.getGraph().getNodeCount());
        return convert(model, all, options);
    }

    /** Converts the nodes in {@code region} (indices into the graph's node list, minus blocked ones) to FP16. */
    public static ModelProto convert(ModelProto model, BitSet region, Options o) {
        GraphProto g = model.getGraph();
        for (NodeProto n : g.getNodeList()) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw new VitwattException("FP16 conversion: node " + n.getName() + " (" + n.getOpType()
                            + ") has a subgraph; graphs with control flow are not supported");
                }
            }
        }
        TensorTypes types = TensorTypes.of(model, null);
        int count = g.getNodeCount();
        boolean[] half = new boolean[count];
        for (int i = 0; i < count; i++) {
            NodeProto n = g.getNode(i);
            half[i] = region.get(i) && !o.opBlockList().contains(n.getOpType())
                    && !o.nodeBlockList().contains(n.getName()) && !ALWAYS_FP32.contains(n.getOpType())
                    && (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"));
        }

        Map<String, TensorProto> inits = new LinkedHashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        Set<String> graphOutputs = new HashSet<>();
        g.getOutputList().forEach(v -> graphOutputs.add(v.getName()));
        Set<String> graphInputs = new HashSet<>();
        g.getInputList().forEach(v -> graphInputs.add(v.getName()));

        // who consumes each tensor, in which precision
        Map<String, Boolean> halfConsumer = new HashMap<>();
        Map<String, Boolean> fullConsumer = new HashMap<>();
        for (int i = 0; i < count; i++) {
            for (String in : g.getNode(i).getInputList()) {
                if (!in.isEmpty()) {
                    (half[i] ? halfConsumer : fullConsumer).put(in, true);
                }
            }
        }
        for (String out : graphOutputs) {
            if (o.keepIoTypes()) {
                fullConsumer.put(out, true);
            } else {
                halfConsumer.put(out, true);
            }
        }

        Map<String, String> toHalf = new HashMap<>();
        Map<String, String> toFull = new HashMap<>();
        Map<String, String> renamedOutputs = new HashMap<>();
        List<NodeProto> headCasts = new ArrayList<>();
        Map<Integer, List<NodeProto>> castsAfter = new HashMap<>();
        List<TensorProto> newInits = new ArrayList<>();

        // initializers
        for (TensorProto t : g.getInitializerList()) {
            String name = t.getName();
            boolean isFloat = t.getDataType() == DataTypes.FLOAT;
            if (isFloat && halfConsumer.containsKey(name)) {
                boolean keepFull = fullConsumer.containsKey(name);
                String hName = keepFull ? name + "_fp16" : name;
                newInits.add(toFp16(t, hName, o));
                toHalf.put(name, hName);
                if (keepFull) {
                    newInits.add(t);
                }
            } else {
                newInits.add(t);
            }
        }
        // graph inputs
        List<ValueInfoProto> newInputs = new ArrayList<>();
        for (ValueInfoProto vi : g.getInputList()) {
            String name = vi.getName();
            if (inits.containsKey(name) || elem(vi) != DataTypes.FLOAT) {
                newInputs.add(vi);
                continue;
            }
            if (o.keepIoTypes()) {
                newInputs.add(vi);
                if (halfConsumer.containsKey(name)) {
                    headCasts.add(cast(name, name + "_fp16", DataTypes.FLOAT16));
                    toHalf.put(name, name + "_fp16");
                }
            } else {
                newInputs.add(withType(vi, DataTypes.FLOAT16));
                toHalf.put(name, name);
                if (fullConsumer.containsKey(name)) {
                    headCasts.add(cast(name, name + "_fp32", DataTypes.FLOAT));
                    toFull.put(name, name + "_fp32");
                }
            }
        }
        // node outputs
        for (int i = 0; i < count; i++) {
            NodeProto n = g.getNode(i);
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                int type = types.elemType(out);
                boolean consumedHalf = halfConsumer.containsKey(out);
                boolean consumedFull = fullConsumer.containsKey(out);
                if (type == 0 && (half[i] || consumedHalf)) {
                    throw new VitwattException("FP16 conversion: cannot infer the element type of tensor " + out
                            + " (output of " + n.getName() + ", op " + n.getOpType() + "); add its shape to the "
                            + "model's value_info (onnx.shape_inference) or block that node");
                }
                if (type != DataTypes.FLOAT) {
                    continue;
                }
                List<NodeProto> after = castsAfter.computeIfAbsent(i, k -> new ArrayList<>());
                if (half[i]) {
                    if (graphOutputs.contains(out) && o.keepIoTypes()) {
                        String internal = out + "_fp16";
                        renamedOutputs.put(out, internal);
                        toHalf.put(out, internal);
                        after.add(cast(internal, out, DataTypes.FLOAT));
                        toFull.put(out, out);
                    } else {
                        toHalf.put(out, out);
                        if (consumedFull) {
                            after.add(cast(out, out + "_fp32", DataTypes.FLOAT));
                            toFull.put(out, out + "_fp32");
                        }
                    }
                } else if (consumedHalf) {
                    after.add(cast(out, out + "_fp16", DataTypes.FLOAT16));
                    toHalf.put(out, out + "_fp16");
                }
            }
        }

        // rewrite nodes
        List<NodeProto> nodes = new ArrayList<>(headCasts);
        for (int i = 0; i < count; i++) {
            NodeProto n = g.getNode(i);
            NodeProto.Builder b = n.toBuilder();
            for (int k = 0; k < n.getInputCount(); k++) {
                String in = n.getInput(k);
                if (in.isEmpty()) {
                    continue;
                }
                if (half[i] && toHalf.containsKey(in)) {
                    b.setInput(k, toHalf.get(in));
                } else if (!half[i] && toFull.containsKey(in)) {
                    b.setInput(k, toFull.get(in));
                }
            }
            for (int k = 0; k < n.getOutputCount(); k++) {
                String r = renamedOutputs.get(n.getOutput(k));
                if (r != null) {
                    b.setOutput(k, r);
                }
            }
            if (half[i]) {
                halveAttributes(b, o);
            }
            nodes.add(b.build());
            nodes.addAll(castsAfter.getOrDefault(i, List.of()));
        }

        List<ValueInfoProto> outputs = new ArrayList<>();
        for (ValueInfoProto vi : g.getOutputList()) {
            outputs.add(!o.keepIoTypes() && elem(vi) == DataTypes.FLOAT ? withType(vi, DataTypes.FLOAT16) : vi);
        }
        GraphProto ng = g.toBuilder().clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(newInits)
                .clearInput().addAllInput(newInputs).clearOutput().addAllOutput(outputs).clearValueInfo().build();
        return model.toBuilder().setGraph(ng).build();
    }

    private static void halveAttributes(NodeProto.Builder b, Options o) {
        for (int k = 0; k < b.getAttributeCount(); k++) {
            AttributeProto a = b.getAttribute(k);
            if (a.hasT() && a.getT().getDataType() == DataTypes.FLOAT) {
                b.setAttribute(k, a.toBuilder().setT(toFp16(a.getT(), a.getT().getName(), o)));
            }
            if (b.getOpType().equals("Cast") && a.getName().equals("to") && a.getI() == DataTypes.FLOAT) {
                b.setAttribute(k, a.toBuilder().setI(DataTypes.FLOAT16));
            }
        }
    }

    private static NodeProto cast(String in, String out, int to) {
        return NodeProto.newBuilder().setOpType("Cast").setName(out + "_Cast").addInput(in).addOutput(out)
                .addAttribute(Attrs.i("to", to)).build();
    }

    private static int elem(ValueInfoProto vi) {
        return vi.hasType() && vi.getType().hasTensorType() ? vi.getType().getTensorType().getElemType() : 0;
    }

    private static ValueInfoProto withType(ValueInfoProto vi, int type) {
        TypeProto.Tensor.Builder t = vi.getType().getTensorType().toBuilder().setElemType(type);
        return vi.toBuilder().setType(vi.getType().toBuilder().setTensorType(t)).build();
    }

    /** The tensor's values as FLOAT16 (clamped), in raw_data, under {@code name}. */
    static TensorProto toFp16(TensorProto t, String name, Options o) {
        float[] v = TensorData.floats(t, null);
        ByteBuffer buf = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            buf.putShort(Half.fromFloat(clamp(f, o.minPositive(), o.maxFinite())));
        }
        return TensorData.raw(name, DataTypes.FLOAT16, TensorData.dims(t), buf.array());
    }

    static float clamp(float f, float minPositive, float maxFinite) {
        if (f == 0 || Float.isNaN(f) || Float.isInfinite(f)) {
            return f;
        }
        float a = Math.abs(f);
        if (a < minPositive) {
            return Math.copySign(minPositive, f);
        }
        if (a > maxFinite) {
            return Math.copySign(maxFinite, f);
        }
        return f;
    }
}
