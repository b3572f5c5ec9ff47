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
 * TinyViT as timm's {@code tiny_vit.py} builds it: a stride-4 conv stem ({@code patch_embed}: two 3×3
 * stride-2 ConvNorm with GELU between), a first stage of MBConv blocks (1×1 expand ×4, 3×3 depthwise, 1×1
 * project, each conv + BatchNorm, GELU, residual then GELU), then three transformer stages, each opened by
 * {@code PatchMerging} (1×1, 3×3 depthwise stride 2, 1×1 ConvNorms with GELU) and made of TinyViT blocks:
 * window attention (pre-LayerNorm inside the attention, per-head learned attention biases gathered by
 * |Δrow|·w + |Δcol| over the window, windows of 7, 14 and 7 at 28², 14² and 7² so stage 2 and 3 attend over
 * the whole map), a residual, a 3×3 depthwise ConvNorm "local conv", then a pre-norm GELU MLP (ratio 4)
 * with residual. The head is timm's {@code NormMlpClassifierHead}: global average pool, LayerNorm2d
 * (eps 1e-5; applied after the flatten, which is the same on a 1×1 map), Linear.
 *
 * <p>Tokens are kept channels-last [B, H, W, C] inside a stage as timm does; window partition and reverse
 * are Reshape / Transpose with the batch dim dynamic. The plain ({@code in1k}) and distilled
 * ({@code dist_in22k_ft_in1k}) checkpoints share this architecture; only their weights differ.
 *
 * <p>Synthetic weights: Linear trunc-normal 0.02 with zero bias (timm's {@code _init_weights}); convs, each
 * followed by a BatchNorm, kaiming-normal as {@link TorchInit#kaimingNormal} explains; BatchNorm 1 / 0 / 0 / 1
 * except the last BN of each MBConv, which timm zero-inits and vitwatt sets small
 * ({@link TorchInit#RESIDUAL_BRANCH_BN_WEIGHT}); LayerNorm
 * 1 / 0; attention biases normal 0.02 (timm: zeros).
 *
 * @param imageSize   square input size (224: the windows tile the maps exactly, no padding)
 * @param embedDims   width of each stage (stage 0 is the MBConv stage)
 * @param depths      blocks per stage
 * @param numHeads    heads of each stage (stage 0 unused)
 * @param windowSizes attention window of each stage (stage 0 unused)
 * @param mlpRatio    MLP hidden width / width
 * @param mbconvExpandRatio MBConv expansion
 * @param localConvSize kernel of the depthwise local conv in the blocks
 * @param numClasses  classes of the head
 */
public record TinyVit(int imageSize, List<Integer> embedDims, List<Integer> depths, List<Integer> numHeads,
        List<Integer> windowSizes, double mlpRatio, double mbconvExpandRatio, int localConvSize, int numClasses)
        implements Architecture {

    private static final float BN_EPS = 1e-5f;
    private static final float LN_EPS = 1e-5f;

    public TinyVit {
        embedDims = List.copyOf(embedDims);
        depths = List.copyOf(depths);
        numHeads = List.copyOf(numHeads);
        windowSizes = List.copyOf(windowSizes);
        if (embedDims.size() != depths.size() || embedDims.size() != numHeads.size()
                || embedDims.size() != windowSizes.size()) {
            throw new IllegalArgumentException("embedDims, depths, numHeads and windowSizes need one entry per stage");
        }
        int res = imageSize / 4;
        for (int i = 1; i < embedDims.size(); i++) {
            res = (res - 1) / 2 + 1;
            if (res % windowSizes.get(i) != 0) {
                throw new IllegalArgumentException("stage " + i + " map " + res + " is not a multiple of its window "
                        + windowSizes.get(i) + ": padded windows are not built");
            }
            if (embedDims.get(i) % numHeads.get(i) != 0) {
                throw new IllegalArgumentException("stage " + i + " width must be a multiple of its heads");
            }
        }
    }

    /** timm's {@code tiny_vit_5m_224}. */
    public static TinyVit tinyVit5m() {
        return of(List.of(64, 128, 160, 320), List.of(2, 4, 5, 10));
    }

    /** timm's {@code tiny_vit_11m_224}. */
    public static TinyVit tinyVit11m() {
        return of(List.of(64, 128, 256, 448), List.of(2, 4, 8, 14));
    }

    /** timm's {@code tiny_vit_21m_224}. */
    public static TinyVit tinyVit21m() {
        return of(List.of(96, 192, 384, 576), List.of(3, 6, 12, 18));
    }

    private static TinyVit of(List<Integer> dims, List<Integer> heads) {
        return new TinyVit(224, dims, List.of(2, 2, 6, 2), heads, List.of(7, 7, 14, 7), 4.0, 4.0, 3, 1000);
    }

    @Override
    public String family() {
        return "tinyvit";
    }

    @Override
    public ModelProto build(String graphName, Weights weights, Consumer<String> progress) {
        GraphBuilder g = new GraphBuilder(graphName, weights);
        Value x = g.input(INPUT, GraphBuilder.FLOAT, "batch", 3, imageSize, imageSize);
        int e0 = embedDims.get(0);
        try (var s = g.scope("patch_embed")) {
            try (var c = g.scope("conv1")) {
                x = convNorm(g, x, 3, e0 / 2, 3, 2, 1, 1);
            }
            try (var a = g.scope("act")) {
                x = Layers.gelu(g, x);
            }
            try (var c = g.scope("conv2")) {
                x = convNorm(g, x, e0 / 2, e0, 3, 2, 1, 1);
            }
        }
        int res = imageSize / 4;
        try (var s = g.scope("stages")) {
            for (int i = 0; i < embedDims.size(); i++) {
                progress.accept("stage " + i);
                try (var st = g.scope("stages." + i)) {
                    if (i == 0) {
                        try (var b = g.scope("blocks")) {
                            for (int j = 0; j < depths.get(0); j++) {
                                try (var blk = g.scope("blocks." + j)) {
                                    x = mbConv(g, x, e0);
                                }
                            }
                        }
                    } else {
                        int dim = embedDims.get(i);
                        try (var d = g.scope("downsample")) {
                            x = patchMerging(g, x, embedDims.get(i - 1), dim);
                        }
                        res = (res - 1) / 2 + 1;
                        x = g.transpose(x, 0, 2, 3, 1);                                  // BCHW -> BHWC
                        try (var b = g.scope("blocks")) {
                            for (int j = 0; j < depths.get(i); j++) {
                                try (var blk = g.scope("blocks." + j)) {
                                    x = block(g, x, dim, numHeads.get(i), windowSizes.get(i), res);
                                }
                            }
                        }
                        x = g.transpose(x, 0, 3, 1, 2);                                  // BHWC -> BCHW
                    }
                }
            }
        }
        int last = embedDims.get(embedDims.size() - 1);
        Value logits;
        try (var h = g.scope("head")) {
            try (var p = g.scope("global_pool")) {
                x = g.globalAvgPool(x);
            }
            x = g.flatten(x, 1);
            try (var n = g.scope("norm")) {
                x = Layers.layerNorm(g, x, last, LN_EPS);
            }
            try (var f = g.scope("fc")) {
                logits = Layers.linear(g, x, last, numClasses, true, TorchInit.truncNormal02());
            }
        }
        logits = g.rename(logits, OUTPUT);
        g.output(logits, GraphBuilder.FLOAT, "batch", numClasses);
        g.metadata("vitwatt.architecture", toString());
        return g.build("vitwatt", "TinyViT built by vitwatt with synthetic weights");
    }

    /** timm's ConvNorm: bias-free conv ({@code conv}) then BatchNorm2d ({@code bn}). */
    private static Value convNorm(GraphBuilder g, Value x, int in, int out, int k, int stride, int pad, int groups) {
        return convNorm(g, x, in, out, k, stride, pad, groups, Init.ones());
    }

    private static Value convNorm(GraphBuilder g, Value x, int in, int out, int k, int stride, int pad, int groups,
            Init bnWeight) {
        try (var c = g.scope("conv")) {
            x = Layers.conv(g, x, in, out, k, stride, pad, groups, false,
                    TorchInit.kaimingNormal((long) in / groups * k * k));
        }
        try (var b = g.scope("bn")) {
            return Layers.batchNorm(g, x, out, BN_EPS, bnWeight);
        }
    }

    private Value mbConv(GraphBuilder g, Value x, int dim) {
        int mid = (int) (dim * mbconvExpandRatio);
        Value shortcut = x;
        try (var c = g.scope("conv1")) {
            x = convNorm(g, x, dim, mid, 1, 1, 0, 1);
        }
        try (var a = g.scope("act1")) {
            x = Layers.gelu(g, x);
        }
        try (var c = g.scope("conv2")) {
            x = convNorm(g, x, mid, mid, 3, 1, 1, mid);
        }
        try (var a = g.scope("act2")) {
            x = Layers.gelu(g, x);
        }
        try (var c = g.scope("conv3")) {
            x = convNorm(g, x, mid, dim, 1, 1, 0, 1, TorchInit.residualBranchBnWeight());
        }
        x = g.add(x, shortcut);
        try (var a = g.scope("act3")) {
            return Layers.gelu(g, x);
        }
    }

    private static Value patchMerging(GraphBuilder g, Value x, int dim, int out) {
        try (var c = g.scope("conv1")) {
            x = convNorm(g, x, dim, out, 1, 1, 0, 1);
        }
        try (var a = g.scope("act1")) {
            x = Layers.gelu(g, x);
        }
        try (var c = g.scope("conv2")) {
            x = convNorm(g, x, out, out, 3, 2, 1, out);
        }
        try (var a = g.scope("act2")) {
            x = Layers.gelu(g, x);
        }
        try (var c = g.scope("conv3")) {
            return convNorm(g, x, out, out, 1, 1, 0, 1);
        }
    }

    /** A TinyViT block on channels-last [B, res, res, C]. */
    private Value block(GraphBuilder g, Value x, int dim, int heads, int ws, int res) {
        long c = dim;
        long l = (long) res * res;
        Value shortcut = x;
        Value h;
        if (res == ws) {
            h = g.reshape(x, 0, l, c);
            try (var a = g.scope("attn")) {
                h = attention(g, h, dim, heads, ws);
            }
            h = g.reshape(h, 0, res, res, c);
        } else {
            long n = res / ws;                                          // windows per side (no padding at 224)
            h = g.reshape(x, 0, n, ws, n, ws, c);
            h = g.transpose(h, 0, 1, 3, 2, 4, 5);
            h = g.reshape(h, -1, (long) ws * ws, c);                     // [B·nH·nW, ws², C]
            try (var a = g.scope("attn")) {
                h = attention(g, h, dim, heads, ws);
            }
            h = g.reshape(h, -1, n, n, ws, ws, c);
            h = g.transpose(h, 0, 1, 3, 2, 4, 5);
            h = g.reshape(h, -1, res, res, c);
        }
        x = g.add(shortcut, h);
        x = g.transpose(x, 0, 3, 1, 2);                                   // permute(0, 3, 1, 2)
        try (var lc = g.scope("local_conv")) {
            x = convNorm(g, x, dim, dim, localConvSize, 1, localConvSize / 2, dim);
        }
        x = g.transpose(g.reshape(x, 0, c, l), 0, 2, 1);                  // reshape(B, C, L).transpose(1, 2)
        try (var m = g.scope("mlp")) {
            try (var n = g.scope("norm")) {
                h = Layers.layerNorm(g, x, c, LN_EPS);
            }
            try (var f = g.scope("fc1")) {
                h = Layers.linear(g, h, c, (long) (c * mlpRatio), true, TorchInit.truncNormal02());
            }
            try (var a = g.scope("act")) {
                h = Layers.gelu(g, h);
            }
            try (var f = g.scope("fc2")) {
                h = Layers.linear(g, h, (long) (c * mlpRatio), c, true, TorchInit.truncNormal02());
            }
        }
        x = g.add(x, h);
        return g.reshape(x, 0, res, res, c);                              // view(B, H, W, C)
    }

    /** TinyViT's Attention (attn_ratio 1, key dim = dim / heads) on [B', N, C]; scope "attn" is open. */
    private static Value attention(GraphBuilder g, Value x, int dim, int heads, int ws) {
        int kd = dim / heads;
        int n = ws * ws;
        try (var s = g.scope("norm")) {
            x = Layers.layerNorm(g, x, dim, LN_EPS);
        }
        Value qkv;
        try (var s = g.scope("qkv")) {
            qkv = Layers.linear(g, x, dim, (long) heads * 3 * kd, true, TorchInit.truncNormal02());
        }
        Value[] p = g.split(g.reshape(qkv, 0, n, heads, 3L * kd), 3, kd, kd, kd);    // [B', N, h, d]
        Value q = g.transpose(p[0], 0, 2, 1, 3);
        Value k = g.transpose(p[1], 0, 2, 1, 3);
        Value v = g.transpose(p[2], 0, 2, 1, 3);
        q = g.mul(q, g.scalar((float) (1.0 / Math.sqrt(kd))));
        Value attn = g.matMul(q, g.transpose(k, 0, 1, 3, 2));
        long[] idx = new long[n * n];
        int i = 0;
        for (int ar = 0; ar < ws; ar++) {
            for (int ac = 0; ac < ws; ac++) {
                for (int br = 0; br < ws; br++) {
                    for (int bc = 0; bc < ws; bc++) {
                        // the offset (|Δr|, |Δc|) numbered in order of first appearance = |Δr|·ws + |Δc|
                        idx[i++] = (long) Math.abs(ar - br) * ws + Math.abs(ac - bc);
                    }
                }
            }
        }
        Value table = g.weight("attention_biases", new long[] {heads, n}, Init.normal(0.02));
        Value bias = g.gather(table, g.buffer("attention_bias_idxs", new long[] {n, n}, idx), 1);
        attn = g.softmax(g.add(attn, bias), -1);
        Value out = g.transpose(g.matMul(attn, v), 0, 2, 1, 3);
        out = g.reshape(out, 0, n, (long) heads * kd);
        try (var s = g.scope("proj")) {
            return Layers.linear(g, out, (long) heads * kd, dim, true, TorchInit.truncNormal02());
        }
    }
}
