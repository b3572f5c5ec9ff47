package org.vitwatt.models.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code torch.nn} modules architecture builders compose, written as the nodes {@code torch.onnx.export} emits
 * for them, with their weights named {@code <scope>.weight}, {@code <scope>.bias}, ... as in the module's state
 * dict and initialised as PyTorch or timm initialise them.
 */
public final class Layers {
    private Layers() {
    }

    /** {@code nn.Linear}: y = x·W (+ b) with W stored [in, out] as ONNX MatMul wants. */
    public static Value linear(GraphBuilder g, Value x, long in, long out, boolean bias, Init weightInit) {
        Value w = g.weight("weight", new long[] {in, out}, weightInit);
        Value y = g.matMul(x, w);
        if (bias) {
            Value b = g.weight("bias", new long[] {out}, Init.zeros());
            y = g.add(y, b);
        }
        return y;
    }

    /** {@code nn.Conv2d}: weights [out, in/groups, k, k] and an optional bias. */
    public static Value conv(GraphBuilder g, Value x, long in, long out, int kernel, int stride, int pad, int groups,
            boolean bias, Init weightInit) {
        Value w = g.weight("weight", new long[] {out, in / groups, kernel, kernel}, weightInit);
        List<Value> ins = new ArrayList<>(List.of(x, w));
        if (bias) {
            ins.add(g.weight("bias", new long[] {out}, Init.zeros()));
        }
        return g.op("Conv", ins, Attrs.ints("kernel_shape", kernel, kernel), Attrs.ints("strides", stride, stride),
                Attrs.ints("pads", pad, pad, pad, pad), Attrs.i("group", groups), Attrs.ints("dilations", 1, 1));
    }

    /** {@code nn.LayerNorm} over the last axis, scale 1 and bias 0 as timm initialises them. */
    public static Value layerNorm(GraphBuilder g, Value x, long dim, float epsilon) {
        Value scale = g.weight("weight", new long[] {dim}, Init.ones());
        Value bias = g.weight("bias", new long[] {dim}, Init.zeros());
        return g.op("LayerNormalization", List.of(x, scale, bias), Attrs.i("axis", -1), Attrs.f("epsilon", epsilon));
    }

    /** LayerNorm over the last axis with a scale only ({@code <scope>.weight}), no bias. */
    public static Value layerNormNoBias(GraphBuilder g, Value x, long dim, float epsilon) {
        Value scale = g.weight("weight", new long[] {dim}, Init.ones());
        return g.op("LayerNormalization", List.of(x, scale), Attrs.i("axis", -1), Attrs.f("epsilon", epsilon));
    }

    /**
     * LayerNorm over the channels of an NCHW tensor (timm's {@code LayerNorm2d}): Transpose to NHWC,
     * LayerNormalization, Transpose back, as torch exports it.
     */
    public static Value layerNorm2d(GraphBuilder g, Value x, long channels, float epsilon, boolean bias) {
        Value h = g.transpose(x, 0, 2, 3, 1);
        h = bias ? layerNorm(g, h, channels, epsilon) : layerNormNoBias(g, h, channels, epsilon);
        return g.transpose(h, 0, 3, 1, 2);
    }

    /**
     * GroupNorm with one group over an NCHW tensor of known C, H, W (timm's {@code GroupNorm1}), in the
     * opset-17 form torch exports (GroupNormalization needs opset 18): Reshape to [N, 1, C·H·W],
     * InstanceNormalization with a unit scale and zero bias held by {@code Constant} nodes, Reshape back, then the
     * per-channel {@code <scope>.weight} (stored [C, 1, 1]) and, if {@code bias}, {@code <scope>.bias}.
     */
    public static Value groupNorm1(GraphBuilder g, Value x, long channels, long height, long width, float epsilon,
            boolean bias) {
        Value h = g.reshape(x, 0, 1, -1);
        h = g.op("InstanceNormalization", List.of(h, g.constant(new long[] {1}, 1f), g.constant(new long[] {1}, 0f)),
                Attrs.f("epsilon", epsilon));
        h = g.reshape(h, 0, channels, height, width);
        h = g.mul(h, g.weight("weight", new long[] {channels, 1, 1}, Init.ones()));
        if (bias) {
            h = g.add(h, g.weight("bias", new long[] {channels, 1, 1}, Init.zeros()));
        }
        return h;
    }

    /**
     * {@code nn.BatchNorm} in inference form with weights {@code <scope>.weight, .bias, .running_mean,
     * .running_var} initialised as torch does (1, 0, 0, 1). Works on [N, C] and [N, C, ...] inputs; the
     * running statistics are buffers, not parameters, exactly as in timm's {@code param_count}.
     */
    public static Value batchNorm(GraphBuilder g, Value x, long channels, float epsilon) {
        return batchNorm(g, x, channels, epsilon, Init.ones());
    }

    /** A BatchNorm whose weight (gamma) is filled per {@code weightInit}. */
    public static Value batchNorm(GraphBuilder g, Value x, long channels, float epsilon, Init weightInit) {
        Value scale = g.weight("weight", new long[] {channels}, weightInit);
        Value bias = g.weight("bias", new long[] {channels}, Init.zeros());
        Value mean = g.weight("running_mean", new long[] {channels}, Init.zeros());
        Value var = g.weight("running_var", new long[] {channels}, Init.ones());
        return g.op("BatchNormalization", List.of(x, scale, bias, mean, var), Attrs.f("epsilon", epsilon));
    }

    /** Exact GELU, 0.5·x·(1 + erf(x/√2)), as opset-17 ops (ORT fuses the pattern into one Gelu kernel). */
    public static Value gelu(GraphBuilder g, Value x) {
        Value e = g.op("Erf", g.div(x, g.scalar((float) Math.sqrt(2.0))));
        return g.mul(g.mul(x, g.add(e, g.scalar(1f))), g.scalar(0.5f));
    }

    /**
     * Hard-swish, x·HardSigmoid(x) with alpha 1/6 and beta 0.5: the ONNX function body of {@code HardSwish}.
     * Written out because ONNX Runtime's CUDA provider has a HardSigmoid kernel but no HardSwish kernel (a
     * HardSwish node would fall back to the CPU); CPU and TensorRT run both forms.
     */
    public static Value hardSwish(GraphBuilder g, Value x) {
        return g.mul(x, g.hardSigmoid(x, 1f / 6f, 0.5f));
    }
}
