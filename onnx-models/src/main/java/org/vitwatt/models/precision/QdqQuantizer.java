package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/**
 * FP32 → INT8 static quantization in QDQ form, as ONNX Runtime's {@code quantize_static} writes it with
 * {@code QuantFormat.QDQ}: for every MatMul, Gemm and Conv of the chosen region, each activation input gets a
 * {@code QuantizeLinear → DequantizeLinear} pair (shared by all quantized consumers of that tensor) with a
 * per-tensor scale from its calibrated range; each float weight initializer is stored as INT8 and feeds a
 * {@code DequantizeLinear}, per channel (MatMul axis 1, Conv axis 0, Gemm by transB); Conv and Gemm biases
 * become INT32 with scale = input scale × weight scale and zero point 0. Weights and activations are
 * symmetric signed INT8 with zero point 0, which is what TensorRT requires of an explicit-precision model and
 * what ONNX Runtime's CPU provider fuses into integer kernels (QLinearConv, MatMulIntegerToFloat); weights use
 * signed [-127, 127], ONNX Runtime's reduced [-64, 64] or unsigned [0, 254] around 127 ({@link WeightFormat}).
 * Outputs of
 * the quantized ops are left float (ORT's {@code OpTypesToExcludeOutputQuantization}), so Q/DQ sit on the
 * inputs of MatMul/Conv as TensorRT wants for ViTs.
 */
public final class QdqQuantizer {
    /**
     * Options.
     *
     * @param opTypes                  op types to quantize
     * @param perChannel               per-channel weight scales (else per-tensor)
     * @param quantizeActivationMatMul also quantize MatMuls whose both inputs are activations (attention)
     * @param weightFormat              how the weights are stored
     */
    public record Options(Set<String> opTypes, boolean perChannel, boolean quantizeActivationMatMul,
            WeightFormat weightFormat) {
        /** The op types quantized by default: the MAC-carrying ones. */
        public static final Set<String> DEFAULT_OP_TYPES = Set.of("MatMul", "Gemm", "Conv");

        public Options {
            opTypes = Set.copyOf(opTypes);
            Objects.requireNonNull(weightFormat, "weightFormat");
        }

        /** MatMul, Gemm and Conv, per-channel weights, attention MatMuls included, full-range weights. */
        public static Options defaults() {
            return new Options(DEFAULT_OP_TYPES, true, true, WeightFormat.FULL);
        }

        /** These options with weights in {@code range}. */
        public Options withWeightFormat(WeightFormat format) {
            return new Options(opTypes, perChannel, quantizeActivationMatMul, format);
        }
    }

    /** A calibrated activation range. */
    public record Range(float min, float max) {
    }

    private QdqQuantizer() {
    }

    /** The activation tensors whose ranges {@link #quantize} needs for the nodes in {@code region}. */
    public static Set<String> activationsToCalibrate(ModelProto model, BitSet region, Options o) {
        GraphProto g = model.getGraph();
        Set<String> inits = initializerNames(g);
        Set<String> out = new LinkedHashSet<>();
        for (int i = region.nextSetBit(0); i >= 0 && i < g.getNodeCount(); i = region.nextSetBit(i + 1)) {
            NodeProto n = g.getNode(i);
            if (!quantizable(n, inits, o)) {
                continue;
            }
            for (int k : activationInputs(n)) {
                if (k < n.getInputCount() && !inits.contains(n.getInput(k))) {
                    out.add(n.getInput(k));
                }
            }
        }
        return out;
    }

    /**
     * Quantizes the quantizable nodes of {@code region}. A node whose activation range is missing from
     * {@code ranges} stays float. Returns the new model; {@link #quantizedNodes} on it counts the result.
     */
    public static ModelProto quantize(ModelProto model, BitSet region, Map<String, Range> ranges, Options o) {
        GraphProto g = model.getGraph();
        Set<String> inits = initializerNames(g);
        Map<String, TensorProto> initByName = new HashMap<>();
        g.getInitializerList().forEach(t -> initByName.put(t.getName(), t));

        // decide which nodes are quantized
        List<Integer> chosen = new ArrayList<>();
        for (int i = region.nextSetBit(0); i >= 0 && i < g.getNodeCount(); i = region.nextSetBit(i + 1)) {
            NodeProto n = g.getNode(i);
            if (!quantizable(n, inits, o)) {
                continue;
            }
            boolean haveRanges = true;
            for (int k : activationInputs(n)) {
                String in = n.getInput(k);
                if (!inits.contains(in) && !ranges.containsKey(in)) {
                    haveRanges = false;
                }
            }
            if (haveRanges) {
                chosen.add(i);
            }
        }

        // which consumers of each weight stay float (then the float weight is kept too)
        Map<String, Integer> floatUses = new HashMap<>();
        Set<Integer> chosenSet = new HashSet<>(chosen);
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (!chosenSet.contains(i)) {
                for (String in : g.getNode(i).getInputList()) {
                    floatUses.merge(in, 1, Integer::sum);
                }
            }
        }

