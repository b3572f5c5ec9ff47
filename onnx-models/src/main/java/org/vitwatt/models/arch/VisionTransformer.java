package org.vitwatt.models.arch;

import ai.onnx.proto.OnnxMl.ModelProto;
import org.vitwatt.feedback.Progress;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;

/**
 * The ViT / DeiT family as timm's {@code VisionTransformer} builds it: Conv patch embedding, class token
 * (and DeiT's distillation token), learned position embedding, pre-norm blocks of multi-head
 * self-attention and a GELU MLP, final LayerNorm (eps 1e-6), and a linear head on the class token.
 * A distilled model averages the class-token head and the distillation-token head, as timm does at
 * inference. Weights are named like timm's state dict, so parameter counts match timm exactly.
 *
 * @param distilled adds {@code dist_token} and {@code head_dist} (DeiT distilled variants)
 */
public record VisionTransformer(int imageSize, int patchSize, int embedDim, int depth, int heads, int mlpRatio,
        boolean qkvBias, boolean distilled, int numClasses) implements Architecture {

    public VisionTransformer {
        if (imageSize % patchSize != 0 || embedDim % heads != 0) {
            throw new IllegalArgumentException("image size must be a multiple of the patch size and the width of "
                    + "the number of heads");
        }
    }

    /** The standard configuration: 224 px, patch 16, MLP ratio 4, qkv bias, 1000 classes. */
    public static VisionTransformer of(int embedDim, int depth, int heads, boolean distilled) {
        return new VisionTransformer(224, 16, embedDim, depth, heads, 4, true, distilled, 1000);
    }

    @Override
    public String family() {
        return "vit";
    }

    private int prefixTokens() {
        return distilled ? 2 : 1;
    }

    /** Tokens per image: patches plus prefix tokens. */
    public int tokens() {
        int side = imageSize / patchSize;
        return side * side + prefixTokens();
    }

    @Override
    public ModelProto build(String graphName, Weights weights, Progress progress) {
        final float eps = 1e-6f;
        final Init linearInit = Init.normal(0.02);
        GraphBuilder g = new GraphBuilder(graphName, weights);
        Value x = g.input(INPUT, GraphBuilder.FLOAT, "batch", 3, imageSize, imageSize);
        long d = embedDim;
        int patches = (imageSize / patchSize) * (imageSize / patchSize);

        try (var s = g.scope("patch_embed"); var p = g.scope("proj")) {
            x = Layers.conv(g, x, 3, d, patchSize, patchSize, 0, 1, true, linearInit);
        }
        x = g.reshape(x, 0, d, patches);          // [B, D, P]
        x = g.transpose(x, 0, 2, 1);              // [B, P, D]

        // prefix tokens, broadcast over the dynamic batch
        Value batch = g.shape(x, 0, 1);
        Value tokenShape = g.concat(0, batch, g.ints(1, d));
        Value cls = g.expand(g.weight("cls_token", new long[] {1, 1, d}, Init.normal(1e-6)), tokenShape);
        if (distilled) {
            Value dist = g.expand(g.weight("dist_token", new long[] {1, 1, d}, Init.normal(1e-6)), tokenShape);
            x = g.concat(1, cls, dist, x);
        } else {
            x = g.concat(1, cls, x);
        }
        x = g.add(x, g.weight("pos_embed", new long[] {1, tokens(), d}, Init.normal(0.02)));

        try (var s = g.scope("blocks")) {
            for (int i = 0; i < depth; i++) {
                progress.say("block " + (i + 1) + "/" + depth);
                try (var b = g.scope("blocks." + i)) {
                    x = block(g, x, linearInit, eps);
                }
            }
        }
        try (var s = g.scope("norm")) {
            x = Layers.layerNorm(g, x, d, eps);
        }
        Value logits;
        Value clsOut = g.select(x, 0, 1);         // [B, D]
        try (var s = g.scope("head")) {
            logits = Layers.linear(g, clsOut, d, numClasses, true, linearInit);
        }
        if (distilled) {
            Value distOut = g.select(x, 1, 1);
            Value logitsDist;
            try (var s = g.scope("head_dist")) {
                logitsDist = Layers.linear(g, distOut, d, numClasses, true, linearInit);
            }
            logits = g.div(g.add(logits, logitsDist), g.scalar(2f));
        }
        logits = g.rename(logits, OUTPUT);
        g.output(logits, GraphBuilder.FLOAT, "batch", numClasses);
        g.metadata("vitwatt.architecture", toString());
        return g.build("vitwatt", "ViT built by vitwatt with synthetic weights");
    }

    private Value block(GraphBuilder g, Value x, Init linearInit, float eps) {
        long d = embedDim;
        long hd = embedDim / heads;
        Value h;
        try (var s = g.scope("norm1")) {
            h = Layers.layerNorm(g, x, d, eps);
        }
        try (var s = g.scope("attn")) {
            Value qkv;
            try (var q = g.scope("qkv")) {
                qkv = Layers.linear(g, h, d, 3 * d, qkvBias, linearInit);
            }
            qkv = g.reshape(qkv, 0, 0, 3, heads, hd);           // [B, N, 3, H, hd]
            qkv = g.transpose(qkv, 2, 0, 3, 1, 4);             // [3, B, H, N, hd]
            Value q = g.select(qkv, 0, 0);
            Value k = g.select(qkv, 1, 0);
            Value v = g.select(qkv, 2, 0);
            q = g.mul(q, g.scalar((float) (1.0 / Math.sqrt(hd))));
            Value attn = g.softmax(g.matMul(q, g.transpose(k, 0, 1, 3, 2)), -1);
            h = g.matMul(attn, v);                             // [B, H, N, hd]
            h = g.transpose(h, 0, 2, 1, 3);
            h = g.reshape(h, 0, 0, d);
            try (var p = g.scope("proj")) {
                h = Layers.linear(g, h, d, d, true, linearInit);
            }
        }
        x = g.add(x, h);
        try (var s = g.scope("norm2")) {
            h = Layers.layerNorm(g, x, d, eps);
        }
        try (var s = g.scope("mlp")) {
            try (var f = g.scope("fc1")) {
                h = Layers.linear(g, h, d, d * mlpRatio, true, linearInit);
            }
            try (var a = g.scope("act")) {
                h = Layers.gelu(g, h);
            }
            try (var f = g.scope("fc2")) {
                h = Layers.linear(g, h, d * mlpRatio, d, true, linearInit);
            }
        }
        return g.add(x, h);
    }
}
