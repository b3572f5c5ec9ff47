package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * FP32 → FP16 conversion of a whole graph or of a region of it, following onnxconverter-common's
 * {@code float16.convert_float_to_float16}: FLOAT initializers and constant tensors of the converted nodes
 * become FLOAT16 after clamping (0 &lt; |x| &lt; {@code minPositive} → ±minPositive, |x| &gt;
 * {@code maxFinite} → ±maxFinite; 0, ±inf and NaN kept); {@code Cast(to=FLOAT)} inside the region becomes
 * {@code Cast(to=FLOAT16)}; nodes outside the region, and nodes of the region that cannot convert ({@link Fp16Ops}:
 * block lists, ops without a float16 form, other domains, Q/DQ, control flow), stay FP32 behind {@code Cast} nodes
 * at every boundary and are reported; with {@code keepIoTypes} (the default) the graph's inputs and outputs stay
 * FLOAT with a Cast after each input and before each output. Initializers that feed only FP32 nodes stay FP32. One
 * Cast per tensor and direction is inserted, right after its producer. Which values are float comes from ONNX
 * Runtime's types ({@link ValueTypes}).
 */
public final class Fp16Converter {
    /** onnxconverter-common's DEFAULT_OP_BLOCK_LIST: ops left FP32 (none occurs in a ViT). */
    public static final Set<String> DEFAULT_OP_BLOCK_LIST = Set.of("ArrayFeatureExtractor", "Binarizer",
            "CastMap", "CategoryMapper", "DictVectorizer", "FeatureVectorizer", "Imputer", "LabelEncoder",
            "LinearClassifier", "LinearRegressor", "Normalizer", "OneHotEncoder", "RandomUniformLike",
            "SVMClassifier", "SVMRegressor", "Scaler", "TreeEnsembleClassifier", "TreeEnsembleRegressor", "ZipMap",
            "NonMaxSuppression", "TopK", "RoiAlign", "Resize", "Range", "CumSum", "Min", "Max", "Upsample");

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

    /** Converts every node that can convert to FP16. */
    public static Fp16Conversion convert(ModelProto model, ValueTypes types, Options options) {
        BitSet all = new BitSet();
        all.set(0, model.getGraph().getNodeCount());
        return convert(model, all, types, options);
    }

    /**
     * Converts the nodes in {@code region} (indices into the graph's node list) that can convert to FP16;
     * {@code types} are the types of {@code model}'s values.
     */
    public static Fp16Conversion convert(ModelProto model, BitSet region, ValueTypes types, Options o) {
        GraphProto g = model.getGraph();
        int count = g.getNodeCount();
        Fp16Ops ops = new Fp16Ops(o);
        boolean[] half = new boolean[count];
        Map<String, int[]> kept = new LinkedHashMap<>();
        int halfNodes = 0;
        for (int i = region.nextSetBit(0); i >= 0 && i < count; i = region.nextSetBit(i + 1)) {
            NodeProto n = g.getNode(i);
            if (!touchesFloat(n, types)) {
                continue;
            }
            Optional<String> reason = ops.keepReason(n);
            if (reason.isEmpty() && n.getOutputList().stream().anyMatch(out -> !out.isEmpty()
                    && types.type(out).isEmpty())) {
                reason = Optional.of("an output whose type ONNX Runtime did not report");
            }
            if (reason.isPresent()) {
                String op = GraphIndex.isDefaultDomain(n) ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
                kept.computeIfAbsent(op + "\u0000" + reason.get(), k -> new int[1])[0]++;
            } else {
                half[i] = true;
                halfNodes++;
            }
        }

        Set<String> graphOutputs = new HashSet<>();
        g.getOutputList().forEach(v -> graphOutputs.add(v.getName()));
        Set<String> initNames = new HashSet<>();
        g.getInitializerList().forEach(t -> initNames.add(t.getName()));

        // who consumes each tensor, in which precision
        Set<String> halfConsumer = new HashSet<>();
        Set<String> fullConsumer = new HashSet<>();
        for (int i = 0; i < count; i++) {
            for (String in : g.getNode(i).getInputList()) {
                if (!in.isEmpty()) {
                    (half[i] ? halfConsumer : fullConsumer).add(in);
                }
            }
        }
        (o.keepIoTypes() ? fullConsumer : halfConsumer).addAll(graphOutputs);

        Map<String, String> toHalf = new HashMap<>();
        Map<String, String> toFull = new HashMap<>();
        Map<String, String> renamedOutputs = new HashMap<>();
        List<NodeProto> headCasts = new ArrayList<>();
        Map<Integer, List<NodeProto>> castsAfter = new HashMap<>();
        List<TensorProto> newInits = new ArrayList<>();

        for (TensorProto t : g.getInitializerList()) {
            String name = t.getName();
            if (t.getDataType() == DataTypes.FLOAT && halfConsumer.contains(name)) {
                boolean keepFull = fullConsumer.contains(name);
                String hName = keepFull ? name + "_fp16" : name;
                newInits.add(HalfTensors.toFp16(t, hName, o));
                toHalf.put(name, hName);
                if (keepFull) {
                    newInits.add(t);
                }
            } else {
                newInits.add(t);
            }
        }
        List<ValueInfoProto> newInputs = new ArrayList<>();
        for (ValueInfoProto vi : g.getInputList()) {
            String name = vi.getName();
            if (initNames.contains(name) || elem(vi) != DataTypes.FLOAT) {
                newInputs.add(vi);
            } else if (o.keepIoTypes()) {
                newInputs.add(vi);
                if (halfConsumer.contains(name)) {
                    headCasts.add(cast(name, name + "_fp16", DataTypes.FLOAT16));
                    toHalf.put(name, name + "_fp16");
                }
            } else {
                newInputs.add(withType(vi, DataTypes.FLOAT16));
                toHalf.put(name, name);
                if (fullConsumer.contains(name)) {
                    headCasts.add(cast(name, name + "_fp32", DataTypes.FLOAT));
                    toFull.put(name, name + "_fp32");
                }
            }
        }
        for (int i = 0; i < count; i++) {
            NodeProto n = g.getNode(i);
            for (String out : n.getOutputList()) {
                if (out.isEmpty() || types.elemType(out) != DataTypes.FLOAT) {
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
                        if (fullConsumer.contains(out)) {
                            after.add(cast(out, out + "_fp32", DataTypes.FLOAT));
                            toFull.put(out, out + "_fp32");
                        }
                    }
                } else if (halfConsumer.contains(out)) {
                    after.add(cast(out, out + "_fp16", DataTypes.FLOAT16));
                    toHalf.put(out, out + "_fp16");
                }
            }
        }

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
                HalfTensors.halveAttributes(b, o);
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
        List<Fp16Conversion.KeptFp32> keptList = new ArrayList<>();
        kept.forEach((k, v) -> {
            String[] opAndReason = k.split("\u0000", 2);
            keptList.add(new Fp16Conversion.KeptFp32(opAndReason[0], v[0], opAndReason[1]));
        });
        return new Fp16Conversion(model.toBuilder().setGraph(ng).build(), halfNodes, keptList);
    }

    /** True when a node reads or writes a 32-bit float tensor (only those have a precision to change). */
    private static boolean touchesFloat(NodeProto n, ValueTypes types) {
        for (String v : n.getInputList()) {
            if (!v.isEmpty() && types.isFloat(v)) {
                return true;
            }
        }
        for (String v : n.getOutputList()) {
            if (!v.isEmpty() && types.isFloat(v)) {
                return true;
            }
        }
        return false;
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
}