        List<TensorProto> newInits = new ArrayList<>();
        List<NodeProto> headNodes = new ArrayList<>();
        Map<String, String> actDq = new LinkedHashMap<>();          // activation -> its DQ output
        Map<String, QuantParams> actParams = new HashMap<>();
        Map<Integer, List<NodeProto>> after = new HashMap<>();       // producer index -> Q/DQ nodes
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            for (String out : g.getNode(i).getOutputList()) {
                producer.put(out, i);
            }
        }
        Map<String, String> weightDq = new HashMap<>();
        Map<String, float[]> weightScales = new HashMap<>();
        Map<Integer, NodeProto> rewritten = new HashMap<>();

        for (int i : chosen) {
            NodeProto n = g.getNode(i);
            NodeProto.Builder b = n.toBuilder();
            // activations
            for (int k : activationInputs(n)) {
                String in = n.getInput(k);
                if (inits.contains(in)) {
                    continue;
                }
                String dq = actDq.get(in);
                if (dq == null) {
                    Range r = ranges.get(in);
                    QuantParams p = QuantParams.of(r.min(), r.max(), true);
                    actParams.put(in, p);
                    String scale = in + "_scale";
                    String zp = in + "_zero_point";
                    newInits.add(TensorData.floatTensor(scale, new long[0], new float[] {p.scale()}));
                    newInits.add(TensorData.raw(zp, DataTypes.INT8, new long[0], new byte[] {(byte) p.zeroPoint()}));
                    String q = in + "_QuantizeLinear_Output";
                    dq = in + "_DequantizeLinear_Output";
                    NodeProto qn = NodeProto.newBuilder().setOpType("QuantizeLinear").setName(in + "_QuantizeLinear")
                            .addInput(in).addInput(scale).addInput(zp).addOutput(q).build();
                    NodeProto dqn = NodeProto.newBuilder().setOpType("DequantizeLinear")
                            .setName(in + "_DequantizeLinear").addInput(q).addInput(scale).addInput(zp).addOutput(dq)
                            .build();
                    Integer prod = producer.get(in);
                    List<NodeProto> where = prod == null ? headNodes : after.computeIfAbsent(prod, x -> new ArrayList<>());
                    where.add(qn);
                    where.add(dqn);
                    actDq.put(in, dq);
                }
                b.setInput(k, dq);
            }
            // weights
            int wIdx = 1;
            if (n.getInputCount() > wIdx && inits.contains(n.getInput(wIdx))) {
                String w = n.getInput(wIdx);
                String dq = weightDq.get(w);
                if (dq == null) {
                    TensorProto t = initByName.get(w);
                    int axis = weightAxis(n, t);
                    dq = w + "_DequantizeLinear_Output";
                    float[] scales = quantizeWeight(t, axis, o.perChannel(), o.weightFormat(), newInits);
                    weightScales.put(w, scales);
                    NodeProto.Builder dqn = NodeProto.newBuilder().setOpType("DequantizeLinear")
                            .setName(w + "_DequantizeLinear").addInput(w + "_quantized").addInput(w + "_scale")
                            .addInput(w + "_zero_point").addOutput(dq);
                    if (scales.length > 1) {
                        dqn.addAttribute(Attrs.i("axis", axis));
                    }
                    headNodes.add(dqn.build());
                    weightDq.put(w, dq);
                }
                b.setInput(wIdx, dq);
            }
            // bias of Conv / Gemm
            if ((n.getOpType().equals("Conv") || n.getOpType().equals("Gemm")) && n.getInputCount() > 2
                    && inits.contains(n.getInput(2)) && weightScales.containsKey(n.getInput(1))
                    && actParams.containsKey(n.getInput(0))
                    && biasMatches(initByName.get(n.getInput(2)), weightScales.get(n.getInput(1)).length)) {
                String bias = n.getInput(2);
                String dq = bias + "_DequantizeLinear_Output_" + i;
                float[] ws = weightScales.get(n.getInput(1));
                float inScale = actParams.get(n.getInput(0)).scale();
                quantizeBias(initByName.get(bias), bias + "_quantized_" + i, inScale, ws, newInits);
                NodeProto.Builder dqn = NodeProto.newBuilder().setOpType("DequantizeLinear")
                        .setName(bias + "_DequantizeLinear_" + i).addInput(bias + "_quantized_" + i)
                        .addInput(bias + "_quantized_" + i + "_scale").addInput(bias + "_quantized_" + i + "_zero_point")
                        .addOutput(dq);
                if (ws.length > 1) {
                    dqn.addAttribute(Attrs.i("axis", 0));
                }
                headNodes.add(dqn.build());
                b.setInput(2, dq);
            }
            rewritten.put(i, b.build());
        }

        // keep float initializers still used as float; drop quantized-only weights and biases
        Set<String> replaced = new HashSet<>(weightDq.keySet());
        for (int i : chosen) {
            NodeProto n = g.getNode(i);
            if (n.getInputCount() > 2 && rewritten.get(i).getInput(2).startsWith(n.getInput(2) + "_DequantizeLinear")) {
                replaced.add(n.getInput(2));
            }
        }
        List<TensorProto> inits2 = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (!replaced.contains(t.getName()) || floatUses.containsKey(t.getName())) {
                inits2.add(t);
            }
        }
        inits2.addAll(newInits);

        List<NodeProto> nodes = new ArrayList<>(headNodes);
        for (int i = 0; i < g.getNodeCount(); i++) {
            nodes.add(rewritten.getOrDefault(i, g.getNode(i)));
            nodes.addAll(after.getOrDefault(i, List.of()));
        }
        GraphProto ng = g.toBuilder().clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(inits2)
                .build();
        return model.toBuilder().setGraph(ng).build();
    }

    /** Number of nodes of each op type that consume a DequantizeLinear output (i.e. run quantized inputs). */
    public static Map<String, Integer> quantizedNodes(ModelProto model) {
        Set<String> dqOut = new HashSet<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("DequantizeLinear")) {
                dqOut.addAll(n.getOutputList());
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (!n.getOpType().equals("QuantizeLinear") && n.getInputList().stream().anyMatch(dqOut::contains)) {
                counts.merge(n.getOpType(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static boolean quantizable(NodeProto n, Set<String> inits, Options o) {
        if (!o.opTypes().contains(n.getOpType()) || !(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))) {
            return false;
        }
        if (n.getOpType().equals("MatMul") && !inits.contains(n.getInput(1)) && !inits.contains(n.getInput(0))) {
            return o.quantizeActivationMatMul();
        }
        return !inits.contains(n.getInput(0)) || n.getOpType().equals("MatMul");
    }

    private static int[] activationInputs(NodeProto n) {
        return n.getOpType().equals("MatMul") ? new int[] {0, 1} : new int[] {0};
    }

    private static int weightAxis(NodeProto n, TensorProto w) {
        int rank = w.getDimsCount();
        switch (n.getOpType()) {
            case "Conv":
                return 0;
            case "Gemm":
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("transB") && a.getI() != 0) {
                        return 0;
                    }
                }
                return 1;
            default:
                return rank == 2 ? 1 : -1; // MatMul [K, N]: one scale per output column
        }
    }

    /** Writes {@code w_quantized}, {@code w_scale}, {@code w_zero_point}; returns the scales. */
    private static float[] quantizeWeight(TensorProto t, int axis, boolean perChannel, WeightFormat range,
            List<TensorProto> out) {
        if (t.getDataType() != DataTypes.FLOAT) {
            throw new VitwattException("INT8 quantization: weight " + t.getName() + " is "
                    + DataTypes.name(t.getDataType()) + ", expected float (quantize the FP32 model)");
        }
        float[] v = TensorData.floats(t, null);
        long[] dims = TensorData.dims(t);
        int channels = perChannel && axis >= 0 ? (int) dims[axis] : 1;
        long inner = 1;
        for (int d = axis + 1; perChannel && axis >= 0 && d < dims.length; d++) {
            inner *= dims[d];
        }
        float[] absmax = new float[channels];
        for (int i = 0; i < v.length; i++) {
            int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
            absmax[c] = Math.max(absmax[c], Math.abs(v[i]));
        }
        QuantParams[] p = new QuantParams[channels];
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            p[c] = QuantParams.symmetric(absmax[c], range);
            scales[c] = p[c].scale();
        }
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = channels == 1 ? 0 : (int) ((i / inner) % channels);
            q[i] = p[c].quantizeWeight(v[i], range);
        }
        long[] sdims = channels == 1 ? new long[0] : new long[] {channels};
        byte[] zp = new byte[channels];
        Arrays.fill(zp, (byte) range.zeroPoint());
        out.add(TensorData.raw(t.getName() + "_quantized", range.dataType(), dims, q));
        out.add(TensorData.floatTensor(t.getName() + "_scale", sdims, scales));
        out.add(TensorData.raw(t.getName() + "_zero_point", range.dataType(), sdims, zp));
        return scales;
    }

    private static void quantizeBias(TensorProto b, String name, float inScale, float[] wScales, List<TensorProto> out) {
        float[] v = TensorData.floats(b, null);
        int channels = wScales.length;
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = inScale * wScales[c];
        }
        for (int i = 0; i < v.length; i++) {
            float s = scales[channels == 1 ? 0 : i];
            double q = s == 0 ? 0 : Math.rint(v[i] / s);
            buf.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q)));
        }
        long[] sdims = channels == 1 ? new long[0] : new long[] {channels};
        out.add(TensorData.raw(name, DataTypes.INT32, TensorData.dims(b), buf.array()));
        out.add(TensorData.floatTensor(name + "_scale", sdims, scales));
        out.add(TensorData.raw(name + "_zero_point", DataTypes.INT32, sdims, new byte[4 * channels]));
    }

    /** A bias is quantized only when it is one value per output channel (or a scalar with per-tensor weights). */
    private static boolean biasMatches(TensorProto bias, int channels) {
        return bias.getDataType() == DataTypes.FLOAT && bias.getDimsCount() <= 1
                && (channels == 1 ? TensorData.numel(bias) >= 1 : TensorData.numel(bias) == channels);
    }

    private static Set<String> initializerNames(GraphProto g) {
        Set<String> s = new HashSet<>();
        g.getInitializerList().forEach(t -> s.add(t.getName()));
        return s;
    }
}
