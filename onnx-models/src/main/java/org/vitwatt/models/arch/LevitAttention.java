package org.vitwatt.models.arch;

import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Value;

/**
 * LeViT's two attentions: the block attention (queries, keys and values from every position, per-head split
 * [keyDim, keyDim, attnRatio·keyDim], {@code q·kᵀ·scale + attention_biases[:, attention_bias_idxs]}, softmax, ·v,
 * then the projection) and the subsample attention between stages ({@code AttentionDownsample}: queries from every
 * second row and column, value ratio 4, no residual). The bias table is a {@code Gather} of the learned
 * {@code attention_biases} by the int64 {@code attention_bias_idxs} buffer (|Δrow|·width + |Δcol|), as in a torch
 * export.
 */
final class LevitAttention {
    private final LevitLayers layers;
    private final GraphBuilder g;
    private final int keyDim;
    private final double attnRatio;

    LevitAttention(LevitLayers layers, int keyDim, double attnRatio) {
        this.layers = layers;
        this.g = layers.graph();
        this.keyDim = keyDim;
        this.attnRatio = attnRatio;
    }

    /** The block attention; the caller has opened the "attn" scope. */
    Value attention(Value x, int dim, int heads, int res) {
        int kd = keyDim;
        int vd = (int) (attnRatio * kd);
        int n = res * res;
        Value qkv;
        try (var s = g.scope("qkv")) {
            qkv = layers.norm1x1(x, dim, heads * (vd + 2 * kd), n, Init.ones());
        }
        Value bias = attentionBias(heads, res, 1);
        Value scale = g.scalar((float) (1.0 / Math.sqrt(kd)));
        Value out;
        if (layers.useConv()) {
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
        return layers.proj(out, heads * vd, dim, n, TorchInit.residualBranchBnWeight());
    }

    /** LeViT's subsample attention; the caller has opened the "attn_downsample" scope. */
    Value attentionDownsample(Value x, int inDim, int outDim, int heads, double ratio,
            int res) {
        final int stride = 2;
        int kd = keyDim;
        int vd = (int) (ratio * kd);
        int n = res * res;
        int resQ = (res - 1) / stride + 1;
        int nq = resQ * resQ;
        Value kv;
        try (var s = g.scope("kv")) {
            kv = layers.norm1x1(x, inDim, heads * (kd + vd), n, Init.ones());
        }
        Value q;
        try (var s = g.scope("q")) {
            Value down;
            try (var d = g.scope("down")) {
                if (layers.useConv()) {
                    down = g.avgPool(x, 1, stride, 0, false);
                } else {
                    down = g.reshape(x, 0, res, res, inDim);                        // x[:, ::2, ::2]
                    down = g.slice(down, new long[] {0, 0}, new long[] {res, res}, new long[] {1, 2},
                            new long[] {stride, stride});
                    down = g.reshape(down, 0, nq, inDim);
                }
            }
            try (var l = g.scope("ln")) {
                q = layers.norm1x1(down, inDim, heads * kd, nq, Init.ones());
            }
        }
        Value bias = attentionBias(heads, res, stride);
        Value scale = g.scalar((float) (1.0 / Math.sqrt(kd)));
        Value out;
        if (layers.useConv()) {
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
        return layers.proj(out, heads * vd, outDim, nq, Init.ones());
    }

    /**
     * {@code attention_biases[:, attention_bias_idxs]}: [heads, Nq, N] with Nq the query positions (every
     * {@code stride}-th row and column) and N all res×res key positions.
     */
    Value attentionBias(int heads, int res, int stride) {
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
}
