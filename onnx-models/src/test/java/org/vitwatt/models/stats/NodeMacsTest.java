package org.vitwatt.models.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/**
 * MACs and parameters on graphs shaped like exporter output rather than vitwatt's own: dynamic reshapes computed
 * with Shape/Gather/Unsqueeze/Concat, a Pad whose pads come from the input's shape, Flatten + Gemm, strided padded
 * convolutions, symbolic spatial dims, a LayerNorm written out as elementwise ops.
 */
class NodeMacsTest {
    @Test
    void torchStyleDynamicReshapeAndPadAreCounted() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "N", 3, 32, 32);
        Value c = Layers.conv(g, x, 3, 8, 4, 4, 0, 1, true, Init.normal(0.1));          // [N, 8, 8, 8]
        Value n = g.op("Gather", List.of(g.op("Shape", c), g.scalarInt(0)), Attrs.i("axis", 0));
        Value nu = g.op("Unsqueeze", List.of(n, g.ints(0)));
        Value shape = g.concat(0, nu, g.ints(8, -1));                         // [N, 8, -1]
        Value r = g.op("Reshape", List.of(c, shape));                         // [N, 8, 64]
        // pads [0, 0, 0, 0, 0, 2]: the last dim padded by (66 - 64) computed from the shape, as Swin pads windows
        Value last = g.op("Gather", List.of(g.op("Shape", r), g.scalarInt(2)), Attrs.i("axis", 0));
        Value extra = g.sub(g.op("Unsqueeze", List.of(g.scalarInt(66), g.ints(0))),
                g.op("Unsqueeze", List.of(last, g.ints(0))));
        Value pads = g.concat(0, g.ints(0, 0, 0, 0, 0), extra);
        Value p = g.op("Pad", List.of(r, pads));                               // [N, 8, 66]
        Value t = g.transpose(p, 0, 2, 1);                                    // [N, 66, 8]
        Value w = g.weight("w", new long[] {8, 16}, Init.normal(0.1));
        Value y = g.matMul(t, w);                                             // [N, 66, 16]
        g.output(y, GraphBuilder.FLOAT, "N", 66, 16);
        ModelProto m = g.build("test", "");
        ModelAnalysis a = Analyses.of(m);
        ModelStats s = a.stats();
        assertEquals(66L * 16 * 8, s.macsByOp().get("MatMul"));
        assertEquals(8L * 8 * 8 * 3 * 4 * 4, s.macsByOp().get("Conv"));
        assertEquals(8 * 3 * 16 + 8 + 8 * 16, s.params());
        assertTrue(s.uncountedNodes().isEmpty());
        assertEquals("float[1, 8, 66]", a.types().type(p.name()).orElseThrow().toString());
    }

    @Test
    void flattenGemmPaddedStridedConvAndBatchNorm() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 3, 17, 17);
        Value c = Layers.conv(g, x, 3, 4, 3, 2, 1, 1, false, Init.normal(0.1));       // (17 + 2 - 3) / 2 + 1 = 9
        Value bn = g.op("BatchNormalization", List.of(c, g.weight("bn.w", new long[] {4}, Init.ones()),
                g.weight("bn.b", new long[] {4}, Init.zeros()), g.weight("bn.m", new long[] {4}, Init.zeros()),
                g.weight("bn.v", new long[] {4}, Init.ones())));
        Value p = g.op("GlobalAveragePool", bn);                               // [1, 4, 1, 1]
        Value f = g.op("Flatten", p, Attrs.i("axis", 1));                      // [1, 4]
        Value y = g.op("Gemm", List.of(f, g.weight("fc.w", new long[] {10, 4}, Init.normal(0.1)),
                g.weight("fc.b", new long[] {10}, Init.zeros())), Attrs.i("transB", 1));
        g.output(y, GraphBuilder.FLOAT, "batch", 10);
        ModelStats s = Analyses.of(g.build("t", "")).stats();
        assertEquals(4L * 9 * 9 * 3 * 3 * 3, s.macsByOp().get("Conv"));
        assertEquals(2L * 4 * 9 * 9, s.macsByOp().get("BatchNormalization"));
        assertEquals(4L * 9 * 9, s.macsByOp().get("GlobalAveragePool"));
        assertEquals(40L, s.macsByOp().get("Gemm"));
        assertEquals(4 * 3 * 9 + 4 + 4 + 40 + 10, s.params(), "BN running statistics are buffers");
        assertEquals(8, s.buffers());
    }

    @Test
    void symbolicSpatialDimsAreAssumedAndSaid() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 3, "height", "width");
        Value c = Layers.conv(g, x, 3, 2, 16, 16, 0, 1, false, Init.normal(0.1));
        g.output(c, GraphBuilder.FLOAT, "batch", 2, "h", "w");
        ModelStats s = Analyses.of(g.build("t", "")).stats();
        assertEquals(2L * 14 * 14 * 3 * 16 * 16, s.macs());
        assertEquals(List.of("input x dim 2 ('height') taken as 224", "input x dim 3 ('width') taken as 224"),
                s.assumptions());
        assertEquals("onnxruntime at x float[1, 3, 224, 224]", s.shapes());
        ModelStats given = Analyses.of(g.build("t", ""), Map.of("height", 32L, "width", 32L)).stats();
        assertEquals(2L * 2 * 2 * 3 * 16 * 16, given.macs());
        assertTrue(given.assumptions().isEmpty());
    }

    @Test
    void aLayerNormWrittenOutAsElementwiseOpsCountsAsOne() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 5, 8);
        Value mean = g.reduceMean(x, true, -1);
        Value d = g.sub(x, mean);
        Value var = g.reduceMean(g.op("Pow", List.of(d, g.scalar(2f))), true, -1);
        Value y = g.div(d, g.op("Sqrt", g.add(var, g.scalar(1e-6f))));
        y = g.add(g.mul(y, g.weight("ln.weight", new long[] {8}, Init.ones())),
                g.weight("ln.bias", new long[] {8}, Init.zeros()));
        g.output(y, GraphBuilder.FLOAT, "batch", 5, 8);
        ModelAnalysis a = Analyses.of(g.build("t", ""));
        assertEquals(Map.of(NodeMacs.DECOMPOSED_LAYER_NORM, 5L * 5 * 8), a.stats().macsByOp());
        long[] perNode = a.nodeMacs();
        assertEquals(5L * 5 * 8, perNode[perNode.length - 1], "counted on the LayerNorm's last node (the bias Add)");
    }

    @Test
    void quantizationAuxTensorsAndScalarConstantsAreBuffersNotParameters() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 8);
        Value wq = g.initializer(TensorData.raw("wq", DataTypes.INT8, new long[] {8, 4}, new byte[32]));
        Value scale = g.weight("scale", new long[] {4}, Init.ones());
        Value zp = g.initializer(TensorData.raw("zp", DataTypes.INT8, new long[] {4}, new byte[4]));
        Value w = g.op("DequantizeLinear", List.of(wq, scale, zp), Attrs.i("axis", 1));
        Value y = g.mul(g.matMul(x, w), g.scalar(0.5f));
        g.output(y, GraphBuilder.FLOAT, "batch", 4);
        ModelStats s = Analyses.of(g.build("t", "")).stats();
        assertEquals(32, s.params());
        assertEquals(4 + 4 + 1, s.buffers(), "scale, zero point and the 0.5");
        assertEquals(32, s.macs());
    }

    @Test
    void eachIdentityCopyOfADeduplicatedTensorIsItsOwnParameter() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 4);
        Value b = g.weight("bias", new long[] {4}, Init.zeros());
        Value h = g.add(x, b);
        Value copy = g.op("Identity", b);           // torch.onnx: the second, equal-valued bias
        Value y = g.add(h, copy);
        g.output(y, GraphBuilder.FLOAT, "batch", 4);
        assertEquals(8, Statistics.params(g.build("t", "")));
    }
}
