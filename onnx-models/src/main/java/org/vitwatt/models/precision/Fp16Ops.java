package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Optional;
import java.util.Set;
import org.vitwatt.models.onnx.GraphIndex;

/**
 * Which nodes an FP16 conversion may turn to float16, and why any other stays FP32. Following onnxconverter-common's
 * block-list approach, a node converts when its op is one whose every floating-point input and output the ONNX
 * operator set defines for float16 ({@link #FP16_OPS}) and no block list names it; every other node keeps FP32,
 * with Casts at its boundary, and is reported with its reason: never a stop.
 */
final class Fp16Ops {
    /**
     * Default-domain ops whose floating-point inputs and outputs all accept float16 in the ONNX operator set (opset
     * 13 to 21) and that ONNX Runtime runs in float16 (natively or behind its own casts on the CPU provider). Not in
     * it, for example: {@code Range} and the random generators (no float16 form), {@code Resize} and {@code TopK}
     * (onnxconverter-common blocks them), Q/DQ (their scales stay float), control flow.
     */
    static final Set<String> FP16_OPS = Set.of("Abs", "Acos", "Acosh", "Add", "ArgMax", "ArgMin", "Asin", "Asinh",
            "Atan", "Atanh", "AveragePool", "BatchNormalization", "Cast", "CastLike", "Ceil", "Celu", "Clip", "Concat",
            "Constant", "ConstantOfShape", "Conv", "ConvTranspose", "Cos", "Cosh", "CumSum", "DepthToSpace", "Div",
            "Dropout", "Einsum", "Elu", "Equal", "Erf", "Exp", "Expand", "Flatten", "Floor", "Gather",
            "GatherElements", "GatherND", "Gelu", "Gemm", "GlobalAveragePool", "GlobalLpPool", "GlobalMaxPool",
            "Greater", "GreaterOrEqual", "GroupNormalization", "HardSigmoid", "HardSwish", "Hardmax", "Identity",
            "InstanceNormalization", "IsInf", "IsNaN", "LayerNormalization", "LeakyRelu", "Less", "LessOrEqual", "Log",
            "LogSoftmax", "LpNormalization", "LpPool", "LRN", "MatMul", "Max", "MaxPool", "Mean", "Min", "Mish", "Mod",
            "Mul", "Neg", "NonZero", "Pad", "Pow", "PRelu", "Reciprocal", "ReduceL1", "ReduceL2", "ReduceLogSum",
            "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSum", "ReduceSumSquare",
            "Relu", "Reshape", "Round", "ScatterElements", "ScatterND", "Selu", "Shape", "Shrink", "Sigmoid", "Sign",
            "Sin", "Sinh", "Size", "Slice", "Softmax", "Softplus", "Softsign", "SpaceToDepth", "Split", "Sqrt",
            "Squeeze", "Sub", "Sum", "Tan", "Tanh", "ThresholdedRelu", "Tile", "Transpose", "Trilu", "Unsqueeze",
            "Where");
    private static final Set<String> QUANTIZATION = Set.of("QuantizeLinear", "DequantizeLinear",
            "DynamicQuantizeLinear");

    private final Fp16Converter.Options options;

    Fp16Ops(Fp16Converter.Options options) {
        this.options = options;
    }

    /** Why {@code n} stays FP32, or empty when it converts. */
    Optional<String> keepReason(NodeProto n) {
        if (!GraphIndex.isDefaultDomain(n)) {
            return Optional.of("domain " + n.getDomain() + " (only default-domain ops are converted)");
        }
        if (QUANTIZATION.contains(n.getOpType())) {
            return Optional.of("quantization op (its scales stay float)");
        }
        for (AttributeProto a : n.getAttributeList()) {
            if (a.hasG() || a.getGraphsCount() > 0) {
                return Optional.of("has a subgraph (control flow stays FP32)");
            }
        }
        if (options.nodeBlockList().contains(n.getName())) {
            return Optional.of("named in the node block list");
        }
        if (options.opBlockList().contains(n.getOpType())) {
            return Optional.of("on the op block list (onnxconverter-common's DEFAULT_OP_BLOCK_LIST)");
        }
        if (!FP16_OPS.contains(n.getOpType())) {
            return Optional.of("no float16 form vitwatt converts (not in its FP16 op list)");
        }
        return Optional.empty();
    }
}
