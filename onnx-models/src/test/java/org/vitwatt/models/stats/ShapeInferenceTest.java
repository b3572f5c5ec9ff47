package org.vitwatt.models.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;

/**
 * Shapes and MACs on graphs shaped like exporter output rather than vitwatt's own: dynamic reshapes computed
 * with Shape/Gather/Unsqueeze/Concat, Flatten + Gemm, strided padded convolutions, symbolic spatial dims.
 */
class ShapeInferenceTest {
    @Test
    void torchStyleDynamicReshapeIsFolded() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "N", 3, 32, 32);
        Value c = g.conv(x, 3, 8, 4, 4, 0, 1, true, Init.normal(0.1));          // [N, 8, 8, 8]
        Value n = g.op("Gather", List.of(g.op("Shape", c), g.scalarInt(0)), Attrs.i("axis", 0));
        Value nu = g.op("Unsqueeze", List.of(n, g.ints(0)));
        Value shape = g.concat(0, nu, g.ints(8, -1));                         // [N, 8, -1]
        Value r = g.op("Reshape", List.of(c, shape));                         // [N, 8, 64]
        Value t = g.transpose(r, 0, 2, 1);                                    // [N, 64, 8]
        Value w = g.weight("w", new long[] {8, 16}, Init.normal(0.1));
        Value y = g.matMul(t, w);                                             // [N, 64, 16]
        g.output(y, GraphBuilder.FLOAT, "N", 64, 16);
        ModelProto m = g.build("test", "");
        ModelStats s = Statistics.of(m, null);
        assertEquals(64L * 16 * 8, s.macsByOp().get("MatMul"));
        assertEquals(8L * 8 * 8 * 3 * 4 * 4, s.macsByOp().get("Conv"));
        assertEquals(8 * 3 * 16 + 8 + 8 * 16, s.params());
        assertTrue(s.uncountedNodes().isEmpty());
        Map<String, TensorInfo> shapes = Statistics.shapes(m);
        assertArrayEquals(new long[] {1, 8, 64}, shapes.get(r.name()).shape());
    }

    @Test
    void flattenGemmPaddedStridedConvAndBatchNorm() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 3, 17, 17);
        Value c = g.conv(x, 3, 4, 3, 2, 1, 1, false, Init.normal(0.1));       // (17 + 2 - 3) / 2 + 1 = 9
        Value bn = g.op("BatchNormalization", List.of(c, g.weight("bn.w", new long[] {4}, Init.ones()),
                g.weight("bn.b", new long[] {4}, Init.zeros()), g.weight("bn.m", new long[] {4}, Init.zeros()),
                g.weight("bn.v", new long[] {4}, Init.ones())));
        Value p = g.op("GlobalAveragePool", bn);                               // [1, 4, 1, 1]
        Value f = g.op("Flatten", p, Attrs.i("axis", 1));                      // [1, 4]
        Value y = g.op("Gemm", List.of(f, g.weight("fc.w", new long[] {10, 4}, Init.normal(0.1)),
                g.weight("fc.b", new long[] {10}, Init.zeros())), Attrs.i("transB", 1));
        g.output(y, GraphBuilder.FLOAT, "batch", 10);
        ModelStats s = Statistics.of(g.build("t", ""), null);
        assertEquals(4L * 9 * 9 * 3 * 3 * 3, s.macsByOp().get("Conv"));
        assertEquals(2L * 4 * 9 * 9, s.macsByOp().get("BatchNormalization"));
        assertEquals(4L * 9 * 9, s.macsByOp().get("GlobalAveragePool"));
        assertEquals(40L, s.macsByOp().get("Gemm"));
    }

    @Test
    void symbolicSpatialDimsAreAssumedAndSaid() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 3, "height", "width");
        Value c = g.conv(x, 3, 2, 16, 16, 0, 1, false, Init.normal(0.1));
        g.output(c, GraphBuilder.FLOAT, "batch", 2, "h", "w");
        ModelStats s = Statistics.of(g.build("t", ""), null);
        assertEquals(2L * 14 * 14 * 3 * 16 * 16, s.macs());
        assertEquals(2, s.assumptions().size());
        assertTrue(s.assumptions().get(0).contains("taken as 224"));
        ModelStats given = Statistics.of(g.build("t", ""), null, Map.of("height", 32L, "width", 32L));
        assertEquals(2L * 2 * 2 * 3 * 16 * 16, given.macs());
        assertTrue(given.assumptions().isEmpty());
    }

    @Test
    void unknownShapesAreListedNotGuessed() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 8);
        Value h = g.node("MysteryOp", "com.example", 1, List.of(x))[0];
        Value y = g.matMul(h, g.weight("w", new long[] {8, 4}, Init.normal(0.1)));
        g.output(y, GraphBuilder.FLOAT, "batch", 4);
        ModelStats s = Statistics.of(g.build("t", ""), null);
        assertEquals(0, s.macs());
        assertEquals(List.of("/MatMul"), s.uncountedNodes());
        assertEquals(1, s.opCounts().get("com.example:MysteryOp"));
    }

    @Test
    void quantizationAuxTensorsAndScalarConstantsAreNotParameters() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 8);
        Value wq = g.initializer(org.vitwatt.models.onnx.TensorData.raw("wq", org.vitwatt.models.onnx.DataTypes.INT8,
                new long[] {8, 4}, new byte[32]));
        Value scale = g.weight("scale", new long[] {4}, Init.ones());
        Value zp = g.initializer(org.vitwatt.models.onnx.TensorData.raw("zp", org.vitwatt.models.onnx.DataTypes.INT8,
                new long[] {4}, new byte[4]));
        Value w = g.op("DequantizeLinear", List.of(wq, scale, zp), Attrs.i("axis", 1));
        Value y = g.mul(g.matMul(x, w), g.scalar(0.5f));
        g.output(y, GraphBuilder.FLOAT, "batch", 4);
        ModelStats s = Statistics.of(g.build("t", ""), null);
        assertEquals(32, s.params());
        assertEquals(32, s.macs());
    }
}
