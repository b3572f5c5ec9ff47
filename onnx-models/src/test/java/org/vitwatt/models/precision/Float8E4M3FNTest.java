package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.onnx.TensorData;

/** The FP8 E4M3FN codec against its definition and against ONNX Runtime's own QuantizeLinear. */
class Float8E4M3FNTest {
    @Test
    void knownValuesEncodeToTheirBytes() {
        assertEquals(0x00, Float8E4M3FN.encode(0f) & 0xFF);
        assertEquals(0x80, Float8E4M3FN.encode(-0f) & 0xFF);
        assertEquals(0x38, Float8E4M3FN.encode(1f) & 0xFF, "1 = exponent 7 (bias 7), mantissa 0");
        assertEquals(0x7E, Float8E4M3FN.encode(448f) & 0xFF, "448 is the largest finite value");
        assertEquals(0x7E, Float8E4M3FN.encode(1e6f) & 0xFF, "saturates");
        assertEquals(0xFE, Float8E4M3FN.encode(Float.NEGATIVE_INFINITY) & 0xFF, "saturates");
        assertEquals(0x01, Float8E4M3FN.encode(0x1p-9f) & 0xFF, "the smallest subnormal");
        assertEquals(0x08, Float8E4M3FN.encode(0x1p-6f) & 0xFF, "the smallest normal");
        assertEquals(0x7F, Float8E4M3FN.encode(Float.NaN) & 0x7F);
        // 1.0625 lies halfway between 1 (mantissa 0) and 1.125 (mantissa 1): ties go to the even mantissa
        assertEquals(0x38, Float8E4M3FN.encode(1.0625f) & 0xFF);
        assertEquals(0x3A, Float8E4M3FN.encode(1.1875f) & 0xFF, "halfway between 1.125 and 1.25 -> 1.25");
    }

    @Test
    void everyFiniteByteDecodesAndEncodesBackToItself() {
        for (int b = 0; b < 256; b++) {
            if ((b & 0x7F) == 0x7F) {
                assertTrue(Float.isNaN(Float8E4M3FN.decode((byte) b)));
                continue;
            }
            float v = Float8E4M3FN.decode((byte) b);
            assertEquals(b, Float8E4M3FN.encode(v) & 0xFF, "byte " + b + " = " + v);
        }
        assertEquals(448f, Float8E4M3FN.decode((byte) 0x7E));
        assertEquals(0.001953125f, Float8E4M3FN.decode((byte) 0x01));
    }

    /** QuantizeLinear → DequantizeLinear (scale 1, zero point float8 0) in ONNX Runtime vs decode(encode(x)). */
    @Test
    void matchesOnnxRuntimesQuantizeLinearOnEveryValue() throws Exception {
        int n = 20_000;
        float[] x = new float[n];
        Random r = new Random(7);
        for (int i = 0; i < n; i++) {
            // magnitudes from 2^-12 to 2^10, both signs: subnormals, normals, ties and saturation
            x[i] = (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(2, -12 + 22 * r.nextDouble()));
        }
        for (int b = 0; b < 127; b++) { // exact midpoints between neighbouring values
            x[b] = (Float8E4M3FN.decode((byte) b) + Float8E4M3FN.decode((byte) (b + 1))) / 2;
        }
        int fp8 = TensorProto.DataType.FLOAT8E4M3FN_VALUE;
        TypeProto t = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1)
                .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder()
                        .setDimValue(n)))).build();
        GraphProto g = GraphProto.newBuilder().setName("q")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(t))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(t))
                .addInitializer(TensorData.floatTensor("s", new long[0], new float[] {1f}))
                .addInitializer(TensorData.raw("z", fp8, new long[0], new byte[] {0}))
                .addNode(NodeProto.newBuilder().setOpType("QuantizeLinear").addInput("x").addInput("s")
                        .addInput("z").addOutput("q"))
                .addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").addInput("q").addInput("s")
                        .addInput("z").addOutput("y"))
                .build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(Fp8Quantizer.IR_VERSION).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(Fp8Quantizer.OPSET))
                .build();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(m.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {n});
                OrtSession.Result out = s.run(Map.of("x", in))) {
            float[] y = (float[]) out.get(0).getValue();
            for (int i = 0; i < n; i++) {
                assertEquals(Float8E4M3FN.decode(Float8E4M3FN.encode(x[i])), y[i], "x = " + x[i]);
            }
        }
    }
}
