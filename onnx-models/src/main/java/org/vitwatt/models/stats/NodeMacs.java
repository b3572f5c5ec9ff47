package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.ValueType;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * Multiply-accumulates of each node per image, by fvcore's rules as timm publishes them, from the shapes ONNX
 * Runtime reported: MatMul numel(Y)·K (attention matmuls included), Gemm numel(Y)·K, Conv
 * numel(Y)·(C_in/group)·∏kernel, ConvTranspose numel(X)·(C_out/group)·∏kernel, their integer, QLinear and ONNX
 * Runtime fused forms, Einsum the product of its index sizes, LayerNormalization / GroupNormalization /
 * InstanceNormalization (and a LayerNorm written out as elementwise ops, {@link LayerNormPatterns}) 5·numel(X),
 * BatchNormalization 2·numel(X), GlobalAveragePool numel(X), nearest / linear Resize 1 / 4·numel(Y). Nothing else
 * counts (softmax, activations, elementwise ops, biases, other pooling). Counts at the batch the graph ran at are
 * divided by that batch. A node that carries MACs but whose shapes are missing, or an op whose MACs vitwatt does
 * not model (a fused attention), is listed in {@link #uncounted()} and counts 0, never a guess.
 */
public final class NodeMacs {
    /** The op key a written-out LayerNorm's MACs are listed under. */
    public static final String DECOMPOSED_LAYER_NORM = "LayerNormalization (decomposed)";
    private static final Set<String> MATMULS = Set.of("MatMul", "MatMulInteger", "QLinearMatMul", "FusedMatMul",
            "MatMulIntegerToFloat");
    private static final Set<String> CONVS = Set.of("Conv", "ConvInteger", "QLinearConv", "FusedConv", "NhwcConv");
    private static final Set<String> NORMS = Set.of("LayerNormalization", "GroupNormalization",
            "InstanceNormalization", "SkipLayerNormalization", "SimplifiedLayerNormalization",
            "SkipSimplifiedLayerNormalization", "RMSNormalization");
    private static final Set<String> UNMODELLED = Set.of("Attention", "MultiHeadAttention", "PackedAttention",
            "GroupQueryAttention", "DecoderAttention", "QAttention", "LongformerAttention", "QOrderedAttention");

    private final long[] macs;
    private final String[] keys;
    private final List<String> uncounted;

    private NodeMacs(long[] macs, String[] keys, List<String> uncounted) {
        this.macs = macs;
        this.keys = keys;
        this.uncounted = uncounted;
    }

    /** The MACs of every node of {@code g} with the value types {@code types}. */
    public static NodeMacs of(GraphIndex g, ValueTypes types) {
        int n = g.nodeCount();
        long[] macs = new long[n];
        String[] keys = new String[n];
        List<String> uncounted = new ArrayList<>();
        long batch = Math.max(1, types.batch());
        for (int i = 0; i < n; i++) {
            NodeProto node = g.node(i);
            long m = macs(node, types);
            if (m < 0) {
                uncounted.add(node.getName().isEmpty() ? node.getOpType() + " -> " + node.getOutput(0)
                        : node.getName());
            } else if (m > 0) {
                macs[i] = m / batch;
                keys[i] = key(node);
            }
        }
        for (LayerNormPatterns.Found ln : LayerNormPatterns.find(g).values()) {
            Optional<ValueType> x = types.type(ln.input());
            if (x.isPresent()) {
                macs[ln.last()] += 5 * x.get().numel() / batch;
                keys[ln.last()] = DECOMPOSED_LAYER_NORM;
            } else {
                uncounted.add(g.node(ln.last()).getName());
            }
        }
        return new NodeMacs(macs, keys, Collections.unmodifiableList(uncounted));
    }

    /** MACs of node {@code i} per image. */
    public long macs(int i) {
        return macs[i];
    }

    /** MACs of every node per image, in graph order. */
    public long[] perNode() {
        return macs.clone();
    }

    /** MACs per image of the whole graph. */
    public long total() {
        long t = 0;
        for (long m : macs) {
            t += m;
        }
        return t;
    }

    /** MACs per op type ("domain:Op" outside the default domain; written-out LayerNorms under their own key). */
    public SortedMap<String, Long> byOp() {
        SortedMap<String, Long> by = new TreeMap<>();
        for (int i = 0; i < macs.length; i++) {
            if (keys[i] != null) {
                by.merge(keys[i], macs[i], Long::sum);
            }
        }
        return Collections.unmodifiableSortedMap(by);
    }

    /** MAC-carrying nodes that could not be counted. */
    public List<String> uncounted() {
        return uncounted;
    }

    private static String key(NodeProto n) {
        return GraphIndex.isDefaultDomain(n) ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
    }

    /** MACs at the run's batch; 0 for ops that carry none, -1 when some are due but cannot be counted. */
    private static long macs(NodeProto n, ValueTypes t) {
        String op = n.getOpType();
        boolean standard = GraphIndex.isDefaultDomain(n);
        boolean microsoft = n.getDomain().equals("com.microsoft");
        if (!standard && !microsoft) {
            return 0;
        }
        if (microsoft && UNMODELLED.contains(op)) {
            return -1;
        }
        if (MATMULS.contains(op)) {
            Optional<ValueType> a = in(n, 0, t);
            Optional<ValueType> y = out(n, t);
            if (a.isEmpty() || y.isEmpty() || a.get().rank() == 0) {
                return -1;
            }
            long k = op.equals("FusedMatMul") && intAttr(n, "transA", 0) != 0 && a.get().rank() >= 2
                    ? a.get().dim(-2) : a.get().dim(-1);
            return y.get().numel() * k;
        }
        if (op.equals("Gemm") || op.equals("QGemm") || op.equals("FusedGemm")) {
            Optional<ValueType> a = in(n, 0, t);
            Optional<ValueType> y = out(n, t);
            if (a.isEmpty() || y.isEmpty() || a.get().rank() != 2) {
                return -1;
            }
            long k = intAttr(n, "transA", 0) == 0 ? a.get().dim(1) : a.get().dim(0);
            return y.get().numel() * k;
        }
        if (CONVS.contains(op)) {
            Optional<ValueType> w = in(n, op.equals("QLinearConv") ? 3 : 1, t);
            Optional<ValueType> y = out(n, t);
            if (w.isEmpty() || y.isEmpty()) {
                return -1;
            }
            return y.get().numel() * innerProduct(w.get());
        }
        if (op.equals("ConvTranspose")) {
            Optional<ValueType> x = in(n, 0, t);
            Optional<ValueType> w = in(n, 1, t);
            if (x.isEmpty() || w.isEmpty()) {
                return -1;
            }
            return x.get().numel() * innerProduct(w.get());
        }
        if (NORMS.contains(op)) {
            return scaled(in(n, 0, t), 5);
        }
        if (op.equals("BatchNormalization")) {
            return scaled(in(n, 0, t), 2);
        }
        if (op.equals("GlobalAveragePool")) {
            return scaled(in(n, 0, t), 1);
        }
        if (op.equals("Resize") || op.equals("Upsample")) {
            String mode = stringAttr(n, "mode", "nearest");
            int per = switch (mode) {
                case "nearest" -> 1;
                case "linear", "bilinear" -> 4;
                default -> 0;
            };
            return per == 0 ? 0 : scaled(out(n, t), per);
        }
        if (op.equals("Einsum")) {
            return einsum(n, t);
        }
        return 0;
    }

    /** C_in/group (or C_out/group) times the kernel: every dim of a conv weight but the first. */
    private static long innerProduct(ValueType w) {
        long p = 1;
        for (int i = 1; i < w.rank(); i++) {
            p *= w.dim(i);
        }
        return p;
    }

    private static long einsum(NodeProto n, ValueTypes t) {
        String eq = stringAttr(n, "equation", "").replace(" ", "");
        if (!eq.contains("->") || eq.contains("...")) {
            return -1;
        }
        String[] ins = eq.substring(0, eq.indexOf("->")).split(",");
        Map<Character, Long> dims = new HashMap<>();
        for (int i = 0; i < ins.length; i++) {
            Optional<ValueType> v = in(n, i, t);
            if (v.isEmpty() || v.get().rank() != ins[i].length()) {
                return -1;
            }
            for (int j = 0; j < ins[i].length(); j++) {
                dims.merge(ins[i].charAt(j), v.get().dim(j), Math::max);
            }
        }
        long p = 1;
        for (long d : dims.values()) {
            p *= d;
        }
        return p;
    }

    private static long scaled(Optional<ValueType> v, long factor) {
        return v.map(x -> x.numel() * factor).orElse(-1L);
    }

    private static Optional<ValueType> in(NodeProto n, int i, ValueTypes t) {
        return i < n.getInputCount() && !n.getInput(i).isEmpty() ? t.type(n.getInput(i)) : Optional.empty();
    }

    private static Optional<ValueType> out(NodeProto n, ValueTypes t) {
        return n.getOutputCount() > 0 ? t.type(n.getOutput(0)) : Optional.empty();
    }

    private static long intAttr(NodeProto n, String name, long dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return dflt;
    }

    private static String stringAttr(NodeProto n, String name, String dflt) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getS().toStringUtf8();
            }
        }
        return dflt;
    }
}
