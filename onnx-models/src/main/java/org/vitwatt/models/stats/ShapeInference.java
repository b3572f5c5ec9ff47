package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/**
 * Static shape inference over an ONNX graph at batch size 1, with constant folding of the small integer
 * tensors that exported models use to compute shapes ({@code Shape → Gather → Concat → Reshape}). It
 * covers the standard ops found in vision models; a tensor whose shape it cannot work out stays unknown,
 * and shapes the file itself records in {@code value_info} fill such gaps.
 *
 * <p>Symbolic input dims are taken as 1 for the first (batch) dim; any other symbolic dim takes the value
 * given in {@code dimValues} by name, or else 224 for the spatial dims of a 4-D input, and every such
 * choice is recorded in {@link #assumptions()}.
 */
final class ShapeInference {
    private static final int MAX_CONST = 1 << 12;

    private final Map<String, TensorInfo> infos = new HashMap<>();
    private final Map<String, TensorInfo> declared = new HashMap<>();
    private final List<String> assumptions = new ArrayList<>();
    private final Path modelDir;
    private final int opset;

    ShapeInference(ModelProto model, Path modelDir, Map<String, Long> dimValues) {
        this.modelDir = modelDir;
        int v = 0;
        for (var o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                v = (int) o.getVersion();
            }
        }
        this.opset = v;
        GraphProto g = model.getGraph();
        for (ValueInfoProto vi : g.getValueInfoList()) {
            declared.put(vi.getName(), fromValueInfo(vi, null));
        }
        for (ValueInfoProto vi : g.getOutputList()) {
            declared.put(vi.getName(), fromValueInfo(vi, null));
        }
        for (TensorProto t : g.getInitializerList()) {
            infos.put(t.getName(), fromTensor(t));
        }
        for (ValueInfoProto vi : g.getInputList()) {
            if (!infos.containsKey(vi.getName())) {
                infos.put(vi.getName(), fromValueInfo(vi, dimValues));
            }
        }
        for (NodeProto n : g.getNodeList()) {
            infer(n);
        }
    }

    Map<String, TensorInfo> infos() {
        return infos;
    }

    List<String> assumptions() {
        return assumptions;
    }

    TensorInfo get(String name) {
        if (name.isEmpty()) {
            return TensorInfo.UNKNOWN;
        }
        TensorInfo t = infos.get(name);
        return t == null ? TensorInfo.UNKNOWN : t;
    }

    private TensorInfo fromValueInfo(ValueInfoProto vi, Map<String, Long> dimValues) {
        if (!vi.hasType() || !vi.getType().hasTensorType()) {
            return TensorInfo.UNKNOWN;
        }
        var tt = vi.getType().getTensorType();
        if (!tt.hasShape()) {
            return new TensorInfo(tt.getElemType(), null, null);
        }
        List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            TensorShapeProto.Dimension d = dims.get(i);
            if (d.hasDimValue() && d.getDimValue() > 0) {
                shape[i] = d.getDimValue();
            } else if (dimValues == null) {
                shape[i] = -1;
            } else {
                String param = d.hasDimParam() ? d.getDimParam() : "";
                if (dimValues.containsKey(param)) {
                    shape[i] = dimValues.get(param);
                } else if (i == 0) {
                    shape[i] = 1;
                } else if (shape.length == 4 && i >= 2) {
                    shape[i] = 224;
                    assumptions.add("input " + vi.getName() + " dim " + i + " ('" + param + "') taken as 224");
                } else {
                    shape[i] = 1;
                    assumptions.add("input " + vi.getName() + " dim " + i + " ('" + param + "') taken as 1");
                }
            }
        }
        return new TensorInfo(tt.getElemType(), shape, null);
    }

    private TensorInfo fromTensor(TensorProto t) {
        long[] shape = TensorData.dims(t);
        double[] value = null;
        long n = TensorData.numel(t);
        int type = t.getDataType();
        if (n <= MAX_CONST && !TensorData.isExternal(t) && type != TensorProto.DataType.STRING_VALUE) {
            value = values(t);
        }
        return new TensorInfo(type, shape, value);
    }

    private double[] values(TensorProto t) {
        try {
            if (DataTypes.isFloating(t.getDataType())) {
                float[] f = TensorData.floats(t, modelDir);
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                return d;
            }
            long[] l = TensorData.longs(t, modelDir);
            double[] d = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                d[i] = l[i];
            }
            return d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------

    private void infer(NodeProto n) {
        TensorInfo[] out;
        try {
            out = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? standard(n) : null;
        } catch (RuntimeException e) {
            out = null; // malformed or unusual node: leave its outputs unknown rather than guess
        }
        for (int i = 0; i < n.getOutputCount(); i++) {
            String name = n.getOutput(i);
            if (name.isEmpty()) {
                continue;
            }
            TensorInfo t = out != null && i < out.length && out[i] != null ? out[i] : TensorInfo.UNKNOWN;
            if (!t.fullyKnown()) {
                TensorInfo d = declared.get(name);
                if (d != null && d.fullyKnown()) {
                    t = new TensorInfo(d.elemType(), d.shape(), t.value());
                } else if (t.shape() == null && d != null && d.shape() != null) {
                    t = new TensorInfo(t.elemType() != 0 ? t.elemType() : d.elemType(), d.shape(), t.value());
                }
            }
            infos.put(name, t);
        }
    }

    private TensorInfo in(NodeProto n, int i) {
        return i < n.getInputCount() ? get(n.getInput(i)) : TensorInfo.UNKNOWN;
    }

    private static AttributeProto attr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long attrInt(NodeProto n, String name, long dflt) {
        AttributeProto a = attr(n, name);
        return a == null ? dflt : a.getI();
    }

    private static long[] attrInts(NodeProto n, String name) {
        AttributeProto a = attr(n, name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    private TensorInfo same(TensorInfo x) {
        return new TensorInfo(x.elemType(), x.shape(), null);
    }

    private TensorInfo[] one(TensorInfo t) {
        return new TensorInfo[] {t};
    }

    @SuppressWarnings("checkstyle:MethodLength")
    private TensorInfo[] standard(NodeProto n) {
        String op = n.getOpType();
        TensorInfo x = in(n, 0);
        switch (op) {
            case "Constant": {
                AttributeProto a = n.getAttribute(0);
                return switch (a.getName()) {
                    case "value" -> one(fromTensor(a.getT()));
                    case "value_float" -> one(new TensorInfo(DataTypes.FLOAT, new long[0], new double[] {a.getF()}));
                    case "value_floats" -> one(new TensorInfo(DataTypes.FLOAT, new long[] {a.getFloatsCount()},
                            a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray()));
                    case "value_int" -> one(new TensorInfo(DataTypes.INT64, new long[0], new double[] {a.getI()}));
                    case "value_ints" -> one(new TensorInfo(DataTypes.INT64, new long[] {a.getIntsCount()},
                            a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray()));
                    default -> null;
                };
            }
            case "Identity":
            case "Dropout":
                return new TensorInfo[] {x, x.shape() == null ? null : TensorInfo.of(DataTypes.BOOL, x.shape())};
            case "Cast": {
                int to = (int) attrInt(n, "to", 0);
                return one(new TensorInfo(to, x.shape(), x.value() == null ? null : castValues(x.value(), to)));
            }
            case "CastLike":
                return one(new TensorInfo(in(n, 1).elemType(), x.shape(), x.value()));
            case "Shape": {
                if (x.shape() == null) {
                    return null;
                }
                int r = x.rank();
                int start = (int) norm(attrInt(n, "start", 0), r, true);
                int end = (int) norm(attrInt(n, "end", r), r, true);
                long[] dims = Arrays.copyOfRange(x.shape(), start, Math.max(start, end));
                boolean known = Arrays.stream(dims).allMatch(d -> d >= 0);
                return one(new TensorInfo(DataTypes.INT64, new long[] {dims.length}, known ? toD(dims) : null));
            }
            case "Size":
                return one(new TensorInfo(DataTypes.INT64, new long[0],
                        x.fullyKnown() ? new double[] {x.numel()} : null));
            case "Relu": case "Sigmoid": case "Tanh": case "Erf": case "Sqrt": case "Exp": case "Log": case "Neg":
            case "Abs": case "Reciprocal": case "Softmax": case "LogSoftmax": case "Gelu": case "HardSwish":
            case "HardSigmoid": case "LeakyRelu": case "Clip": case "Floor": case "Ceil": case "Round": case "Not":
            case "Elu": case "Selu": case "Celu": case "Softplus": case "Softsign": case "Mish": case "Sin":
            case "Cos": case "Sign": case "IsNaN": case "IsInf": case "Hardmax": case "CumSum": case "Trilu":
            case "InstanceNormalization": case "LpNormalization": case "LRN": case "Shrink": case "ThresholdedRelu":
                return one(unaryValue(op, x));
            case "BatchNormalization":
            case "LayerNormalization":
            case "GroupNormalization":
                return new TensorInfo[] {same(x)};
            case "QuantizeLinear": {
                TensorInfo zp = in(n, 2);
                long outType = attrInt(n, "output_dtype", 0);
                int type = zp.elemType() != 0 ? zp.elemType() : outType != 0 ? (int) outType : DataTypes.UINT8;
                return one(TensorInfo.of(type, x.shape()));
            }
            case "DequantizeLinear":
                return one(TensorInfo.of(in(n, 1).elemType() != 0 ? in(n, 1).elemType() : DataTypes.FLOAT, x.shape()));
            case "DynamicQuantizeLinear":
                return new TensorInfo[] {TensorInfo.of(DataTypes.UINT8, x.shape()),
                        TensorInfo.of(DataTypes.FLOAT, new long[0]), TensorInfo.of(DataTypes.UINT8, new long[0])};
            case "Add": case "Sub": case "Mul": case "Div": case "Pow": case "Max": case "Min": case "Mod":
            case "Sum": case "Mean": case "PRelu": case "BitShift":
                return one(elementwise(n, op, x.elemType(), false));
            case "Equal": case "Less": case "Greater": case "LessOrEqual": case "GreaterOrEqual": case "And":
            case "Or": case "Xor":
                return one(elementwise(n, op, DataTypes.BOOL, false));
            case "Where":
                return one(elementwise(n, op, in(n, 1).elemType(), true));
            case "MatMul": case "MatMulInteger": case "QLinearMatMul": {
                TensorInfo a = op.equals("QLinearMatMul") ? in(n, 0) : x;
                TensorInfo b = op.equals("QLinearMatMul") ? in(n, 3) : in(n, 1);
                int type = op.equals("MatMulInteger") ? DataTypes.INT32
                        : op.equals("QLinearMatMul") ? in(n, 7).elemType() : a.elemType();
                return one(TensorInfo.of(type, matMulShape(a.shape(), b.shape())));
            }
            case "Gemm": {
                TensorInfo b = in(n, 1);
                if (x.shape() == null || b.shape() == null) {
                    return null;
                }
                long m = attrInt(n, "transA", 0) == 0 ? x.shape()[0] : x.shape()[1];
                long nn = attrInt(n, "transB", 0) == 0 ? b.shape()[1] : b.shape()[0];
                return one(TensorInfo.of(x.elemType(), new long[] {m, nn}));
            }
            case "Conv": case "ConvInteger": case "QLinearConv": {
                boolean q = op.equals("QLinearConv");
                TensorInfo w = in(n, q ? 3 : 1);
                int type = op.equals("ConvInteger") ? DataTypes.INT32 : q ? in(n, 7).elemType() : x.elemType();
                return one(TensorInfo.of(type, convShape(n, x.shape(), w.shape(), false)));
            }
            case "ConvTranspose":
                return one(TensorInfo.of(x.elemType(), convShape(n, x.shape(), in(n, 1).shape(), true)));
            case "MaxPool": case "AveragePool": case "LpPool":
                return new TensorInfo[] {TensorInfo.of(x.elemType(), convShape(n, x.shape(), null, false)),
                        TensorInfo.of(DataTypes.INT64, convShape(n, x.shape(), null, false))};
            case "GlobalAveragePool": case "GlobalMaxPool": case "GlobalLpPool": {
                if (x.shape() == null) {
                    return null;
                }
                long[] s = x.shape().clone();
                for (int i = 2; i < s.length; i++) {
                    s[i] = 1;
                }
                return one(TensorInfo.of(x.elemType(), s));
            }
            case "Reshape":
                return one(reshape(n, x));
            case "Flatten": {
                if (!x.fullyKnown()) {
                    return null;
                }
                int axis = (int) norm(attrInt(n, "axis", 1), x.rank(), true);
                long a = 1;
                long b = 1;
                for (int i = 0; i < x.rank(); i++) {
                    if (i < axis) {
                        a *= x.shape()[i];
                    } else {
                        b *= x.shape()[i];
                    }
                }
                return one(new TensorInfo(x.elemType(), new long[] {a, b}, x.value()));
            }
            case "Transpose": {
                if (x.shape() == null) {
                    return null;
                }
                int r = x.rank();
                long[] perm = attrInts(n, "perm");
                if (perm == null || perm.length == 0) {
                    perm = new long[r];
                    for (int i = 0; i < r; i++) {
                        perm[i] = r - 1 - i;
                    }
                }
                long[] s = new long[r];
                for (int i = 0; i < r; i++) {
                    s[i] = x.shape()[(int) perm[i]];
                }
                return one(TensorInfo.of(x.elemType(), s));
            }
            case "Unsqueeze": {
                long[] axes = opset >= 13 ? in(n, 1).longs() : attrInts(n, "axes");
                if (x.shape() == null || axes == null) {
                    return null;
                }
                int r = x.rank() + axes.length;
                boolean[] added = new boolean[r];
                for (long a : axes) {
                    added[(int) norm(a, r, false)] = true;
                }
                long[] s = new long[r];
                int j = 0;
                for (int i = 0; i < r; i++) {
                    s[i] = added[i] ? 1 : x.shape()[j++];
                }
                return one(new TensorInfo(x.elemType(), s, x.value()));
            }
            case "Squeeze": {
                long[] axes = opset >= 13 ? (n.getInputCount() > 1 ? in(n, 1).longs() : new long[0])
                        : attrInts(n, "axes");
                if (x.shape() == null || axes == null) {
                    return null;
                }
                boolean[] drop = new boolean[x.rank()];
                if (axes.length == 0) {
                    for (int i = 0; i < x.rank(); i++) {
                        drop[i] = x.shape()[i] == 1;
                    }
                } else {
                    for (long a : axes) {
                        drop[(int) norm(a, x.rank(), false)] = true;
                    }
                }
                List<Long> s = new ArrayList<>();
                for (int i = 0; i < x.rank(); i++) {
                    if (!drop[i]) {
                        s.add(x.shape()[i]);
                    }
                }
                return one(new TensorInfo(x.elemType(), s.stream().mapToLong(Long::longValue).toArray(), x.value()));
            }
            case "Concat":
                return one(concat(n));
            case "Gather":
                return one(gather(n, x, in(n, 1)));
            case "Expand": {
                long[] target = in(n, 1).longs();
                if (x.shape() == null || target == null) {
                    return null;
                }
                return one(TensorInfo.of(x.elemType(), broadcast(x.shape(), target)));
            }
            case "Tile": {
                long[] rep = in(n, 1).longs();
                if (x.shape() == null || rep == null) {
                    return null;
                }
                long[] s = x.shape().clone();
                for (int i = 0; i < s.length; i++) {
                    s[i] *= rep[i];
                }
                return one(TensorInfo.of(x.elemType(), s));
            }
            case "Slice":
                return one(slice(n, x));
            case "Split":
                return split(n, x);
            case "ConstantOfShape": {
                long[] s = x.longs();
                if (s == null) {
                    return null;
                }
                AttributeProto a = attr(n, "value");
                int type = a == null ? DataTypes.FLOAT : a.getT().getDataType();
                double v = a == null ? 0 : fromTensor(a.getT()).value()[0];
                TensorInfo t = new TensorInfo(type, s, null);
                if (t.numel() <= MAX_CONST) {
                    double[] vals = new double[(int) t.numel()];
                    Arrays.fill(vals, v);
                    t = new TensorInfo(type, s, vals);
                }
                return one(t);
            }
            case "Range": {
                double[] s = in(n, 0).value();
                double[] l = in(n, 1).value();
                double[] d = in(n, 2).value();
                if (s == null || l == null || d == null) {
                    return null;
                }
                long count = Math.max((long) Math.ceil((l[0] - s[0]) / d[0]), 0);
                double[] vals = null;
                if (count <= MAX_CONST) {
                    vals = new double[(int) count];
                    for (int i = 0; i < count; i++) {
                        vals[i] = s[0] + i * d[0];
                    }
                }
                return one(new TensorInfo(x.elemType(), new long[] {count}, vals));
            }
            case "ReduceMean": case "ReduceSum": case "ReduceMax": case "ReduceMin": case "ReduceProd":
            case "ReduceL1": case "ReduceL2": case "ReduceLogSumExp": case "ReduceSumSquare": case "ReduceLogSum":
            case "ArgMax": case "ArgMin":
                return one(reduce(n, op, x));
            case "Pad": {
                long[] pads = opset >= 11 ? in(n, 1).longs() : attrInts(n, "pads");
                if (x.shape() == null || pads == null) {
                    return null;
                }
                long[] axes = n.getInputCount() > 3 ? in(n, 3).longs() : null;
                long[] s = x.shape().clone();
                int k = pads.length / 2;
                for (int i = 0; i < k; i++) {
                    int axis = axes == null ? i : (int) norm(axes[i], s.length, false);
                    s[axis] += pads[i] + pads[i + k];
                }
                return one(TensorInfo.of(x.elemType(), s));
            }
            case "Resize": case "Upsample":
                return one(resize(n, x));
            case "DepthToSpace": case "SpaceToDepth": {
                if (x.shape() == null) {
                    return null;
                }
                long b = attrInt(n, "blocksize", 1);
                long[] s = x.shape().clone();
                boolean d2s = op.equals("DepthToSpace");
                s[1] = d2s ? s[1] / (b * b) : s[1] * b * b;
                s[2] = d2s ? s[2] * b : s[2] / b;
                s[3] = d2s ? s[3] * b : s[3] / b;
                return one(TensorInfo.of(x.elemType(), s));
            }
            case "Einsum":
                return one(einsum(n));
            case "TopK": {
                long[] k = in(n, 1).longs();
                if (x.shape() == null || k == null) {
                    return null;
                }
                long[] s = x.shape().clone();
                s[(int) norm(attrInt(n, "axis", -1), s.length, false)] = k[0];
                return new TensorInfo[] {TensorInfo.of(x.elemType(), s), TensorInfo.of(DataTypes.INT64, s)};
            }
            default:
                return null;
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static long norm(long axis, long rank, boolean clamp) {
        long a = axis < 0 ? axis + rank : axis;
        if (clamp) {
            a = Math.max(0, Math.min(rank, a));
        }
        return a;
    }

    private static double[] toD(long[] l) {
        double[] d = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            d[i] = l[i];
        }
        return d;
    }

    private static double[] castValues(double[] v, int to) {
        double[] d = v.clone();
        if (!DataTypes.isFloating(to)) {
            for (int i = 0; i < d.length; i++) {
                d[i] = to == DataTypes.BOOL ? (d[i] != 0 ? 1 : 0) : (double) (long) d[i];
            }
        }
        return d;
    }

    private TensorInfo unaryValue(String op, TensorInfo x) {
        if (x.value() == null) {
            return same(x);
        }
        double[] v = x.value().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (op) {
                case "Neg" -> -v[i];
                case "Abs" -> Math.abs(v[i]);
                case "Floor" -> Math.floor(v[i]);
                case "Ceil" -> Math.ceil(v[i]);
                case "Round" -> Math.rint(v[i]);
                case "Sqrt" -> Math.sqrt(v[i]);
                case "Not" -> v[i] == 0 ? 1 : 0;
                case "Relu" -> Math.max(0, v[i]);
                case "Sign" -> Math.signum(v[i]);
                default -> Double.NaN;
            };
            if (Double.isNaN(v[i])) {
                return same(x);
            }
        }
        return new TensorInfo(x.elemType(), x.shape(), v);
    }

    private TensorInfo elementwise(NodeProto n, String op, int type, boolean where) {
        long[] shape = new long[0];
        for (int i = 0; i < n.getInputCount(); i++) {
            TensorInfo t = in(n, i);
            if (t.shape() == null) {
                return TensorInfo.of(type, null);
            }
            shape = broadcast(shape, t.shape());
        }
        double[] value = null;
        TensorInfo s = new TensorInfo(type, shape, null);
        if (s.fullyKnown() && s.numel() <= MAX_CONST) {
            value = foldElementwise(n, op, shape, where);
        }
        return new TensorInfo(type, shape, value);
    }

    private double[] foldElementwise(NodeProto n, String op, long[] shape, boolean where) {
        int count = (int) new TensorInfo(0, shape, null).numel();
        List<double[]> ins = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            TensorInfo t = in(n, i);
            if (t.value() == null) {
                return null;
            }
            ins.add(t.value());
            shapes.add(t.shape());
        }
        boolean integer = !DataTypes.isFloating(in(n, 0).elemType());
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            double[] a = new double[ins.size()];
            for (int i = 0; i < ins.size(); i++) {
                a[i] = ins.get(i)[broadcastIndex(k, shape, shapes.get(i))];
            }
            double r;
            if (where) {
                r = a[0] != 0 ? a[1] : a[2];
            } else {
                double p = a[0];
                double q = a.length > 1 ? a[1] : 0;
                r = switch (op) {
                    case "Add" -> p + q;
                    case "Sub" -> p - q;
                    case "Mul" -> p * q;
                    case "Div" -> integer ? (q == 0 ? Double.NaN : (double) ((long) p / (long) q)) : p / q;
                    case "Pow" -> Math.pow(p, q);
                    case "Max" -> Math.max(p, q);
                    case "Min" -> Math.min(p, q);
                    case "Mod" -> p % q;
                    case "Equal" -> p == q ? 1 : 0;
                    case "Less" -> p < q ? 1 : 0;
                    case "Greater" -> p > q ? 1 : 0;
                    case "LessOrEqual" -> p <= q ? 1 : 0;
                    case "GreaterOrEqual" -> p >= q ? 1 : 0;
                    case "And" -> (p != 0 && q != 0) ? 1 : 0;
                    case "Or" -> (p != 0 || q != 0) ? 1 : 0;
                    default -> Double.NaN;
                };
            }
            if (Double.isNaN(r)) {
                return null;
            }
            out[k] = r;
        }
        return out;
    }

    private static int broadcastIndex(int flat, long[] outShape, long[] inShape) {
        int idx = 0;
        int stride = 1;
        long rem = flat;
        int offset = outShape.length - inShape.length;
        long[] coords = new long[outShape.length];
        for (int i = outShape.length - 1; i >= 0; i--) {
            coords[i] = rem % outShape[i];
            rem /= outShape[i];
        }
        for (int i = inShape.length - 1; i >= 0; i--) {
            long c = inShape[i] == 1 ? 0 : coords[i + offset];
            idx += (int) (c * stride);
            stride *= (int) inShape[i];
        }
        return idx;
    }

    static long[] broadcast(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] s = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da == 1) {
                s[i] = db;
            } else if (db == 1) {
                s[i] = da;
            } else if (da < 0 || db < 0) {
                s[i] = Math.max(da, db);
            } else {
                s[i] = da == db ? da : -1;
            }
        }
        return s;
    }

    static long[] matMulShape(long[] a, long[] b) {
        if (a == null || b == null) {
            return null;
        }
        long[] aa = a.length == 1 ? new long[] {1, a[0]} : a;
        long[] bb = b.length == 1 ? new long[] {b[0], 1} : b;
        long[] batch = broadcast(Arrays.copyOf(aa, aa.length - 2), Arrays.copyOf(bb, bb.length - 2));
        List<Long> s = new ArrayList<>();
        for (long d : batch) {
            s.add(d);
        }
        if (a.length > 1) {
            s.add(aa[aa.length - 2]);
        }
        if (b.length > 1) {
            s.add(bb[bb.length - 1]);
        }
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    private long[] convShape(NodeProto n, long[] x, long[] w, boolean transposed) {
        if (x == null) {
            return null;
        }
        int spatial = x.length - 2;
        long[] kernel = attrInts(n, "kernel_shape");
        if (kernel == null || kernel.length == 0) {
            if (w == null) {
                return null;
            }
            kernel = Arrays.copyOfRange(w, 2, w.length);
        }
        long[] strides = orOnes(attrInts(n, "strides"), spatial);
        long[] dil = orOnes(attrInts(n, "dilations"), spatial);
        long[] pads = attrInts(n, "pads");
        if (pads == null || pads.length == 0) {
            pads = new long[2 * spatial];
        }
        AttributeProto autoPad = attr(n, "auto_pad");
        String ap = autoPad == null ? "NOTSET" : autoPad.getS().toStringUtf8();
        long[] s = new long[x.length];
        s[0] = x[0];
        if (w != null) {
            long group = attrInt(n, "group", 1);
            s[1] = transposed ? w[1] * group : w[0];
        } else {
            s[1] = x[1];
        }
        boolean ceil = attrInt(n, "ceil_mode", 0) != 0;
        for (int i = 0; i < spatial; i++) {
            long in = x[i + 2];
            long k = (kernel[i] - 1) * dil[i] + 1;
            if (in < 0) {
                s[i + 2] = -1;
            } else if (transposed) {
                long[] outPad = orZeros(attrInts(n, "output_padding"), spatial);
                s[i + 2] = strides[i] * (in - 1) + outPad[i] + k - pads[i] - pads[i + spatial];
            } else if (ap.equals("SAME_UPPER") || ap.equals("SAME_LOWER")) {
                s[i + 2] = (in + strides[i] - 1) / strides[i];
            } else if (ap.equals("VALID")) {
                s[i + 2] = (in - k) / strides[i] + 1;
            } else {
                long span = in + pads[i] + pads[i + spatial] - k;
                s[i + 2] = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i]))
                        + 1;
            }
        }
        return s;
    }

    private static long[] orOnes(long[] v, int n) {
        if (v != null && v.length == n) {
            return v;
        }
        long[] o = new long[n];
        Arrays.fill(o, 1);
        return o;
    }

    private static long[] orZeros(long[] v, int n) {
        return v != null && v.length == n ? v : new long[n];
    }

    private TensorInfo reshape(NodeProto n, TensorInfo x) {
        long[] target = in(n, 1).longs();
        if (target == null || x.shape() == null) {
            return TensorInfo.of(x.elemType(), null);
        }
        boolean allowZero = attrInt(n, "allowzero", 0) != 0;
        long[] s = target.clone();
        long known = 1;
        int infer = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0 && !allowZero) {
                s[i] = i < x.rank() ? x.shape()[i] : -1;
            }
            if (s[i] == -1 && target[i] == -1) {
                infer = i;
            } else if (s[i] < 0) {
                return TensorInfo.of(x.elemType(), s);
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            s[infer] = x.fullyKnown() && known > 0 ? x.numel() / known : -1;
        }
        return new TensorInfo(x.elemType(), s, x.value());
    }

    private TensorInfo concat(NodeProto n) {
        TensorInfo first = in(n, 0);
        if (first.shape() == null) {
            return TensorInfo.UNKNOWN;
        }
        int r = first.rank();
        int axis = (int) norm(attrInt(n, "axis", 0), r, false);
        long[] s = first.shape().clone();
        s[axis] = 0;
        boolean foldable = r == 1;
        List<Double> vals = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            TensorInfo t = in(n, i);
            if (t.shape() == null) {
                return TensorInfo.of(first.elemType(), null);
            }
            if (t.shape()[axis] < 0 || s[axis] < 0) {
                s[axis] = -1;
            } else {
                s[axis] += t.shape()[axis];
            }
            for (int d = 0; d < r; d++) {
                if (d != axis && s[d] < 0) {
                    s[d] = t.shape()[d];
                }
            }
            if (t.value() == null) {
                foldable = false;
            } else if (foldable) {
                for (double v : t.value()) {
                    vals.add(v);
                }
            }
        }
        double[] v = foldable ? vals.stream().mapToDouble(Double::doubleValue).toArray() : null;
        return new TensorInfo(first.elemType(), s, v);
    }

    private TensorInfo gather(NodeProto n, TensorInfo data, TensorInfo idx) {
        if (data.shape() == null || idx.shape() == null) {
            return TensorInfo.of(data.elemType(), null);
        }
        int axis = (int) norm(attrInt(n, "axis", 0), data.rank(), false);
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < axis; i++) {
            s.add(data.shape()[i]);
        }
        for (long d : idx.shape()) {
            s.add(d);
        }
        for (int i = axis + 1; i < data.rank(); i++) {
            s.add(data.shape()[i]);
        }
        long[] shape = s.stream().mapToLong(Long::longValue).toArray();
        double[] v = null;
        if (data.value() != null && idx.value() != null && data.rank() == 1) {
            v = new double[idx.value().length];
            for (int i = 0; i < v.length; i++) {
                long k = (long) idx.value()[i];
                v[i] = data.value()[(int) (k < 0 ? k + data.shape()[0] : k)];
            }
        }
        return new TensorInfo(data.elemType(), shape, v);
    }

    private TensorInfo slice(NodeProto n, TensorInfo x) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        if (opset >= 10) {
            starts = in(n, 1).longs();
            ends = in(n, 2).longs();
            axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? in(n, 3).longs() : null;
            steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? in(n, 4).longs() : null;
            if (n.getInputCount() > 3 && !n.getInput(3).isEmpty() && axes == null) {
                return TensorInfo.of(x.elemType(), null);
            }
        } else {
            starts = attrInts(n, "starts");
            ends = attrInts(n, "ends");
            axes = attrInts(n, "axes");
            steps = null;
        }
        if (x.shape() == null || starts == null || ends == null) {
            return TensorInfo.of(x.elemType(), null);
        }
        long[] s = x.shape().clone();
        int[] start = new int[s.length];
        int[] step = new int[s.length];
        Arrays.fill(step, 1);
        for (int i = 0; i < starts.length; i++) {
            int axis = (int) norm(axes == null ? i : axes[i], s.length, false);
            long dim = x.shape()[axis];
            long st = steps == null ? 1 : steps[i];
            if (dim < 0) {
                s[axis] = -1;
                continue;
            }
            long b = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (st > 0) {
                b = Math.max(0, Math.min(dim, b));
                e = Math.max(0, Math.min(dim, e));
                s[axis] = Math.max(0, (e - b + st - 1) / st);
            } else {
                b = Math.max(-1, Math.min(dim - 1, b));
                e = Math.max(-1, Math.min(dim - 1, e));
                s[axis] = Math.max(0, (b - e + (-st) - 1) / (-st));
            }
            start[axis] = (int) b;
            step[axis] = (int) st;
        }
        double[] v = null;
        if (x.value() != null && x.rank() == 1 && s[0] >= 0) {
            v = new double[(int) s[0]];
            for (int i = 0; i < v.length; i++) {
                v[i] = x.value()[start[0] + i * step[0]];
            }
        }
        return new TensorInfo(x.elemType(), s, v);
    }

    private TensorInfo[] split(NodeProto n, TensorInfo x) {
        int outs = n.getOutputCount();
        if (x.shape() == null) {
            return null;
        }
        int axis = (int) norm(attrInt(n, "axis", 0), x.rank(), false);
        long[] sizes = opset >= 13 ? (n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? in(n, 1).longs() : null)
                : attrInts(n, "split");
        long dim = x.shape()[axis];
        if (sizes == null || sizes.length == 0) {
            if (dim < 0) {
                return null;
            }
            sizes = new long[outs];
            long chunk = (dim + outs - 1) / outs;
            for (int i = 0; i < outs; i++) {
                sizes[i] = Math.min(chunk, dim - chunk * i);
            }
        }
        TensorInfo[] r = new TensorInfo[outs];
        for (int i = 0; i < outs; i++) {
            long[] s = x.shape().clone();
            s[axis] = sizes[i];
            r[i] = TensorInfo.of(x.elemType(), s);
        }
        return r;
    }

    private TensorInfo reduce(NodeProto n, String op, TensorInfo x) {
        if (x.shape() == null) {
            return TensorInfo.of(x.elemType(), null);
        }
        boolean arg = op.startsWith("Arg");
        boolean keep = attrInt(n, "keepdims", 1) != 0;
        long[] axes;
        if (arg) {
            axes = new long[] {attrInt(n, "axis", 0)};
        } else if ((op.equals("ReduceSum") && opset >= 13) || opset >= 18) {
            axes = n.getInputCount() > 1 && !n.getInput(1).isEmpty() ? in(n, 1).longs() : new long[0];
            if (axes == null) {
                return TensorInfo.of(x.elemType(), null);
            }
        } else {
            axes = attrInts(n, "axes");
            if (axes == null) {
                axes = new long[0];
            }
        }
        boolean[] red = new boolean[x.rank()];
        if (axes.length == 0) {
            if (attrInt(n, "noop_with_empty_axes", 0) != 0) {
                return same(x);
            }
            Arrays.fill(red, true);
        }
        for (long a : axes) {
            red[(int) norm(a, x.rank(), false)] = true;
        }
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (!red[i]) {
                s.add(x.shape()[i]);
            } else if (keep) {
                s.add(1L);
            }
        }
        return TensorInfo.of(arg ? DataTypes.INT64 : x.elemType(), s.stream().mapToLong(Long::longValue).toArray());
    }

    private TensorInfo resize(NodeProto n, TensorInfo x) {
        if (x.shape() == null) {
            return TensorInfo.of(x.elemType(), null);
        }
        boolean upsample = n.getOpType().equals("Upsample");
        double[] scales = upsample ? in(n, 1).value() : n.getInputCount() > 2 ? in(n, 2).value() : null;
        double[] sizes = !upsample && n.getInputCount() > 3 ? in(n, 3).value() : null;
        long[] s = x.shape().clone();
        if (sizes != null && sizes.length == s.length) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (long) sizes[i];
            }
        } else if (scales != null && scales.length == s.length) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (long) Math.floor(s[i] * scales[i]);
            }
        } else {
            return TensorInfo.of(x.elemType(), null);
        }
        return TensorInfo.of(x.elemType(), s);
    }

    private TensorInfo einsum(NodeProto n) {
        AttributeProto eq = attr(n, "equation");
        if (eq == null) {
            return TensorInfo.UNKNOWN;
        }
        String e = eq.getS().toStringUtf8().replace(" ", "");
        if (e.contains("...") || !e.contains("->")) {
            return TensorInfo.of(in(n, 0).elemType(), null);
        }
        Map<Character, Long> dims = einsumDims(n, e);
        if (dims == null) {
            return TensorInfo.of(in(n, 0).elemType(), null);
        }
        String outSpec = e.substring(e.indexOf("->") + 2);
        long[] s = new long[outSpec.length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = dims.getOrDefault(outSpec.charAt(i), -1L);
        }
        return TensorInfo.of(in(n, 0).elemType(), s);
    }

    /** Size of every index letter of an explicit einsum equation; null when an input shape is unknown. */
    Map<Character, Long> einsumDims(NodeProto n, String e) {
        String[] ins = e.substring(0, e.indexOf("->")).split(",");
        Map<Character, Long> dims = new HashMap<>();
        for (int i = 0; i < ins.length; i++) {
            long[] s = in(n, i).shape();
            if (s == null || s.length != ins[i].length()) {
                return null;
            }
            for (int j = 0; j < s.length; j++) {
                dims.merge(ins[i].charAt(j), s[j], Math::max);
            }
        }
        return dims;
    }
}
