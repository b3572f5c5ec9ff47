package org.vitwatt.models.arch;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.vitwatt.feedback.Progress;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;

/**
 * EfficientViT (MIT Han lab) as timm's {@code efficientvit_mit.py} builds {@code EfficientVit}: a stem (3×3
 * stride-2 ConvNormAct, then residual DSConv blocks), two convolutional stages of MBConv blocks (the first
 * of each stage strided and without residual), and two "ViT" stages whose first MBConv drops the norms of
 * its first two convs in favour of biases ({@code fewer_norm}) and whose blocks are {@code EfficientVitBlock}s:
 * a residual lightweight multi-scale linear attention ({@code LiteMLA}) then a residual MBConv. Activation
 * Hardswish, norm BatchNorm2d throughout.
 *
 * <p>LiteMLA: a bias-free 1×1 conv makes q, k, v (3·C channels); a multi-scale branch aggregates them with a
 * 5×5 depthwise conv then a grouped 1×1 conv (3·heads groups); both scales are concatenated and split into
 * heads of width {@code headDim}; q and k go through ReLU (the kernel function), v is padded with a column of
 * ones, and attention is linear: kv = kᵀ·v, out = q·kv, then out[..., :-1] / (out[..., -1] + 1e-5). A 1×1
 * ConvNorm projects the 2·C channels back to C.
 *
 * <p>Head ({@code ClassifierHead}): 1×1 ConvNormAct to {@code headWidths[0]}, global average pool, Linear
 * (no bias) to {@code headWidths[1]}, LayerNorm (eps 1e-5), Hardswish, Linear to the classes.
 *
 * <p>Synthetic weights (timm's EfficientViT sets no initialiser of its own, so PyTorch's defaults apply): the
 * head's linears and LiteMLA's qkv and aggregation convs (no BatchNorm after them) kaiming-uniform as
 * PyTorch; the other convs, which feed a BatchNorm, kaiming-normal (see {@link TorchInit#kaimingNormal});
 * conv biases 0 (PyTorch draws them uniform); BatchNorm 1 / 0 / 0 / 1, except the BN that ends a residual
 * branch (DSConv, MBConv and LiteMLA projections with a shortcut), whose weight is
 * {@link TorchInit#RESIDUAL_BRANCH_BN_WEIGHT}: with 1 the residual stream grows at every branch and LiteMLA's
 * unnormalised q·(kᵀv) products reach 1e19 (the head's LayerNorm hides it in the logits); LayerNorm 1 / 0.
 * LiteMLA's sums over positions stay large even so (about 1.3e3 here): timm computes that attention in
 * float32 under autocast, and an FP16 plan should too.
 *
 * @param imageSize   square input size
 * @param widths      stem width then the width of each of the four stages
 * @param depths      stem DSConv blocks then blocks per stage
 * @param headDim     width of one linear-attention head
 * @param expandRatio MBConv expansion
 * @param headWidths  the classifier head's conv width and hidden width
 * @param numClasses  classes of the head
 */
