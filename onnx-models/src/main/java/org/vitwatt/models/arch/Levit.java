package org.vitwatt.models.arch;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.function.Consumer;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;

/**
 * LeViT as timm's {@code levit.py} builds it ({@code LevitDistilled}, the class behind the pretrained
 * {@code fb_dist_in1k} weights): a stride-16 stem of four 3×3 stride-2 ConvNorm layers with Hardswish between
 * them, three stages of residual attention + MLP blocks at 14×14, 7×7 and 4×4, the stages joined by LeViT's
 * subsample attention ({@code AttentionDownsample}: queries from every second position, keys and values from
 * all, no residual) followed by a residual MLP, and a distillation head — {@code head} and
 * {@code head_dist}, each BatchNorm1d + Linear on the mean token, averaged at inference.
 *
 * <p>Every linear or 1×1 conv is followed by its BatchNorm, kept as a {@code BatchNormalization} node so that
 * parameters match timm's {@code param_count} (BN weight and bias count; running statistics are buffers)
 * and MACs match fvcore's (it counts eval-mode BN as 2 per element). Attention adds a learned per-head bias
 * taken from {@code attention_biases} [heads, positions] by the {@code attention_bias_idxs} table
 * (|Δrow|·width + |Δcol|), a {@code Gather} in the graph as in a torch export.
 *
 * <p>{@code useConv} selects timm's two implementations of the same network: {@code levit_192} keeps tokens as
 * [B, N, C] and uses Linear + BatchNorm1d ({@code LinearNorm}, BN applied to the flattened [B·N, C]) and a
 * strided slice to subsample; {@code levit_conv_192} keeps [B, C, H, W] and uses 1×1 Conv + BatchNorm2d
 * ({@code ConvNorm}) and a 1×1 stride-2 AvgPool. Both have the same parameters and MACs.
 *
 * <p>Synthetic weights: convolutions and linears, all followed by a BatchNorm, kaiming-normal, standing in
 * for what trained BatchNorms do (see {@link TorchInit#kaimingNormal}); the heads' linears trunc-normal 0.02
 * as timm; BatchNorm weight 1 / bias 0 / running mean 0 / running var 1, except the BN weight that ends each
 * residual branch, which timm zero-inits and vitwatt sets small ({@link TorchInit#RESIDUAL_BRANCH_BN_WEIGHT});
 * attention biases normal 0.02 (timm: zeros before training).
 *
 * @param imageSize  square input size
 * @param embedDims  width of each stage
 * @param keyDim     query/key width per head
 * @param numHeads   heads of each stage's blocks
 * @param depths     blocks per stage
 * @param attnRatio  value width / key width in the blocks
 * @param mlpRatio   MLP hidden width / width in the blocks
 * @param useConv    conv implementation (levit_conv_*) instead of linear (levit_*)
 * @param distilled  adds {@code head_dist} and averages the two heads (timm's LevitDistilled)
 * @param numClasses classes of the heads
 */
