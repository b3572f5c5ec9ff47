package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.fixtures.Exports;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.ValueTypes;

/** Q/DQ go where the types say: float activations of MatMul / Gemm / Conv, weights and biases through Identity. */
class QdqPlacementTest {
    private static BitSet all(ModelProto m) {
        BitSet b = new BitSet();
        b.set(0, m.getGraph().getNodeCount());
        return b;
    }

    @Test
    void aBiasDeduplicatedByTorchOnnxIsReachedThroughItsIdentity() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 3, 8, 8);
        Value bias = g.weight("bias", new long[] {4}, Init.zeros());
        Value copy = g.op("Identity", bias);       // torch.onnx's copy of an equal-valued second bias
        Value a = g.op("Conv", List.of(x, g.weight("w1", new long[] {4, 3, 1, 1}, Init.normal(0.1)), bias),
                Attrs.ints("kernel_shape", 1, 1));
        Value b = g.op("Conv", List.of(a, g.weight("w2", new long[] {4, 4, 1, 1}, Init.normal(0.1)), copy),
                Attrs.ints("kernel_shape", 1, 1));
        g.output(b, GraphBuilder.FLOAT, "batch", 4, 8, 8);
        ModelProto m = g.build("t", "");
        ValueTypes types = Analyses.of(m).types();
        List<QdqPlacement.Site> sites = QdqPlacement.of(new GraphIndex(m.getGraph()), all(m), types,
                QdqQuantizer.Options.defaults());
        assertEquals(2, sites.size());
        assertEquals("bias", sites.get(1).bias().getName(), "the Identity's initializer");
        assertEquals(List.of(0), sites.get(1).activations());
        QdqQuantizer.Quantized q = QdqQuantizer.quantize(m, all(m), types, Map.of("x", new QdqQuantizer.Range(-1, 1),
                a.name(), new QdqQuantizer.Range(-2, 2)), QdqQuantizer.Options.defaults());
        assertEquals(Map.of("Conv", 2), QdqQuantizer.quantizedNodes(q.model()));
        Set<String> int32 = q.model().getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == DataTypes.INT32).map(t -> t.getName()).collect(Collectors.toSet());
        assertEquals(Set.of("bias_quantized_1", "bias_quantized_2", "bias_quantized_1_zero_point",
                "bias_quantized_2_zero_point"), int32);
        assertNotNull(q.types().type(a.name() + "_DequantizeLinear_Output").orElse(null), "new values are typed");
    }

    @Test
    void attentionMatMulsOfAnExportGetAPairOnEachInput() {
        ModelProto m = Exports.model("vit_hf_op14.onnx");
        ValueTypes types = Exports.analysis("vit_hf_op14.onnx").types();
        GraphIndex g = new GraphIndex(m.getGraph());
        List<QdqPlacement.Site> sites = QdqPlacement.of(g, all(m), types, QdqQuantizer.Options.defaults());
        long activationPairs = sites.stream().filter(s -> s.weight() == null).count();
        assertEquals(2 * 3, activationPairs, "q·kT and attn·v in each of 3 blocks");
        sites.stream().filter(s -> s.weight() == null).forEach(s -> assertEquals(List.of(0, 1), s.activations()));
        assertEquals(1 + 3 * (6 + 2) + 1, sites.size(), "patch Conv, q/k/v/output/fc1/fc2 and the two attention "
                + "products per block, the classifier");
        assertTrue(sites.stream().allMatch(s -> s.activations().stream()
                .allMatch(k -> types.isFloat(g.node(s.node()).getInput(k)))));
    }
}
