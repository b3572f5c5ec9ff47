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
 * PoolFormerV2 as timm's {@code metaformer.py} builds it ({@code MetaFormer} with the pooling token mixer):
 * a 7×7 stride-4 conv stem followed by a bias-free LayerNorm2d; four stages, stages 1–3 opened by a
 * bias-free LayerNorm2d then a 3×3 stride-2 conv; MetaFormer blocks in NCHW of
 * {@code x = res_scale1(x) + pool(norm1(x))} and {@code x = res_scale2(x) + mlp(norm2(x))}.
 *
 * <p>The V2 changes over PoolFormer, as timm has them for {@code poolformerv2_*}: the norms are GroupNorm
 * with one group and no bias ({@code GroupNorm1NoBias}, eps 1e-6); the MLP is two bias-free 1×1 convs with
 * StarReLU between (s·relu(x)² + b with a learnable scalar s and b, initialised 1 and 0); no layer scale; res
 * scale (a learnable per-channel multiplier of the shortcut, initialised 1) in stages 2 and 3 only; and the
 * pooling mixer is AvgPool 3×3 stride 1 (count_include_pad=False) minus its input. Head: global average pool,
 * LayerNorm2d with bias (eps 1e-6), flatten, Linear (no MLP head for poolformerv2).
 *
 * <p>GroupNorm with one group is written as torch exports it at opset 17 (Reshape, InstanceNormalization,
 * Reshape, per-channel scale); its weight and the res-scale vectors are stored [C, 1, 1], the shape they are
 * broadcast to. StarReLU's two scalars per block are one-element tensors, which vitwatt's statistics do not
 * count as parameters (48 in all, far below the 0.01 M shown).
 *
 * <p>Synthetic weights: timm's init, trunc-normal 0.02 for every conv and linear weight, zero biases, norm
 * weights 1, LayerNorm bias 0, res scale 1, StarReLU scale 1 and bias 0.
 *
 * @param imageSize  square input size
 * @param depths     blocks per stage
 * @param dims       width of each stage
 * @param resScale   which stages have res scale (timm default: stages 2 and 3)
 * @param numClasses classes of the head
 */
