package org.vitwatt.models.arch;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.vitwatt.feedback.Progress;
import org.vitwatt.models.graph.GraphBuilder;
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
 * <p>Tokens are kept channels-last [B, H, W, C] inside a stage as timm does ({@link TinyVitBlock}); window
 * partition and reverse are Reshape / Transpose with the batch dim dynamic; the convolutional parts are
 * {@link TinyVitConvs}. The plain ({@code in1k}) and distilled
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
    public ModelProto build(String graphName, Weights weights, Progress progress) {
        GraphBuilder g = new GraphBuilder(graphName, weights);
        TinyVitBlock blocks = new TinyVitBlock(g, mlpRatio, localConvSize);
        Value x = g.input(INPUT, GraphBuilder.FLOAT, "batch", 3, imageSize, imageSize);
        int e0 = embedDims.get(0);
        try (var s = g.scope("patch_embed")) {
            try (var c = g.scope("conv1")) {
                x = TinyVitConvs.convNorm(g, x, 3, e0 / 2, 3, 2, 1, 1);
            }
            try (var a = g.scope("act")) {
                x = Layers.gelu(g, x);
            }
            try (var c = g.scope("conv2")) {
                x = TinyVitConvs.convNorm(g, x, e0 / 2, e0, 3, 2, 1, 1);
            }
        }
        int res = imageSize / 4;
        try (var s = g.scope("stages")) {
            for (int i = 0; i < embedDims.size(); i++) {
                progress.say("stage " + i);
                try (var st = g.scope("stages." + i)) {
                    if (i == 0) {
                        try (var b = g.scope("blocks")) {
                            for (int j = 0; j < depths.get(0); j++) {
                                try (var blk = g.scope("blocks." + j)) {
                                    x = TinyVitConvs.mbConv(g, x, e0, mbconvExpandRatio);
                                }
                            }
                        }
                    } else {
                        int dim = embedDims.get(i);
                        try (var d = g.scope("downsample")) {
                            x = TinyVitConvs.patchMerging(g, x, embedDims.get(i - 1), dim);
                        }
                        res = (res - 1) / 2 + 1;
                        x = g.transpose(x, 0, 2, 3, 1);                                  // BCHW -> BHWC
                        try (var b = g.scope("blocks")) {
                            for (int j = 0; j < depths.get(i); j++) {
                                try (var blk = g.scope("blocks." + j)) {
                                    x = blocks.block(x, dim, numHeads.get(i), windowSizes.get(i), res);
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
}
