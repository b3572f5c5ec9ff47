package org.vitwatt.models.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/**
 * One ONNX graph under construction: its inputs and outputs, initializers, constants and nodes, each node written
 * by a call that returns its output. Nodes are named the way {@code torch.onnx.export} names them — the module
 * path of the current {@linkplain #scope(String) scope} plus the op type, e.g.
 * {@code /blocks/blocks.0/attn/qkv/MatMul} ({@link ModuleScopes}) — so built models read like exports. Weights come
 * from a deterministic {@link Weights} source and are stored as {@code raw_data} initializers named like timm's
 * state dict; the {@code torch.nn} modules built from these nodes are in {@link Layers}.
 */
public final class GraphBuilder {
    /** The default ONNX opset of graphs vitwatt builds: 17 is the first with LayerNormalization. */
    public static final int OPSET = 17;
    /** IR version matching {@link #OPSET} (ONNX 1.12), accepted by ORT and TensorRT 8.6+/10. */
    public static final int IR_VERSION = 8;

    private final String graphName;
    private final Weights weights;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final ModuleScopes scopes = new ModuleScopes();
    private final Set<String> valueNames = new HashSet<>();
    private final Map<String, Value> constants = new HashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public GraphBuilder(String graphName, Weights weights) {
        this.graphName = graphName;
        this.weights = weights;
    }

    /** Enters a module scope (e.g. "blocks", then "blocks.0"); close it to leave. */
    public Scope scope(String name) {
        scopes.enter(name);
        return new Scope();
    }

    /** The scope opened by {@link #scope(String)}; closing it returns to the enclosing scope. */
    public final class Scope implements AutoCloseable {
        private Scope() {
        }

        @Override
        public void close() {
            scopes.leave();
        }
    }

    /** The dotted module path of the current scope, e.g. "blocks.0.attn", used to name weights. */
    public String path() {
        return scopes.path();
    }

    /** Adds a graph input; each dim is a Number (fixed) or a String (symbolic, e.g. "batch"). */
    public Value input(String name, int elemType, Object... dims) {
        claim(name);
        inputs.add(valueInfo(name, elemType, dims));
        return new Value(name);
    }

    /** Declares {@code value} a graph output under its own name. */
    public void output(Value value, int elemType, Object... dims) {
        outputs.add(valueInfo(value.name(), elemType, dims));
    }

    /** Renames the last node's output so the graph output can carry a chosen name (e.g. "logits"). */
    public Value rename(Value produced, String newName) {
        return op("Identity", newName, produced);
    }

    private Value op(String opType, String outputName, Value... in) {
        claim(outputName);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(scopes.nodeName(opType))
                .addOutput(outputName);
        for (Value v : in) {
            n.addInput(v.name());
        }
        nodes.add(n.build());
        return new Value(outputName);
    }

    /** Adds a float weight named {@code <scope path>.<leaf>} with the given shape, filled per {@code init}. */
    public Value weight(String leaf, long[] dims, Init init) {
        String name = scopes.qualified(leaf);
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        float[] values = weights.values(name, Math.toIntExact(n), init);
        return initializer(TensorData.floatTensor(name, dims, values));
    }

    /** Adds a ready-made initializer (its name must be unique). */
    public Value initializer(TensorProto tensor) {
        claim(tensor.getName());
        initializers.add(tensor);
        return new Value(tensor.getName());
    }

    /** A 1-D INT64 constant (shapes, axes, indices); equal constants are shared. */
    public Value ints(long... values) {
        return constant("i64:" + Arrays.toString(values),
                () -> TensorData.int64Tensor(uniqueConst(), new long[] {values.length}, values));
    }

    /** A scalar INT64 constant (e.g. a Gather index that drops the axis). */
    public Value scalarInt(long value) {
        return constant("i64s:" + value, () -> TensorData.int64Tensor(uniqueConst(), new long[0], new long[] {value}));
    }

    /** A scalar FLOAT constant. */
    public Value scalar(float value) {
        return constant("f32s:" + Float.floatToIntBits(value),
                () -> TensorData.floatTensor(uniqueConst(), new long[0], new float[] {value}));
    }

    private Value constant(String key, Supplier<TensorProto> make) {
        return constants.computeIfAbsent(key, k -> initializer(make.get()));
    }

    private String uniqueConst() {
        return "const_" + constants.size();
    }

