package org.vitwatt.models.arch;

import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;

/**
 * TinyViT's convolutional parts as timm's {@code tiny_vit.py} writes them: {@code ConvNorm} (bias-free conv, then
 * BatchNorm2d), the {@code MBConv} blocks of stage 0 and the {@code PatchMerging} that opens stages 1-3.
 */
final class TinyVitConvs {
    static final float BN_EPS = 1e-5f;

    private TinyVitConvs() {
    }

    /** timm's ConvNorm: bias-free conv ({@code conv}) then BatchNorm2d ({@code bn}). */
    static Value convNorm(GraphBuilder g, Value x, int in, int out, int k, int stride, int pad, int groups) {
        return convNorm(g, x, in, out, k, stride, pad, groups, Init.ones());
    }

    /** A ConvNorm whose BN weight is filled per {@code bnWeight}. */
    static Value convNorm(GraphBuilder g, Value x, int in, int out, int k, int stride, int pad, int groups,
            Init bnWeight) {
        try (var c = g.scope("conv")) {
            x = Layers.conv(g, x, in, out, k, stride, pad, groups, false,
                    TorchInit.kaimingNormal((long) in / groups * k * k));
        }
        try (var b = g.scope("bn")) {
            return Layers.batchNorm(g, x, out, BN_EPS, bnWeight);
        }
    }

    /** timm's MBConv: 1×1 expand, 3×3 depthwise, 1×1 project (each ConvNorm), GELUs, residual then GELU. */
    static Value mbConv(GraphBuilder g, Value x, int dim, double expandRatio) {
        int mid = (int) (dim * expandRatio);
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

    /** timm's PatchMerging: 1×1, 3×3 depthwise stride 2, 1×1 ConvNorms with GELU between. */
    static Value patchMerging(GraphBuilder g, Value x, int dim, int out) {
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
}
