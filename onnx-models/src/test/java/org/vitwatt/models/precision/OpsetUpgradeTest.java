package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.onnx.TensorData;

/** Raising the opset: reductions take their axes as an input from 18, and ONNX Runtime runs the result the same. */
class OpsetUpgradeTest {
    private static ModelProto reduceMean(long opset) {
        TypeProto in = type(2, 3);
        TypeProto out = type(2, 1);
        GraphProto g = GraphProto.newBuilder().setName("r")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(in))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(out))
                .addNode(NodeProto.newBuilder().setOpType("ReduceMean").setName("mean").addInput("x").addOutput("y")
                        .addAttribute(AttributeProto.newBuilder().setName("axes").setType(
                                AttributeProto.AttributeType.INTS).addInts(-1))
                        .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(
                                AttributeProto.AttributeType.INT).setI(1)))
                .build();
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g).addOpsetImport(OperatorSetIdProto.newBuilder()
                .setDomain("").setVersion(opset)).addOpsetImport(OperatorSetIdProto.newBuilder()
                .setDomain("com.microsoft").setVersion(1)).build();
    }

    private static TypeProto type(long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s)).build();
    }

    private static float[] run(ModelProto m) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(m.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, 2, 3, 4, 5, 9}),
                        new long[] {2, 3});
                OrtSession.Result r = s.run(Map.of("x", x))) {
            float[][] y = (float[][]) r.get(0).getValue();
            return new float[] {y[0][0], y[1][0]};
        }
    }

    @Test
    void reduceMeanAxesBecomeAnInt64InputAndTheResultIsUnchanged() throws Exception {
        ModelProto m17 = reduceMean(17);
        OpsetUpgrade.Raised r = OpsetUpgrade.raise(m17, 19, 9);
        assertEquals(19, OpsetUpgrade.opset(r.model()));
        assertEquals(9, r.model().getIrVersion());
        NodeProto n = r.model().getGraph().getNode(0);
        assertEquals(2, n.getInputCount());
        assertEquals("keepdims", n.getAttribute(0).getName());
        assertEquals(1, n.getAttributeCount());
        assertArrayEquals(new long[] {-1}, TensorData.longs(r.model().getGraph().getInitializer(0), null));
        assertEquals("com.microsoft", r.model().getOpsetImport(1).getDomain(), "other domains kept");
        assertArrayEquals(new float[] {2, 6}, run(m17));
        assertArrayEquals(run(m17), run(r.model()));
    }

    @Test
    void anEqualSplitStatesItsOutputCountFrom18() throws Exception {
        GraphProto g = GraphProto.newBuilder().setName("s")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(type(2, 4)))
                .addOutput(ValueInfoProto.newBuilder().setName("a").setType(type(2, 2)))
                .addOutput(ValueInfoProto.newBuilder().setName("b").setType(type(2, 2)))
                .addNode(NodeProto.newBuilder().setOpType("Split").addInput("x").addOutput("a").addOutput("b")
                        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(
                                AttributeProto.AttributeType.INT).setI(1)))
                .build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g).addOpsetImport(OperatorSetIdProto
                .newBuilder().setDomain("").setVersion(17)).build();
        ModelProto r = OpsetUpgrade.raise(m, 19, 9).model();
        NodeProto split = r.getGraph().getNode(0);
        assertEquals("num_outputs", split.getAttribute(1).getName());
        assertEquals(2, split.getAttribute(1).getI());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(r.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1, 2, 3, 4, 5, 6, 7, 8}),
                        new long[] {2, 4});
                OrtSession.Result out = s.run(Map.of("x", x))) {
            assertArrayEquals(new float[] {3, 4}, ((float[][]) out.get(1).getValue())[0]);
        }
    }

    @Test
    void aModelAtTheTargetIsOnlyGivenTheIrVersion() {
        ModelProto m = reduceMean(19);
        OpsetUpgrade.Raised r = OpsetUpgrade.raise(m, 19, 9);
        assertEquals(m.getGraph(), r.model().getGraph());
        assertEquals(9, r.model().getIrVersion());
    }

    @Test
    void aModelBelowOpset13IsRefusedWithTheReason() {
        VitwattException e = assertThrows(VitwattException.class, () -> OpsetUpgrade.raise(reduceMean(11), 19, 9));
        assertEquals("model is at ONNX opset 11: vitwatt raises opsets from 13 on (Softmax, Split and Squeeze "
                + "changed at 13); re-export it at opset 17 or later", e.getMessage());
    }
}