public record PoolFormerV2(int imageSize, List<Integer> depths, List<Integer> dims, List<Boolean> resScale,
        int numClasses) implements Architecture {

    private static final float NORM_EPS = 1e-6f;

    public PoolFormerV2 {
        depths = List.copyOf(depths);
        dims = List.copyOf(dims);
        resScale = List.copyOf(resScale);
        if (depths.size() != dims.size() || depths.size() != resScale.size() || imageSize % 32 != 0) {
            throw new IllegalArgumentException("depths, dims and resScale need one entry per stage, and the image "
                    + "size must be a multiple of 32");
        }
    }

    /** timm's {@code poolformerv2_s24}. */
    public static PoolFormerV2 s24() {
        return new PoolFormerV2(224, List.of(4, 4, 12, 4), List.of(64, 128, 320, 512),
                List.of(false, false, true, true), 1000);
    }

    @Override
    public String family() {
        return "poolformer";
    }

    @Override
    public ModelProto build(String graphName, Weights weights, Progress progress) {
        GraphBuilder g = new GraphBuilder(graphName, weights);
        Value x = g.input(INPUT, GraphBuilder.FLOAT, "batch", 3, imageSize, imageSize);
        int d0 = dims.get(0);
        try (var s = g.scope("stem")) {
            try (var c = g.scope("conv")) {
                x = Layers.conv(g, x, 3, d0, 7, 4, 2, 1, true, TorchInit.truncNormal02());
            }
            try (var n = g.scope("norm")) {
                x = Layers.layerNorm2d(g, x, d0, NORM_EPS, false);
            }
        }
        int res = (imageSize + 2 * 2 - 7) / 4 + 1;
        int prev = d0;
        try (var s = g.scope("stages")) {
            for (int i = 0; i < dims.size(); i++) {
                progress.say("stage " + i);
                int dim = dims.get(i);
                try (var st = g.scope("stages." + i)) {
                    if (prev != dim) {
                        try (var d = g.scope("downsample")) {
                            try (var n = g.scope("norm")) {
                                x = Layers.layerNorm2d(g, x, prev, NORM_EPS, false);
                            }
                            try (var c = g.scope("conv")) {
                                x = Layers.conv(g, x, prev, dim, 3, 2, 1, 1, true, TorchInit.truncNormal02());
                            }
                        }
                        res = (res + 2 - 3) / 2 + 1;
                    }
                    try (var b = g.scope("blocks")) {
                        for (int j = 0; j < depths.get(i); j++) {
                            try (var blk = g.scope("blocks." + j)) {
                                x = block(g, x, dim, res, resScale.get(i));
                            }
                        }
                    }
                }
                prev = dim;
            }
        }
        Value logits;
        try (var h = g.scope("head")) {
            try (var p = g.scope("global_pool")) {
                x = g.globalAvgPool(x);
            }
            try (var n = g.scope("norm")) {
                x = Layers.layerNorm2d(g, x, prev, NORM_EPS, true);
            }
            try (var f = g.scope("flatten")) {
                x = g.flatten(x, 1);
            }
            try (var f = g.scope("fc")) {
                logits = Layers.linear(g, x, prev, numClasses, true, TorchInit.truncNormal02());
            }
        }
        logits = g.rename(logits, OUTPUT);
        g.output(logits, GraphBuilder.FLOAT, "batch", numClasses);
        g.metadata("vitwatt.architecture", toString());
        return g.build("vitwatt", "PoolFormerV2 built by vitwatt with synthetic weights");
    }

    private static Value block(GraphBuilder g, Value x, int dim, int res, boolean resScale) {
        Value h;
        try (var n = g.scope("norm1")) {
            h = Layers.groupNorm1(g, x, dim, res, res, NORM_EPS, false);
        }
        try (var t = g.scope("token_mixer")) {
            Value pooled;
            try (var p = g.scope("pool")) {
                pooled = g.avgPool(h, 3, 1, 1, false);
            }
            h = g.sub(pooled, h);
        }
        x = g.add(scaled(g, x, dim, resScale, "res_scale1"), h);
        try (var n = g.scope("norm2")) {
            h = Layers.groupNorm1(g, x, dim, res, res, NORM_EPS, false);
        }
        try (var m = g.scope("mlp")) {
            try (var f = g.scope("fc1")) {
                h = Layers.conv(g, h, dim, 4L * dim, 1, 1, 0, 1, false, TorchInit.truncNormal02());
            }
            try (var a = g.scope("act")) {
                h = starRelu(g, h);
            }
            try (var f = g.scope("fc2")) {
                h = Layers.conv(g, h, 4L * dim, dim, 1, 1, 0, 1, false, TorchInit.truncNormal02());
            }
        }
        return g.add(scaled(g, x, dim, resScale, "res_scale2"), h);
    }

    /** timm's {@code Scale} (x · scale.view(C, 1, 1)) when the stage has res scale, else the identity. */
    private static Value scaled(GraphBuilder g, Value x, int dim, boolean on, String name) {
        if (!on) {
            return x;
        }
        try (var s = g.scope(name)) {
            return g.mul(x, g.weight("scale", new long[] {dim, 1, 1}, Init.ones()));
        }
    }

    /** StarReLU: scale · relu(x)² + bias, with learnable one-element scale and bias. */
    private static Value starRelu(GraphBuilder g, Value x) {
        Value r = g.relu(x);
        Value scale = g.weight("scale", new long[] {1}, Init.ones());
        Value bias = g.weight("bias", new long[] {1}, Init.zeros());
        return g.add(g.mul(scale, g.mul(r, r)), bias);
    }
}
