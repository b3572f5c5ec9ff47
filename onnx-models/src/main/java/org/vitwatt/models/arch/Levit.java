package org.vitwatt.models.arch;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.vitwatt.feedback.Progress;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;

/**
 * LeViT as timm's {@code levit.py} builds it ({@code LevitDistilled}, the class behind the pretrained
 * {@code fb_dist_in1k} weights): a stride-16 stem of four 3×3 stride-2 ConvNorm layers with Hardswish between
 * them, three stages of residual attention + MLP blocks at 14×14, 7×7 and 4×4, the stages joined by LeViT's
 * subsample attention ({@code AttentionDownsample}: queries from every second position, keys and values from
 * all, no residual) followed by a residual MLP, and a distillation head — {@code head} and
 * {@code head_dist}, each BatchNorm1d + Linear on the mean token, averaged at inference. The layers are
 * {@link LevitLayers}, the two attentions {@link LevitAttention}.
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
    public ModelProto build(String graphName, Weights weights, Progress progress) {
        GraphBuilder g = new GraphBuilder(graphName, weights);
        LevitLayers layers = new LevitLayers(g, useConv);
        LevitAttention attention = new LevitAttention(layers, keyDim, attnRatio);
        Value x = g.input(INPUT, GraphBuilder.FLOAT, "batch", 3, imageSize, imageSize);
        int e0 = embedDims.get(0);
        try (var s = g.scope("stem")) {
            int[] chs = {3, e0 / 8, e0 / 4, e0 / 2, e0};
            for (int i = 1; i <= 4; i++) {
                try (var c = g.scope("conv" + i)) {
                    x = layers.convNorm(x, chs[i - 1], chs[i], 3, 2, 1);
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
                        progress.say("stage " + i + " downsample");
                        try (var d = g.scope("downsample")) {
                            try (var a = g.scope("attn_downsample")) {
                                x = attention.attentionDownsample(x, inDim, dim, inDim / keyDim, 4.0, res);
                            }
                            res = (res - 1) / 2 + 1;
                            x = g.add(x, layers.mlp(x, dim, (int) (dim * 2.0), res));
                        }
                    }
                    try (var b = g.scope("blocks")) {
                        for (int j = 0; j < depths.get(i); j++) {
                            progress.say("stage " + i + " block " + (j + 1) + "/" + depths.get(i));
                            try (var blk = g.scope("blocks." + j)) {
                                try (var a = g.scope("attn")) {
                                    x = g.add(x, attention.attention(x, dim, numHeads.get(i), res));
                                }
                                x = g.add(x, layers.mlp(x, dim, (int) (dim * mlpRatio), res));
                            }
                        }
                    }
                }
                inDim = dim;
            }
        }
        // forward_head: global average over the tokens / positions
        x = useConv ? g.reduceMean(x, false, 2, 3) : g.reduceMean(x, false, 1);
        Value logits = layers.normLinear("head", x, inDim, numClasses);
        if (distilled) {
            logits = g.div(g.add(logits, layers.normLinear("head_dist", x, inDim, numClasses)), g.scalar(2f));
        }
        logits = g.rename(logits, OUTPUT);
        g.output(logits, GraphBuilder.FLOAT, "batch", numClasses);
        g.metadata("vitwatt.architecture", toString());
        return g.build("vitwatt", "LeViT built by vitwatt with synthetic weights");
    }
}