public record EfficientVit(int imageSize, List<Integer> widths, List<Integer> depths, int headDim,
        double expandRatio, List<Integer> headWidths, int numClasses) implements Architecture {

    private static final float BN_EPS = 1e-5f;
    private static final float LN_EPS = 1e-5f;
    private static final float ATTN_EPS = 1e-5f;
    /** LiteMLA's default multi-scale aggregation kernels. */
    private static final List<Integer> SCALES = List.of(5);

    public EfficientVit {
        widths = List.copyOf(widths);
        depths = List.copyOf(depths);
        headWidths = List.copyOf(headWidths);
        if (widths.size() != 5 || depths.size() != 5 || headWidths.size() != 2 || imageSize % 32 != 0) {
            throw new IllegalArgumentException("EfficientViT has a stem and four stages (five widths and depths), "
                    + "two head widths, and an image size that is a multiple of 32");
        }
    }

    /** timm's {@code efficientvit_b1} (the r224_in1k weights run it at 224 px). */
    public static EfficientVit b1() {
        return new EfficientVit(224, List.of(16, 32, 64, 128, 256), List.of(1, 2, 3, 3, 4), 16, 4.0,
                List.of(1536, 1600), 1000);
    }

    @Override
    public String family() {
        return "efficientvit";
    }

    /** Which of a ConvNormAct's parts are present. */
    private record Cna(boolean bias, boolean norm, boolean act) {
        static final Cna FULL = new Cna(false, true, true);
        static final Cna NORM_ONLY = new Cna(false, true, false);
        static final Cna BIAS_ACT = new Cna(true, false, true);
    }

    @Override
    public ModelProto build(String graphName, Weights weights, Progress progress) {
        GraphBuilder g = new GraphBuilder(graphName, weights);
        Value x = g.input(INPUT, GraphBuilder.FLOAT, "batch", 3, imageSize, imageSize);
        int w0 = widths.get(0);
        int res = imageSize / 2;
        try (var s = g.scope("stem")) {
            try (var c = g.scope("in_conv")) {
                x = convNormAct(g, x, 3, w0, 3, 2, 1, Cna.FULL);
            }
            for (int i = 0; i < depths.get(0); i++) {
                try (var r = g.scope("res" + i); var m = g.scope("main")) {
                    x = g.add(dsConv(g, x, w0), x);
                }
            }
        }
        int in = w0;
        try (var s = g.scope("stages")) {
            for (int i = 0; i < 4; i++) {
                progress.say("stage " + i);
                int w = widths.get(i + 1);
                boolean vit = i >= 2;
                res /= 2;
                try (var st = g.scope("stages." + i); var b = g.scope("blocks")) {
                    try (var b0 = g.scope("blocks.0"); var m = g.scope("main")) {
                        x = mbConv(g, x, in, w, 2, vit, false);                  // no shortcut
                    }
                    if (vit) {
                        for (int j = 1; j <= depths.get(i + 1); j++) {
                            try (var bj = g.scope("blocks." + j)) {
                                try (var c = g.scope("context_module"); var m = g.scope("main")) {
                                    x = g.add(liteMla(g, x, w, res), x);
                                }
                                try (var l = g.scope("local_module"); var m = g.scope("main")) {
                                    x = g.add(mbConv(g, x, w, w, 1, true, true), x);
                                }
                            }
                        }
                    } else {
                        for (int j = 1; j < depths.get(i + 1); j++) {
                            try (var bj = g.scope("blocks." + j); var m = g.scope("main")) {
                                x = g.add(mbConv(g, x, w, w, 1, false, true), x);
                            }
                        }
                    }
                }
                in = w;
            }
        }
        Value logits;
        try (var h = g.scope("head")) {
            try (var c = g.scope("in_conv")) {
                x = convNormAct(g, x, in, headWidths.get(0), 1, 1, 1, Cna.FULL);
            }
            try (var p = g.scope("global_pool")) {
                x = g.flatten(g.globalAvgPool(x), 1);
            }
            try (var c = g.scope("classifier")) {
                int hw0 = headWidths.get(0);
                int hw1 = headWidths.get(1);
                try (var l = g.scope("classifier.0")) {
                    x = Layers.linear(g, x, hw0, hw1, false, TorchInit.kaimingUniform(hw0));
                }
                try (var l = g.scope("classifier.1")) {
                    x = Layers.layerNorm(g, x, hw1, LN_EPS);
                }
                try (var l = g.scope("classifier.2")) {
                    x = Layers.hardSwish(g, x);
                }
                try (var l = g.scope("classifier.4")) {
                    logits = Layers.linear(g, x, hw1, numClasses, true, TorchInit.kaimingUniform(hw1));
                }
            }
        }
        logits = g.rename(logits, OUTPUT);
        g.output(logits, GraphBuilder.FLOAT, "batch", numClasses);
        g.metadata("vitwatt.architecture", toString());
        return g.build("vitwatt", "EfficientViT built by vitwatt with synthetic weights");
    }

    /** timm's ConvNormAct: conv ({@code conv}), optional BatchNorm2d ({@code norm}), optional Hardswish. */
    private static Value convNormAct(GraphBuilder g, Value x, int in, int out, int k, int stride, int groups,
            Cna parts) {
        return convNormAct(g, x, in, out, k, stride, groups, parts, Init.ones());
    }

    /** {@link #convNormAct} with the BatchNorm weight filled per {@code bnWeight}. */
    private static Value convNormAct(GraphBuilder g, Value x, int in, int out, int k, int stride, int groups,
            Cna parts, Init bnWeight) {
        try (var c = g.scope("conv")) {
            x = Layers.conv(g, x, in, out, k, stride, ((stride - 1) + (k - 1)) / 2, groups, parts.bias(),
                    TorchInit.kaimingNormal((long) in / groups * k * k));
        }
        if (parts.norm()) {
            try (var n = g.scope("norm")) {
                x = Layers.batchNorm(g, x, out, BN_EPS, bnWeight);
            }
        }
        if (parts.act()) {
            try (var a = g.scope("act")) {
                x = Layers.hardSwish(g, x);
            }
        }
        return x;
    }

    /** DSConv (stem, residual): 3×3 depthwise ConvNormAct then 1×1 ConvNorm. */
    private static Value dsConv(GraphBuilder g, Value x, int ch) {
        try (var d = g.scope("depth_conv")) {
            x = convNormAct(g, x, ch, ch, 3, 1, ch, Cna.FULL);
        }
        try (var p = g.scope("point_conv")) {
            return convNormAct(g, x, ch, ch, 1, 1, 1, Cna.NORM_ONLY, TorchInit.residualBranchBnWeight());
        }
    }

    /**
     * MBConv: 1×1 expand, 3×3 depthwise (strided), 1×1 project. {@code fewerNorm} (ViT stages) swaps the
     * first two BatchNorms for conv biases, as timm's {@code build_local_block(fewer_norm=True)} does.
     * {@code residual}: the block is a residual branch (its last BN gets the small synthetic weight).
     */
    private Value mbConv(GraphBuilder g, Value x, int in, int out, int stride, boolean fewerNorm, boolean residual) {
        int mid = (int) Math.round(in * expandRatio);
        Cna first = fewerNorm ? Cna.BIAS_ACT : Cna.FULL;
        try (var c = g.scope("inverted_conv")) {
            x = convNormAct(g, x, in, mid, 1, 1, 1, first);
        }
        try (var c = g.scope("depth_conv")) {
            x = convNormAct(g, x, mid, mid, 3, stride, mid, first);
        }
        try (var c = g.scope("point_conv")) {
            return convNormAct(g, x, mid, out, 1, 1, 1, Cna.NORM_ONLY,
                    residual ? TorchInit.residualBranchBnWeight() : Init.ones());
        }
    }

    /** LiteMLA on [B, C, res, res] with heads = C / headDim; the caller has opened "context_module.main". */
    private Value liteMla(GraphBuilder g, Value x, int ch, int res) {
        int heads = ch / headDim;
        int total = heads * headDim;
        long hw = (long) res * res;
        Value qkv;
        try (var s = g.scope("qkv"); var c = g.scope("conv")) {
            qkv = Layers.conv(g, x, ch, 3L * total, 1, 1, 0, 1, false, TorchInit.kaimingUniform(ch));
        }
        Value[] scales = new Value[SCALES.size() + 1];
        scales[0] = qkv;
        try (var s = g.scope("aggreg")) {
            for (int i = 0; i < SCALES.size(); i++) {
                int k = SCALES.get(i);
                Value a;
                try (var si = g.scope("aggreg." + i)) {
                    try (var c = g.scope("aggreg." + i + ".0")) {
                        a = Layers.conv(g, qkv, 3L * total, 3L * total, k, 1, k / 2, 3 * total, false,
                                TorchInit.kaimingUniform((long) k * k));
                    }
                    try (var c = g.scope("aggreg." + i + ".1")) {
                        a = Layers.conv(g, a, 3L * total, 3L * total, 1, 1, 0, 3 * heads, false,
                                TorchInit.kaimingUniform(3L * total / (3L * heads)));
                    }
                }
                scales[i + 1] = a;
            }
        }
        Value ms = g.concat(1, scales);                                         // [B, 3·C·(1+scales), H, W]
        long groups = (long) total * (1 + SCALES.size()) / headDim;             // heads of both scales
        ms = g.transpose(g.reshape(ms, 0, groups, 3L * headDim, hw), 0, 1, 3, 2); // [B, G, HW, 3·d]
        Value[] qkvs = g.split(ms, 3, headDim, headDim, headDim);
        Value q;
        Value k;
        try (var s = g.scope("kernel_func")) {
            q = g.relu(qkvs[0]);
            k = g.relu(qkvs[1]);
        }
        Value v = g.pad(qkvs[2], new long[] {0, 0, 0, 0, 0, 0, 0, 1}, 1f);      // F.pad(v, (0, 1), value=1)
        Value kv = g.matMul(g.transpose(k, 0, 1, 3, 2), v);                      // [B, G, d, d+1]
        Value out = g.matMul(q, kv);                                             // [B, G, HW, d+1]
        Value num = g.slice(out, new long[] {0}, new long[] {headDim}, new long[] {3}, new long[] {1});
        Value den = g.slice(out, new long[] {headDim}, new long[] {headDim + 1L}, new long[] {3}, new long[] {1});
        out = g.div(num, g.add(den, g.scalar(ATTN_EPS)));
        out = g.reshape(g.transpose(out, 0, 1, 3, 2), 0, groups * headDim, res, res);
        try (var p = g.scope("proj")) {
            return convNormAct(g, out, (int) (groups * headDim), ch, 1, 1, 1, Cna.NORM_ONLY,
                    TorchInit.residualBranchBnWeight());
        }
    }
}
