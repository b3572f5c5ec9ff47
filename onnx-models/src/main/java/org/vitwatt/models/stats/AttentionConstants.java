package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;

/**
 * What a stored float tensor added to attention scores (the product of two activations, q·kᵀ, possibly scaled,
 * reshaped or already biased) is:
 * <ul>
 *   <li>a <b>mask</b> when every value is 0 or at most {@value #MASK_LIMIT} (timm's Swin registers its shifted-window
 *       mask of 0 and −100 as a buffer; others use −inf): not a parameter;</li>
 *   <li>a <b>folded relative-position table</b> when its positions repeat: {@code torch.onnx}'s constant folding
 *       turns {@code table[index]} (a learned table, an index buffer) into the gathered [..., heads, N, M] constant,
 *       in which positions with the same relative offset hold the same values in every head. It counts as the table
 *       it came from: the number of distinct per-position tuples across the heads, times the heads. It applies when
 *       at most half the positions are distinct, which a learned full bias never shows;</li>
 *   <li>otherwise a learned bias, counted whole.</li>
 * </ul>
 */
final class AttentionConstants {
    static final float MASK_LIMIT = -100f;
    private static final Set<String> SCORE_PATH = Set.of("Mul", "Div", "Add", "Sub", "Reshape", "Transpose",
            "Unsqueeze", "Squeeze", "Identity");
    private static final int MAX_HOPS = 8;

    private final GraphIndex g;

    AttentionConstants(GraphIndex g) {
        this.g = g;
    }

    /** True when a use of a stored value at {@code use} adds it to attention scores. */
    boolean addedToScores(GraphIndex.Use use) {
        NodeProto n = g.node(use.node());
        return n.getOpType().equals("Add") && n.getInputCount() == 2 && isScores(n.getInput(1 - use.input()), 0);
    }

    private boolean isScores(String value, int hops) {
        if (hops > MAX_HOPS || g.isStored(value)) {
            return false;
        }
        int p = g.producerIndex(value);
        if (p < 0) {
            return false;
        }
        NodeProto n = g.node(p);
        if (n.getOpType().equals("MatMul")) {
            return !g.isStored(n.getInput(0)) && !g.isStored(n.getInput(1));
        }
        if (!SCORE_PATH.contains(n.getOpType())) {
            return false;
        }
        for (String in : n.getInputList()) {
            if (!in.isEmpty() && isScores(in, hops + 1)) {
                return true;
            }
        }
        return false;
    }

    /** True when every value of {@code t} is 0 or at most {@link #MASK_LIMIT}, and some value is the latter. */
    static boolean isMask(float[] v) {
        boolean masked = false;
        for (float f : v) {
            if (f <= MASK_LIMIT) {
                masked = true;
            } else if (f != 0f) {
                return false;
            }
        }
        return masked;
    }

    /**
     * The parameters a folded relative-position table stands for (distinct position tuples × heads), or the tensor's
     * size when it is not one.
     */
    static long tableParameters(TensorProto t, float[] v) {
        long[] dims = TensorData.dims(t);
        if (dims.length < 3) {
            return v.length;
        }
        int positions = (int) (dims[dims.length - 1] * dims[dims.length - 2]);
        int heads = positions == 0 ? 0 : v.length / positions;
        Set<List<Float>> tuples = new HashSet<>();
        for (int p = 0; p < positions; p++) {
            Float[] tuple = new Float[heads];
            for (int h = 0; h < heads; h++) {
                tuple[h] = v[h * positions + p];
            }
            tuples.add(Arrays.asList(tuple));
        }
        return tuples.size() * 2L <= positions ? (long) tuples.size() * heads : v.length;
    }
}
