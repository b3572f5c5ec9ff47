package org.vitwatt.models.stats;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Statistics of one ONNX model: what {@code vitwatt-models stats} prints and every result records.
 *
 * <p><b>Parameters</b> as the source model counts {@code model.parameters()} and <b>buffers</b> (index tables,
 * masks, shape constants, BatchNorm running statistics, quantization scales) apart, by the rules of
 * {@link ParameterCount}. <b>MACs</b> per image by fvcore's rules ({@link NodeMacs}) from the shapes ONNX Runtime
 * reports for the input the graph ran at. <b>Groups</b> are the node groups precision plans address.
 *
 * @param params         parameter count
 * @param buffers        buffer elements (non-trainable stored tensors)
 * @param macs           multiply-accumulates per image
 * @param macsByOp       MACs per op type
 * @param irVersion      the file's IR version
 * @param opsets         opset version per domain ("" = default ONNX domain)
 * @param producer       producer name and version the file records
 * @param inputs         graph inputs (initializers excluded)
 * @param outputs        graph outputs
 * @param opCounts       node count per op type ("domain:Op" outside the default domain)
 * @param nodes          total node count
 * @param groups         node groups with their node counts and MAC shares
 * @param uncountedNodes MAC-carrying nodes that could not be counted
 * @param shapes         where the shapes came from (ONNX Runtime and the input shape it ran at)
 * @param assumptions    symbolic dims that had to be given a value, and other caveats
 * @param metadata       the file's {@code metadata_props}
 */
public record ModelStats(long params, long buffers, long macs, SortedMap<String, Long> macsByOp, long irVersion,
        Map<String, Long> opsets, String producer, List<TensorSpec> inputs, List<TensorSpec> outputs,
        SortedMap<String, Integer> opCounts, int nodes, List<GroupStats> groups, List<String> uncountedNodes,
        String shapes, List<String> assumptions, Map<String, String> metadata) {
}