    /** Adds a node with one output; returns that output. */
    public Value op(String opType, List<Value> in, AttributeProto... attributes) {
        return node(opType, "", 1, in, attributes)[0];
    }

    /** Adds a node from the default domain with one output. */
    public Value op(String opType, Value a, AttributeProto... attributes) {
        return op(opType, List.of(a), attributes);
    }

    /** Adds a node; outputs are named {@code <node name>_output_<i>} like torch exports name them. */
    public Value[] node(String opType, String domain, int outputCount, List<Value> in, AttributeProto... attributes) {
        String name = scopes.nodeName(opType);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(name);
        if (!domain.isEmpty()) {
            n.setDomain(domain);
        }
        for (Value v : in) {
            n.addInput(v.name());
        }
        Value[] out = new Value[outputCount];
        for (int i = 0; i < outputCount; i++) {
            String o = name + "_output_" + i;
            claim(o);
            n.addOutput(o);
            out[i] = new Value(o);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n.build());
        return out;
    }

    private void claim(String name) {
        if (!valueNames.add(name)) {
            throw new IllegalArgumentException("duplicate tensor name in graph " + graphName + ": " + name);
        }
    }

    // ---- one node each: the ops the architecture builders use (torch modules: Layers) ----

    public Value add(Value a, Value b) {
        return op("Add", List.of(a, b));
    }

    public Value sub(Value a, Value b) {
        return op("Sub", List.of(a, b));
    }

    public Value mul(Value a, Value b) {
        return op("Mul", List.of(a, b));
    }

    public Value div(Value a, Value b) {
        return op("Div", List.of(a, b));
    }

    public Value matMul(Value a, Value b) {
        return op("MatMul", List.of(a, b));
    }

    public Value softmax(Value x, int axis) {
        return op("Softmax", x, Attrs.i("axis", axis));
    }

    /** Reshape to a constant shape (0 copies the input's dim, -1 is inferred). */
    public Value reshape(Value x, long... shape) {
        return op("Reshape", List.of(x, ints(shape)));
    }

    public Value transpose(Value x, long... perm) {
        return op("Transpose", x, Attrs.ints("perm", perm));
    }

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

    /**
     * A FLOAT constant of any shape held by a {@code Constant} node, as {@code torch.onnx} writes the fixed tensors of
     * an op (e.g. the unit scale of a decomposed GroupNorm); equal constants share one node. A {@code Constant} node
     * is part of the program: {@code Statistics} counts it as neither a parameter nor a buffer.
     */
    public Value constant(long[] dims, float... values) {
        StringBuilder key = new StringBuilder("node:f32:").append(Arrays.toString(dims));
        for (float v : values) {
            key.append(',').append(Float.floatToIntBits(v));
        }
        return constants.computeIfAbsent(key.toString(), k -> {
            Value out = new Value(scopes.nodeName("Constant") + "_output_0");
            claim(out.name());
            nodes.add(NodeProto.newBuilder().setOpType("Constant").setName(out.name().replaceFirst("_output_0$", ""))
                    .addOutput(out.name()).addAttribute(Attrs.t("value", TensorData.floatTensor("", dims.clone(),
                            values.clone()))).build());
            return out;
        });
    }

    /**
     * An INT64 tensor named {@code <scope path>.<leaf>}, like a module buffer in timm's state dict (e.g.
     * {@code attention_bias_idxs}). Integer tensors never count as parameters.
     */
    public Value buffer(String leaf, long[] dims, long[] values) {
        return initializer(TensorData.int64Tensor(scopes.qualified(leaf), dims.clone(), values.clone()));
    }

    public Value relu(Value x) {
        return op("Relu", x);
    }

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

    // ---- result ----

    /** Stamps a key into the model's {@code metadata_props} (e.g. "vitwatt.weights" = "synthetic"). */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** Assembles the model: IR {@value #IR_VERSION}, default-domain opset {@value #OPSET}. */
    public ModelProto build(String producerVersion, String docString) {
        GraphProto.Builder g = GraphProto.newBuilder().setName(graphName).addAllNode(nodes)
                .addAllInitializer(initializers).addAllInput(inputs).addAllOutput(outputs);
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("vitwatt")
                .setProducerVersion(producerVersion).setDocString(docString).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    static ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof Number num) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(num.longValue()));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(d.toString()));
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    /** Element type constant for float, re-exported for builders' readability. */
    public static final int FLOAT = DataTypes.FLOAT;
}
