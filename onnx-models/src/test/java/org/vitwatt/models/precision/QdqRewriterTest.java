package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.precision.QdqQuantizer.Options;
import org.vitwatt.models.precision.QdqQuantizer.Range;
import org.vitwatt.models.shapes.ValueType;
import org.vitwatt.models.shapes.ValueTypes;

/** The graph edit of QDQ quantization: one pair per activation after its producer, float weights kept while read. */
class QdqRewriterTest {
    /** h = Gemm(x, w, b); y = MatMul(x, w2); out = MatMul(h, Transpose(w)) + y. */
    private static ModelProto model() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 4);
        Value w = g.weight("w", new long[] {4, 4}, Init.normal(0.5));
        Value h = g.op("Gemm", List.of(x, w, g.weight("b", new long[] {4}, Init.normal(0.5))));
        Value y = g.matMul(x, g.weight("w2", new long[] {4, 4}, Init.normal(0.5)));
        Value out = g.add(g.matMul(h, g.transpose(w, 1, 0)), y);
        g.output(out, GraphBuilder.FLOAT, "batch", 4);
        return g.build("t", "");
    }

    private static TensorProto init(GraphProto g, String name) {
        return g.getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void oneActivationPairAfterItsProducerAndFloatWeightsKeptOnlyWhileANodeReadsThem() throws Exception {
        ModelProto m = model();
        GraphProto g = m.getGraph();
        ValueTypes types = Analyses.of(m).types();
        QdqRewriter edit = new QdqRewriter(g, types, Options.defaults());
        NodeProto gemm = g.getNode(0);
        NodeProto matMul = g.getNode(1);
        TensorProto w = init(g, "w");
        TensorProto b = init(g, "b");

        String dqx = edit.activation("x", new Range(-1, 1));
        assertEquals("x_DequantizeLinear_Output", dqx);
        assertEquals(dqx, edit.activation("x", new Range(-5, 5)), "one pair per activation, its first range");
        assertEquals(Optional.empty(), edit.bias(0, b, gemm.getOutput(0), w), "no weight scales yet");
        String dqw = edit.weight(gemm, w);
        assertEquals(Optional.empty(), edit.bias(0, b, "not-quantized", w), "a float activation keeps a float bias");
        String dqb = edit.bias(0, b, "x", w).orElseThrow();
        assertEquals("b_DequantizeLinear_Output_0", dqb);
        edit.replace(0, gemm.toBuilder().setInput(0, dqx).setInput(1, dqw).setInput(2, dqb).build());
        edit.replace(1, matMul.toBuilder().setInput(0, edit.activation("x", new Range(-1, 1)))
                .setInput(1, edit.weight(matMul, init(g, "w2"))).build());
        String h = gemm.getOutput(0);
        NodeProto last = g.getNode(3);
        edit.replace(3, last.toBuilder().setInput(0, edit.activation(h, new Range(-3, 3))).build());

        GraphProto e = edit.graph();
        List<String> ops = e.getNodeList().stream().map(NodeProto::getOpType).toList();
        assertEquals(List.of("QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear",
                "DequantizeLinear", "Gemm", "QuantizeLinear", "DequantizeLinear", "MatMul", "Transpose", "MatMul",
                "Add"), ops, "the input's pair and the weights' DQs first, h's pair right after the Gemm");
        Set<String> inits = e.getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        assertTrue(inits.contains("w"), "the Transpose still reads w in float");
        assertTrue(!inits.contains("w2") && !inits.contains("b"), "read only by quantized nodes: dropped");
        assertEquals(DataTypes.INT8, init(e, "w_quantized").getDataType());
        assertEquals(DataTypes.INT32, init(e, "b_quantized_0").getDataType());

        ValueTypes after = edit.types();
        assertEquals(new ValueType(DataTypes.INT8, new long[] {1, 4}), after.type(h + "_QuantizeLinear_Output")
                .orElseThrow());
        assertEquals(DataTypes.FLOAT, after.elemType("w_scale"));

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] bytes = m.toBuilder().setGraph(e).build().toByteArray();
        try (OrtSession s = env.createSession(bytes, new OrtSession.SessionOptions());
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {0.5f, -0.25f, 0, 1}),
                        new long[] {1, 4});
                OrtSession.Result r = s.run(Map.of("x", t))) {
            assertArrayEquals(new long[] {1, 4}, ((OnnxTensor) r.get(0)).getInfo().getShape(), "the edit runs");
        }
    }
}
