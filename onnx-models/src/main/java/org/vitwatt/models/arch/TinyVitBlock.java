package org.vitwatt.models.arch;

import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;

/**
 * One TinyViT block on channels-last [B, H, W, C], as timm's {@code TinyVitBlock}: window attention (pre-LayerNorm
 * inside the attention, per-head learned attention biases gathered by |Δrow|·w + |Δcol| over the window; windows
 * partitioned and reversed by Reshape / Transpose with the batch dynamic), a residual, a depthwise ConvNorm local
 * conv, then a residual pre-norm GELU MLP.
 */
final class TinyVitBlock {
    private static final float LN_EPS = 1e-5f;

    private final GraphBuilder g;
    private final double mlpRatio;
    private final int localConvSize;

    TinyVitBlock(GraphBuilder g, double mlpRatio, int localConvSize) {
        this.g = g;
        this.mlpRatio = mlpRatio;
        this.localConvSize = localConvSize;
    }

    /** A TinyViT block on channels-last [B, res, res, C]. */
    Value block(Value x, int dim, int heads, int ws, int res) {
        long c = dim;
        long l = (long) res * res;
        Value shortcut = x;
        Value h;
        if (res == ws) {
            h = g.reshape(x, 0, l, c);
            try (var a = g.scope("attn")) {
                h = attention(h, dim, heads, ws);
            }
            h = g.reshape(h, 0, res, res, c);
        } else {
            long n = res / ws;                                          // windows per side (no padding at 224)
            h = g.reshape(x, 0, n, ws, n, ws, c);
            h = g.transpose(h, 0, 1, 3, 2, 4, 5);
            h = g.reshape(h, -1, (long) ws * ws, c);                     // [B·nH·nW, ws², C]
            try (var a = g.scope("attn")) {
                h = attention(h, dim, heads, ws);
            }
            h = g.reshape(h, -1, n, n, ws, ws, c);
            h = g.transpose(h, 0, 1, 3, 2, 4, 5);
            h = g.reshape(h, -1, res, res, c);
        }
        x = g.add(shortcut, h);
        x = g.transpose(x, 0, 3, 1, 2);                                   // permute(0, 3, 1, 2)
        try (var lc = g.scope("local_conv")) {
            x = TinyVitConvs.convNorm(g, x, dim, dim, localConvSize, 1, localConvSize / 2, dim);
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
    private Value attention(Value x, int dim, int heads, int ws) {
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
