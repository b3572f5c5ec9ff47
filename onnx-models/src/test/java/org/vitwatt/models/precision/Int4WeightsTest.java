package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.BitSet;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.shapes.ValueTypes;
import org.vitwatt.models.store.ModelStore;

/** The MatMulNBits 4-bit packing: by hand, against ONNX Runtime's kernel, and through the graph rewrite. */
class Int4WeightsTest {
    @Test
    void codesArePackedLowNibbleFirstAroundZeroPointEight() {
        float[] w = new float[16]; // one column, K = 16: (i - 7) / 2 for i < 15, then 0
        for (int i = 0; i < 15; i++) {
            w[i] = (i - 7) * 0.5f;
        }
        Int4Weights q = Int4Weights.quantize(w, 16, 1, 16);
        assertArrayEquals(new float[] {0.5f}, q.scales(), "max |w| 3.5 / 7");
        assertEquals(8, q.packed().length);
        assertEquals(0x21, q.packed()[0] & 0xFF, "codes 1 (w = -3.5) and 2 (w = -3)");
        assertEquals(0x8F, q.packed()[7] & 0xFF, "code 15 (w = 3.5), then code 8 (w = 0)");
        assertArrayEquals(w, q.dequantize(), "multiples of the scale are exact");
    }

    @Test
    void aBlockSizeThatIsNotAPowerOfTwoIsRefused() {
        VitwattException e = assertThrows(VitwattException.class, () -> Int4Weights.quantize(new float[48], 48, 1,
                24));
        assertEquals("int4w block size 24 must be a power of two, at least 16", e.getMessage());
    }

    /** Y = I · W through MatMulNBits is the dequantized W, exactly: the Java reference of the packing is ORT's. */
    @Test
    void onnxRuntimesMatMulNBitsDequantizesExactlyAsTheReference() throws Exception {
        int k = 40; // not a multiple of the block: the second block is padded
        int n = 3;
        float[] w = new float[k * n];
        Random r = new Random(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Int4Weights q = Int4Weights.quantize(w, k, n, 32);
        assertEquals(2, q.blocks());
        float[] eye = new float[k * k];
        for (int i = 0; i < k; i++) {
            eye[i * k + i] = 1;
        }
        GraphProto g = GraphProto.newBuilder().setName("nbits")
                .addInput(ValueInfoProto.newBuilder().setName("a").setType(type(k, k)))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(type(k, n)))
                .addInitializer(TensorData.raw("b", DataTypes.UINT8, new long[] {n, q.blocks(), 16}, q.packed()))
                .addInitializer(TensorData.floatTensor("s", new long[] {n, q.blocks()}, q.scales()))
                .addNode(NodeProto.newBuilder().setOpType("MatMulNBits").setDomain(Int4Quantizer.MS_DOMAIN)
                        .addInput("a").addInput("b").addInput("s").addOutput("y")
                        .addAttribute(Attrs.i("K", k))
                        .addAttribute(Attrs.i("N", n))
                        .addAttribute(Attrs.i("bits", 4))
                        .addAttribute(Attrs.i("block_size", 32)))
                .build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(Int4Quantizer.MS_DOMAIN).setVersion(1))
                .build();
        float[] y = run(m, eye, k);
        assertArrayEquals(q.dequantize(), y);
        double err = 0;
        for (int i = 0; i < w.length; i++) {
            err = Math.max(err, Math.abs(w[i] - y[i]));
        }
        assertTrue(err > 0 && err < 0.6, "4-bit rounding, at most half a step of a block's scale: " + err);
    }

    @Test
    void theRewriteTurnsConstantWeightMatMulsIntoMatMulNBits() throws Exception {
        ModelProto tiny = ModelStore.buildModel(Catalog.standard().require("deit_tiny"), s -> { });
        ValueTypes types = Analyses.of(tiny).types();
        BitSet all = new BitSet();
        all.set(0, tiny.getGraph().getNodeCount());
        ModelProto q = Int4Quantizer.quantize(tiny, all, types, 32).model();
        long nbits = q.getGraph().getNodeList().stream().filter(x -> x.getOpType().equals("MatMulNBits")).count();
        assertEquals(12 * 4 + 1, nbits, "qkv, proj, fc1, fc2 of each block and the head");
        long matmul = q.getGraph().getNodeList().stream().filter(x -> x.getOpType().equals("MatMul")).count();
        assertEquals(12 * 2, matmul, "attention's q·kᵀ and attn·v stay float");
        assertTrue(q.toByteArray().length < 0.2 * tiny.toByteArray().length, "4-bit weights: "
                + q.toByteArray().length + " of " + tiny.toByteArray().length);
    }

    private static float[] run(ModelProto m, float[] a, int k) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(m.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(a), new long[] {k, k});
                OrtSession.Result out = s.run(Map.of("a", in))) {
            float[][] y = (float[][]) out.get(0).getValue();
            float[] flat = new float[y.length * y[0].length];
            for (int i = 0; i < y.length; i++) {
                System.arraycopy(y[i], 0, flat, i * y[0].length, y[0].length);
            }
            return flat;
        }
    }

    private static TypeProto type(long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s)).build();
    }
}