public record Levit(int imageSize, List<Integer> embedDims, int keyDim, List<Integer> numHeads, List<Integer> depths,
        double attnRatio, double mlpRatio, boolean useConv, boolean distilled, int numClasses)
        implements Architecture {

    private static final float BN_EPS = 1e-5f;

    public Levit {
        embedDims = List.copyOf(embedDims);
        numHeads = List.copyOf(numHeads);
        depths = List.copyOf(depths);
        if (embedDims.size() != numHeads.size() || embedDims.size() != depths.size() || imageSize % 16 != 0) {
            throw new IllegalArgumentException("embedDims, numHeads and depths need one entry per stage, and the "
                    + "image size must be a multiple of the stem's stride 16");
        }
    }

    /** timm's {@code levit_192} ({@code useConv=false}) or {@code levit_conv_192} ({@code useConv=true}). */
    public static Levit levit192(boolean useConv) {
        return new Levit(224, List.of(192, 288, 384), 32, List.of(3, 5, 6), List.of(4, 4, 4), 2.0, 2.0, useConv, true,
                1000);
    }

    @Override
    public String family() {
        return "levit";
    }

    @Override
    public ModelProto build(String graphName, Weights weights, Consumer<String> progress) {
        GraphBuilder g = new GraphBuilder(graphName, weights);
        Value x = g.input(INPUT, GraphBuilder.FLOAT, "batch", 3, imageSize, imageSize);
        int e0 = embedDims.get(0);
        try (var s = g.scope("stem")) {
            int[] chs = {3, e0 / 8, e0 / 4, e0 / 2, e0};
            for (int i = 1; i <= 4; i++) {
                try (var c = g.scope("conv" + i)) {
                    x = convNorm(g, x, chs[i - 1], chs[i], 3, 2, 1);
                }
                if (i < 4) {
                    try (var a = g.scope("act" + i)) {
                        x = Layers.hardSwish(g, x);
                    }
                }
            }
        }
        int res = imageSize / 16;
        if (!useConv) {
            x = g.transpose(g.reshape(x, 0, e0, (long) res * res), 0, 2, 1); // flatten(2).transpose(1, 2)
        }
        int inDim = e0;
        try (var s = g.scope("stages")) {
            for (int i = 0; i < embedDims.size(); i++) {
                int dim = embedDims.get(i);
                try (var st = g.scope("stages." + i)) {
                    if (i > 0) {
                        progress.accept("stage " + i + " downsample");
                        try (var d = g.scope("downsample")) {
                            try (var a = g.scope("attn_downsample")) {
                                x = attentionDownsample(g, x, inDim, dim, inDim / keyDim, 4.0, res);
                            }
                            res = (res - 1) / 2 + 1;
                            x = g.add(x, mlp(g, x, dim, (int) (dim * 2.0), res));
                        }
                    }
                    try (var b = g.scope("blocks")) {
                        for (int j = 0; j < depths.get(i); j++) {
                            progress.accept("stage " + i + " block " + (j + 1) + "/" + depths.get(i));
                            try (var blk = g.scope("blocks." + j)) {
                                try (var a = g.scope("attn")) {
                                    x = g.add(x, attention(g, x, dim, numHeads.get(i), res));
                                }
                                x = g.add(x, mlp(g, x, dim, (int) (dim * mlpRatio), res));
                            }
                        }
                    }
                }
                inDim = dim;
            }
        }
        // forward_head: global average over the tokens / positions
        x = useConv ? g.reduceMean(x, false, 2, 3) : g.reduceMean(x, false, 1);
        Value logits = normLinear(g, "head", x, inDim);
        if (distilled) {
            logits = g.div(g.add(logits, normLinear(g, "head_dist", x, inDim)), g.scalar(2f));
        }
        logits = g.rename(logits, OUTPUT);
        g.output(logits, GraphBuilder.FLOAT, "batch", numClasses);
        g.metadata("vitwatt.architecture", toString());
        return g.build("vitwatt", "LeViT built by vitwatt with synthetic weights");
    }

    /** timm's ConvNorm for the stem: bias-free conv ({@code linear}) then BatchNorm2d ({@code bn}). */
    private static Value convNorm(GraphBuilder g, Value x, int in, int out, int k, int stride, int pad) {
        return convNorm(g, x, in, out, k, stride, pad, Init.ones());
    }

    private static Value convNorm(GraphBuilder g, Value x, int in, int out, int k, int stride, int pad,
            Init bnWeight) {
        try (var l = g.scope("linear")) {
            x = Layers.conv(g, x, in, out, k, stride, pad, 1, false, TorchInit.kaimingNormal((long) in * k * k));
        }
        try (var b = g.scope("bn")) {
            return Layers.batchNorm(g, x, out, BN_EPS, bnWeight);
        }
    }

    /**
     * LinearNorm (tokens [B, N, C]: MatMul, BN on [B·N, C], back to [B, N, C]) or ConvNorm 1×1 ([B, C, H, W]),
     * in the current scope; {@code tokens} is N; {@code bnWeight} fills the BN weight.
     */
    private Value norm1x1(GraphBuilder g, Value x, int in, int out, int tokens, Init bnWeight) {
        if (useConv) {
            return convNorm(g, x, in, out, 1, 1, 0, bnWeight);
        }
        try (var l = g.scope("linear")) {
            x = Layers.linear(g, x, in, out, false, TorchInit.kaimingNormal(in));
        }
        try (var b = g.scope("bn")) {
            x = g.reshape(x, -1, out);
            x = Layers.batchNorm(g, x, out, BN_EPS, bnWeight);
        }
        return g.reshape(x, -1, tokens, out);
    }

    private Value mlp(GraphBuilder g, Value x, int dim, int hidden, int res) {
        int n = res * res;
        try (var m = g.scope("mlp")) {
            try (var l = g.scope("ln1")) {
                x = norm1x1(g, x, dim, hidden, n, Init.ones());
            }
            try (var a = g.scope("act")) {
                x = Layers.hardSwish(g, x);
            }
            try (var l = g.scope("ln2")) {
                return norm1x1(g, x, hidden, dim, n, TorchInit.residualBranchBnWeight());
            }
        }
    }

    /** The block attention; the caller has opened the "attn" scope. */
    private Value attention(GraphBuilder g, Value x, int dim, int heads, int res) {
        int kd = keyDim;
        int vd = (int) (attnRatio * kd);
        int n = res * res;
        Value qkv;
        try (var s = g.scope("qkv")) {
            qkv = norm1x1(g, x, dim, heads * (vd + 2 * kd), n, Init.ones());
        }
        Value bias = attentionBias(g, heads, res, 1);
        Value scale = g.scalar((float) (1.0 / Math.sqrt(kd)));
        Value out;
        if (useConv) {
            Value[] p = g.split(g.reshape(qkv, 0, heads, 2L * kd + vd, n), 2, kd, kd, vd); // [B, h, d, N]
            Value attn = g.add(g.mul(g.matMul(g.transpose(p[0], 0, 1, 3, 2), p[1]), scale), bias);
            attn = g.softmax(attn, -1);
            out = g.matMul(p[2], g.transpose(attn, 0, 1, 3, 2));                             // [B, h, vd, N]
            out = g.reshape(out, 0, (long) heads * vd, res, res);
        } else {
            Value[] p = g.split(g.reshape(qkv, 0, n, heads, 2L * kd + vd), 3, kd, kd, vd);  // [B, N, h, d]
            Value q = g.transpose(p[0], 0, 2, 1, 3);
            Value k = g.transpose(p[1], 0, 2, 3, 1);
            Value v = g.transpose(p[2], 0, 2, 1, 3);
            Value attn = g.add(g.mul(g.matMul(q, k), scale), bias);
            attn = g.softmax(attn, -1);
            out = g.transpose(g.matMul(attn, v), 0, 2, 1, 3);                               // [B, N, h, vd]
            out = g.reshape(out, 0, n, (long) heads * vd);
        }
        return proj(g, out, heads * vd, dim, n, TorchInit.residualBranchBnWeight());
    }

    /** {@code proj}: Hardswish then LinearNorm / ConvNorm back to the block width. */
    private Value proj(GraphBuilder g, Value x, int in, int out, int tokens, Init bnWeight) {
        try (var p = g.scope("proj")) {
            try (var a = g.scope("act")) {
                x = Layers.hardSwish(g, x);
            }
            try (var l = g.scope("ln")) {
                return norm1x1(g, x, in, out, tokens, bnWeight);
            }
        }
    }

    /** LeViT's subsample attention; the caller has opened the "attn_downsample" scope. */
    private Value attentionDownsample(GraphBuilder g, Value x, int inDim, int outDim, int heads, double ratio,
            int res) {
        final int stride = 2;
        int kd = keyDim;
        int vd = (int) (ratio * kd);
        int n = res * res;
        int resQ = (res - 1) / stride + 1;
        int nq = resQ * resQ;
        Value kv;
        try (var s = g.scope("kv")) {
            kv = norm1x1(g, x, inDim, heads * (kd + vd), n, Init.ones());
        }
        Value q;
        try (var s = g.scope("q")) {
            Value down;
            try (var d = g.scope("down")) {
                if (useConv) {
                    down = g.avgPool(x, 1, stride, 0, false);
                } else {
                    down = g.reshape(x, 0, res, res, inDim);                        // x[:, ::2, ::2]
                    down = g.slice(down, new long[] {0, 0}, new long[] {res, res}, new long[] {1, 2},
                            new long[] {stride, stride});
                    down = g.reshape(down, 0, nq, inDim);
                }
            }
            try (var l = g.scope("ln")) {
                q = norm1x1(g, down, inDim, heads * kd, nq, Init.ones());
            }
        }
        Value bias = attentionBias(g, heads, res, stride);
        Value scale = g.scalar((float) (1.0 / Math.sqrt(kd)));
        Value out;
        if (useConv) {
            Value[] p = g.split(g.reshape(kv, 0, heads, (long) kd + vd, n), 2, kd, vd);
            q = g.reshape(q, 0, heads, kd, nq);
            Value attn = g.add(g.mul(g.matMul(g.transpose(q, 0, 1, 3, 2), p[0]), scale), bias);
            attn = g.softmax(attn, -1);
            out = g.matMul(p[1], g.transpose(attn, 0, 1, 3, 2));                           // [B, h, vd, Nq]
            out = g.reshape(out, 0, (long) heads * vd, resQ, resQ);
        } else {
            Value[] p = g.split(g.reshape(kv, 0, n, heads, (long) kd + vd), 3, kd, vd);
            Value k = g.transpose(p[0], 0, 2, 3, 1);
            Value v = g.transpose(p[1], 0, 2, 1, 3);
            q = g.transpose(g.reshape(q, 0, nq, heads, kd), 0, 2, 1, 3);
            Value attn = g.add(g.mul(g.matMul(q, k), scale), bias);
            attn = g.softmax(attn, -1);
            out = g.transpose(g.matMul(attn, v), 0, 2, 1, 3);
            out = g.reshape(out, 0, nq, (long) heads * vd);
        }
        return proj(g, out, heads * vd, outDim, nq, Init.ones());
    }

    /**
     * {@code attention_biases[:, attention_bias_idxs]}: [heads, Nq, N] with Nq the query positions (every
     * {@code stride}-th row and column) and N all res×res key positions.
     */
    private static Value attentionBias(GraphBuilder g, int heads, int res, int stride) {
        int n = res * res;
        int resQ = (res - 1) / stride + 1;
        long[] idx = new long[resQ * resQ * n];
        int i = 0;
        for (int qr = 0; qr < res; qr += stride) {
            for (int qc = 0; qc < res; qc += stride) {
                for (int kr = 0; kr < res; kr++) {
                    for (int kc = 0; kc < res; kc++) {
                        idx[i++] = (long) Math.abs(qr - kr) * res + Math.abs(qc - kc);
                    }
                }
            }
        }
        Value table = g.weight("attention_biases", new long[] {heads, n}, Init.normal(0.02));
        Value idxs = g.buffer("attention_bias_idxs", new long[] {(long) resQ * resQ, n}, idx);
        return g.gather(table, idxs, 1);
    }

    /** timm's NormLinear: BatchNorm1d ({@code bn}) then Linear ({@code linear}, trunc-normal 0.02, bias). */
    private Value normLinear(GraphBuilder g, String name, Value x, int dim) {
        try (var h = g.scope(name)) {
            try (var b = g.scope("bn")) {
                x = Layers.batchNorm(g, x, dim, BN_EPS);
            }
            try (var l = g.scope("linear")) {
                return Layers.linear(g, x, dim, numClasses, true, TorchInit.truncNormal02());
            }
        }
    }
}
