package org.vitwatt.models.stats;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Statistics of one ONNX model, computed from the file alone.
 *
 * <p><b>Parameters</b>: the elements of every floating-point initializer of more than one element, plus
 * every integer initializer that feeds a {@code DequantizeLinear} (a quantized weight, counted once).
 * Not counted: integer shape/axis/index constants, the scales and zero points of Q/DQ nodes, the running
 * mean and variance of {@code BatchNormalization} (buffers, not parameters: timm's {@code param_count} sums
 * {@code model.parameters()}, which holds BN's weight and bias only), and one-element constants such as 1/√d
 * or 0.5. Class tokens and position embeddings are parameters, as in
 * timm's {@code param_count}.
 *
 * <p><b>MACs</b> per image (batch dims set to 1), by fvcore's rules as timm publishes them: MatMul
 * numel(Y)·K (so the attention matmuls QKᵀ and AV count), Gemm M·N·K, Conv numel(Y)·(C_in/group)·∏kernel
 * (and their integer / QLinear forms), ConvTranspose numel(X)·(C_out/group)·∏kernel, Einsum the product of
 * all index sizes, LayerNormalization / GroupNormalization / InstanceNormalization 5·numel(X),
 * BatchNormalization 2·numel(X), GlobalAveragePool numel(X), nearest / linear Resize 1 / 4 ·numel(Y).
 * Not counted (fvcore does not count them either): Softmax, GELU and other activations, element-wise
 * Add/Mul/Div, bias additions, pooling other than global average. A LayerNorm that an exporter split into
 * ReduceMean/Sub/Pow/Sqrt/Div is not recognised and adds nothing. Nodes that should carry MACs but whose
 * shapes could not be inferred are listed in {@link #uncountedNodes()}, never guessed.
 *
 * @param params         parameter count
 * @param macs           multiply-accumulates per image
 * @param macsByOp       MACs per op type
 * @param irVersion      the file's IR version
 * @param opsets         opset version per domain ("" = default ONNX domain)
 * @param producer       producer name and version the file records
 * @param inputs         graph inputs (initializers excluded)
 * @param outputs        graph outputs
 * @param opCounts       node count per op type ("domain:Op" outside the default domain)
 * @param nodes          total node count
 * @param uncountedNodes MAC-carrying nodes whose shapes were unknown
 * @param assumptions    symbolic dims that had to be given a value, and other caveats
 * @param metadata       the file's {@code metadata_props}
 */
public record ModelStats(long params, long macs, SortedMap<String, Long> macsByOp, long irVersion,
        Map<String, Long> opsets, String producer, List<TensorSpec> inputs, List<TensorSpec> outputs,
        SortedMap<String, Integer> opCounts, int nodes, List<String> uncountedNodes, List<String> assumptions,
        Map<String, String> metadata) {
}
