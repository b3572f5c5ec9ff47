package org.vitwatt.models.arch;

import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;

/**
 * The norm-carrying layers LeViT is made of, in either of timm's two layouts: {@code ConvNorm} (bias-free conv then
 * BatchNorm2d), {@code LinearNorm} (bias-free Linear then BatchNorm1d over the flattened tokens), the residual MLP,
 * the attention projection and the {@code NormLinear} heads. {@code useConv} picks [B, C, H, W] with 1×1 convs
 * ({@code levit_conv_*}) or [B, N, C] with linears ({@code levit_*}).
 */
final class LevitLayers {
    static final float BN_EPS = 1e-5f;

    private final GraphBuilder g;
    private final boolean useConv;

    LevitLayers(GraphBuilder g, boolean useConv) {
        this.g = g;
        this.useConv = useConv;
    }

    GraphBuilder graph() {
        return g;
    }

    boolean useConv() {
        return useConv;
    }

    /** timm's ConvNorm: bias-free conv ({@code linear}) then BatchNorm2d ({@code bn}), BN weight 1. */
    Value convNorm(Value x, int in, int out, int k, int stride, int pad) {
        return convNorm(x, in, out, k, stride, pad, Init.ones());
    }

    /** A ConvNorm whose BN weight is filled per {@code bnWeight}. */
    Value convNorm(Value x, int in, int out, int k, int stride, int pad, Init bnWeight) {
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
    Value norm1x1(Value x, int in, int out, int tokens, Init bnWeight) {
        if (useConv) {
            return convNorm(x, in, out, 1, 1, 0, bnWeight);
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

    /** LeViT's residual MLP branch ({@code mlp}): norm 1×1 up, Hardswish, norm 1×1 down (small BN weight). */
    Value mlp(Value x, int dim, int hidden, int res) {
        int n = res * res;
        try (var m = g.scope("mlp")) {
            try (var l = g.scope("ln1")) {
                x = norm1x1(x, dim, hidden, n, Init.ones());
            }
            try (var a = g.scope("act")) {
                x = Layers.hardSwish(g, x);
            }
            try (var l = g.scope("ln2")) {
                return norm1x1(x, hidden, dim, n, TorchInit.residualBranchBnWeight());
            }
        }
    }

    /** {@code proj}: Hardswish then LinearNorm / ConvNorm back to the block width. */
    Value proj(Value x, int in, int out, int tokens, Init bnWeight) {
        try (var p = g.scope("proj")) {
            try (var a = g.scope("act")) {
                x = Layers.hardSwish(g, x);
            }
            try (var l = g.scope("ln")) {
                return norm1x1(x, in, out, tokens, bnWeight);
            }
        }
    }

    /** timm's NormLinear: BatchNorm1d ({@code bn}) then Linear ({@code linear}, trunc-normal 0.02, bias). */
    Value normLinear(String name, Value x, int dim, int numClasses) {
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
