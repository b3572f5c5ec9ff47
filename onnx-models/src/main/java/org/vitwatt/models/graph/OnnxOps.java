package org.vitwatt.models.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.List;

/**
 * The ONNX operators vitwatt's architecture builders write, one method per op with its attributes spelled out in
 * their opset-17 form (Split's sizes, Slice's bounds and Pad's pads as INT64 inputs, ReduceMean's axes as an
 * attribute), each returning the node's output. Where the nodes and the constants they read go is the subclass's:
 * {@link GraphBuilder}.
 */
public abstract class OnnxOps {
    /** Adds a node of {@code domain} ("" for ONNX's) with {@code outputCount} outputs; returns them. */
    public abstract Value[] node(String opType, String domain, int outputCount, List<Value> in,
            AttributeProto... attributes);

    /** A 1-D INT64 constant (shapes, axes, indices). */
    public abstract Value ints(long... values);

    /** A scalar INT64 constant (e.g. a Gather index that drops the axis). */
    public abstract Value scalarInt(long value);

    /** A scalar FLOAT constant. */
    public abstract Value scalar(float value);

    /** Adds a node with one output; returns that output. */
    public Value op(String opType, List<Value> in, AttributeProto... attributes) {
        return node(opType, "", 1, in, attributes)[0];
    }

    /** Adds a node from the default domain with one output. */
    public Value op(String opType, Value a, AttributeProto... attributes) {
        return op(opType, List.of(a), attributes);
    }

    /** Elementwise {@code a + b}, broadcasting. */
    public Value add(Value a, Value b) {
        return op("Add", List.of(a, b));
    }

    /** Elementwise {@code a - b}, broadcasting. */
    public Value sub(Value a, Value b) {
        return op("Sub", List.of(a, b));
    }

    /** Elementwise {@code a * b}, broadcasting. */
    public Value mul(Value a, Value b) {
        return op("Mul", List.of(a, b));
    }

    /** Elementwise {@code a / b}, broadcasting. */
    public Value div(Value a, Value b) {
        return op("Div", List.of(a, b));
    }

    /** Matrix product, batched over leading dims (numpy's matmul). */
    public Value matMul(Value a, Value b) {
        return op("MatMul", List.of(a, b));
    }

    /** Softmax along {@code axis}. */
    public Value softmax(Value x, int axis) {
        return op("Softmax", x, Attrs.i("axis", axis));
    }

    /** Reshape to a constant shape (0 copies the input's dim, -1 is inferred). */
    public Value reshape(Value x, long... shape) {
        return op("Reshape", List.of(x, ints(shape)));
    }

    /** Permutes the dims of {@code x} by {@code perm}. */
    public Value transpose(Value x, long... perm) {
        return op("Transpose", x, Attrs.ints("perm", perm));
    }

    /** Concatenates {@code parts} along {@code axis}. */
    public Value concat(int axis, Value... parts) {
        return op("Concat", List.of(parts), Attrs.i("axis", axis));
    }

    /** Gather with a scalar index: selects one slice and drops {@code axis}. */
    public Value select(Value x, long index, int axis) {
        return op("Gather", List.of(x, scalarInt(index)), Attrs.i("axis", axis));
    }

    /** Shape of {@code x} restricted to dims [start, end). */
    public Value shape(Value x, long start, long end) {
        return op("Shape", x, Attrs.i("start", start), Attrs.i("end", end));
    }

    /** Broadcasts {@code x} to {@code shape} (a 1-D INT64 value). */
    public Value expand(Value x, Value shape) {
        return op("Expand", List.of(x, shape));
    }

    /** {@code max(x, 0)}. */
    public Value relu(Value x) {
        return op("Relu", x);
    }

    /** {@code max(0, min(1, alpha * x + beta))}. */
    public Value hardSigmoid(Value x, float alpha, float beta) {
        return op("HardSigmoid", x, Attrs.f("alpha", alpha), Attrs.f("beta", beta));
    }

    /** AveragePool with a square kernel; {@code countIncludePad=false} matches torch's count_include_pad=False. */
    public Value avgPool(Value x, int kernel, int stride, int pad, boolean countIncludePad) {
        return op("AveragePool", x, Attrs.ints("kernel_shape", kernel, kernel), Attrs.ints("strides", stride, stride),
                Attrs.ints("pads", pad, pad, pad, pad), Attrs.i("count_include_pad", countIncludePad ? 1 : 0));
    }

    /** GlobalAveragePool: [N, C, H, W] to [N, C, 1, 1] (torch's AdaptiveAvgPool2d(1)). */
    public Value globalAvgPool(Value x) {
        return op("GlobalAveragePool", x);
    }

    /** ReduceMean over {@code axes} (opset 17: axes is an attribute). */
    public Value reduceMean(Value x, boolean keepDims, long... axes) {
        return op("ReduceMean", x, Attrs.ints("axes", axes), Attrs.i("keepdims", keepDims ? 1 : 0));
    }

    /** Flatten to 2-D at {@code axis}. */
    public Value flatten(Value x, int axis) {
        return op("Flatten", x, Attrs.i("axis", axis));
    }

    /** Split along {@code axis} into pieces of the given sizes (opset 13+: sizes are an input). */
    public Value[] split(Value x, int axis, long... sizes) {
        return node("Split", "", sizes.length, List.of(x, ints(sizes)), Attrs.i("axis", axis));
    }

    /** Slice with constant starts / ends / axes / steps. */
    public Value slice(Value x, long[] starts, long[] ends, long[] axes, long[] steps) {
        return op("Slice", List.of(x, ints(starts), ints(ends), ints(axes), ints(steps)));
    }

    /** Constant-mode Pad; {@code pads} lists every axis' begin pads, then every axis' end pads. */
    public Value pad(Value x, long[] pads, float value) {
        return op("Pad", List.of(x, ints(pads), scalar(value)), Attrs.s("mode", "constant"));
    }

    /** Gather along {@code axis} with a tensor of indices. */
    public Value gather(Value data, Value indices, int axis) {
        return op("Gather", List.of(data, indices), Attrs.i("axis", axis));
    }
}
