package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.groups.NodeGroups;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.shapes.ValueTypes;
import org.vitwatt.models.stats.ModelAnalysis;
import org.vitwatt.models.stats.Statistics;
import org.vitwatt.models.store.ModelStore;

/** Structure of the FP16, QDQ and mixed transforms (numerical checks run through ONNX Runtime in core). */
class TransformsTest {
    static ModelProto tiny;
    static ValueTypes types;
    static NodeGroups groups;

    @BeforeAll
    static void build() {
        tiny = ModelStore.buildModel(Catalog.standard().require("deit_tiny"), s -> { });
        ModelAnalysis a = Analyses.of(tiny);
        types = a.types();
        groups = a.groups();
    }

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    private static Map<String, TensorProto> inits(ModelProto m) {
        Map<String, TensorProto> r = new HashMap<>();
        m.getGraph().getInitializerList().forEach(t -> r.put(t.getName(), t));
        return r;
    }

    @Test
    void fp16KeepsIoFloatBehindOneCastEachAndHalvesEveryWeight() {
        ModelProto h = Fp16Converter.convert(tiny, types, Fp16Converter.Options.defaults()).model();
        assertEquals(2, count(h, "Cast"), "one Cast after the input, one before the output");
        assertEquals(DataTypes.FLOAT, h.getGraph().getInput(0).getType().getTensorType().getElemType());
        assertEquals(DataTypes.FLOAT, h.getGraph().getOutput(0).getType().getTensorType().getElemType());
        for (TensorProto t : h.getGraph().getInitializerList()) {
            assertTrue(t.getDataType() != DataTypes.FLOAT, t.getName() + " still float");
        }
        assertEquals(Statistics.params(tiny), Statistics.params(h), "FP16 keeps every parameter");
        NodeProto out = h.getGraph().getNode(h.getGraph().getNodeCount() - 1);
        assertEquals("Cast", out.getOpType());
        assertEquals("logits", out.getOutput(0));
    }

    @Test
    void fp16ClampsLikeOnnxconverterCommon() {
        assertEquals(1e-7f, HalfTensors.clamp(1e-9f, 1e-7f, 1e4f));
        assertEquals(-1e4f, HalfTensors.clamp(-7e4f, 1e-7f, 1e4f));
        assertEquals(0f, HalfTensors.clamp(0f, 1e-7f, 1e4f));
        assertEquals(Float.POSITIVE_INFINITY, HalfTensors.clamp(Float.POSITIVE_INFINITY, 1e-7f, 1e4f));
        assertEquals(0.5f, HalfTensors.clamp(0.5f, 1e-7f, 1e4f));
    }

    @Test
    void fp16RegionGetsCastsAtItsBoundariesOnly() {
        ModelProto h = Fp16Converter.convert(tiny, groups.blocks(3, 3), types, Fp16Converter.Options.defaults())
                .model();
        // block 3 reads the residual stream once (LN1 and the residual Add share one Cast) and writes it once
        assertEquals(2, count(h, "Cast"));
        assertEquals(count(tiny, "MatMul"), count(h, "MatMul"));
        long halfWeights = h.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == DataTypes.FLOAT16 && t.getName().startsWith("blocks.3.")).count();
        assertEquals(12, halfWeights); // norm1/2 w+b, qkv w+b, proj w+b, fc1 w+b, fc2 w+b
    }

    @Test
    void opBlockListKeepsThoseNodesInFp32() {
        var o = new Fp16Converter.Options(true, 1e-7f, 1e4f, Set.of("Softmax"), Set.of());
        ModelProto h = Fp16Converter.convert(tiny, types, o).model();
        assertEquals(2 + 12 * 2, count(h, "Cast"), "each Softmax gets a Cast in and a Cast out");
    }

    /**
     * Ops without an FP16 form stay FP32 behind Casts and are reported, never a stop: an op outside vitwatt's FP16
     * list (EyeLike), one on onnxconverter-common's block list (Range) and one of another domain (ONNX Runtime's
     * FusedMatMul); the converted model runs and agrees with FP32 to FP16's precision.
     */
    @Test
    void opsWithoutAnFp16FormStayFp32AndAreReported() throws Exception {
        GraphBuilder g = new GraphBuilder("mixed_ops", new Weights("mixed_ops"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 4);
        Value m = g.matMul(x, g.weight("w", new long[] {4, 4}, Init.normal(0.5)));
        Value eye = g.op("EyeLike", m);
        Value range = g.op("Range", List.of(g.scalar(0f), g.scalar(4f), g.scalar(1f)));
        Value h = g.add(g.add(m, eye), range);
        Value y = g.node("FusedMatMul", "com.microsoft", 1, List.of(h, g.weight("w2", new long[] {4, 3},
                Init.normal(0.5))))[0];
        g.output(y, GraphBuilder.FLOAT, "batch", 3);
        ModelProto m32 = g.build("t", "").toBuilder().addOpsetImport(OperatorSetIdProto.newBuilder()
                .setDomain("com.microsoft").setVersion(1)).build();
        Fp16Conversion c = Fp16Converter.convert(m32, Analyses.of(m32).types(), Fp16Converter.Options.defaults());
        assertEquals(List.of(
                new Fp16Conversion.KeptFp32("EyeLike", 1, "no float16 form vitwatt converts (not in its FP16 op list)"),
                new Fp16Conversion.KeptFp32("Range", 1,
                        "on the op block list (onnxconverter-common's DEFAULT_OP_BLOCK_LIST)"),
                new Fp16Conversion.KeptFp32("com.microsoft:FusedMatMul", 1,
                        "domain com.microsoft (only default-domain ops are converted)")), c.keptFp32());
        assertEquals(3, c.fp16Nodes(), "the MatMul and the two Adds");
        float[] in = {0.5f, -1f, 2f, 0.25f, 1f, 1f, -0.5f, 3f};
        float[][] a = run(m32, in);
        float[][] b = run(c.model(), in);
        for (int r = 0; r < 2; r++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(a[r][k], b[r][k], 2e-3 * Math.max(1, Math.abs(a[r][k])), "logit " + r + "," + k);
            }
        }
    }

    private static float[][] run(ModelProto m, float[] x) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(m.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, 4});
                OrtSession.Result r = s.run(Map.of("x", t))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    @Test
    void qdqSitsOnTheInputsOfEveryMatMulAndConvWithInt8Weights() {
        BitSet all = new BitSet();
        all.set(0, tiny.getGraph().getNodeCount());
        var o = QdqQuantizer.Options.defaults();
        var tensors = QdqQuantizer.activationsToCalibrate(tiny, all, types, o);
        Map<String, QdqQuantizer.Range> ranges = new HashMap<>();
        tensors.forEach(t -> ranges.put(t, new QdqQuantizer.Range(-4f, 4f)));
        ModelProto q = QdqQuantizer.quantize(tiny, all, types, ranges, o).model();
        assertEquals(Map.of("Conv", 1, "MatMul", 73), QdqQuantizer.quantizedNodes(q));
        assertEquals(tensors.size(), count(q, "QuantizeLinear"));
        // every float weight of a MatMul/Conv became int8 + per-channel scales; parameters are still counted once
        assertEquals(Statistics.params(tiny), Statistics.params(q));
        Map<String, TensorProto> in = inits(q);
        TensorProto w = in.get("blocks.0.attn.qkv.weight_quantized");
        assertEquals(DataTypes.INT8, w.getDataType());
        assertEquals(List.of(576L), in.get("blocks.0.attn.qkv.weight_scale").getDimsList());
        assertTrue(!in.containsKey("blocks.0.attn.qkv.weight"), "the float copy is gone");
        // conv bias is int32 with scale = input scale x weight scale
        TensorProto b = in.get("patch_embed.proj.bias_quantized_0");
        assertEquals(DataTypes.INT32, b.getDataType());
        float inScale = TensorData.floats(in.get("input_scale"), null)[0];
        assertEquals(8f / 254, inScale, 1e-9);
        float[] ws = TensorData.floats(in.get("patch_embed.proj.weight_scale"), null);
        float[] bs = TensorData.floats(in.get("patch_embed.proj.bias_quantized_0_scale"), null);
        assertEquals(inScale * ws[5], bs[5], 0f);
    }

    @Test
    void reducedRangeWeightsStayWithinPlusMinus64WithScalesOfAbsmaxOver64() {
        BitSet all = new BitSet();
        all.set(0, tiny.getGraph().getNodeCount());
        var full = QdqQuantizer.Options.defaults();
        var reduced = full.withWeightFormat(WeightFormat.REDUCED);
        Map<String, QdqQuantizer.Range> ranges = new HashMap<>();
        QdqQuantizer.activationsToCalibrate(tiny, all, types, full)
                .forEach(t -> ranges.put(t, new QdqQuantizer.Range(-4f, 4f)));
        Map<String, TensorProto> f = inits(QdqQuantizer.quantize(tiny, all, types, ranges, full).model());
        Map<String, TensorProto> r = inits(QdqQuantizer.quantize(tiny, all, types, ranges, reduced).model());
        int fullMax = 0;
        int reducedMax = 0;
        for (TensorProto t : r.values()) {
            if (t.getName().endsWith(".weight_quantized")) {
                for (byte b : t.getRawData().toByteArray()) {
                    reducedMax = Math.max(reducedMax, Math.abs(b));
                }
                for (byte b : f.get(t.getName()).getRawData().toByteArray()) {
                    fullMax = Math.max(fullMax, Math.abs(b));
                }
            }
        }
        assertEquals(64, reducedMax, "reduced range: every weight in [-64, 64], the largest of a channel at 64");
        assertEquals(127, fullMax);
        float[] fs = TensorData.floats(f.get("blocks.0.mlp.fc1.weight_scale"), null);
        float[] rs = TensorData.floats(r.get("blocks.0.mlp.fc1.weight_scale"), null);
        assertEquals(fs[7] * 127 / 64, rs[7], 1e-6 * rs[7], "scale = absmax / 64 instead of absmax / 127");
        assertEquals(0.5f / 64, QuantParams.symmetric(0.5, WeightFormat.REDUCED).scale(), 0f);
        assertEquals(64, QuantParams.symmetric(0.5, WeightFormat.REDUCED).quantizeWeight(10f, WeightFormat.REDUCED));
    }

    @Test
    void u8WeightsAreTheFullRangeLevelsShiftedBy127() {
        BitSet all = new BitSet();
        all.set(0, tiny.getGraph().getNodeCount());
        var full = QdqQuantizer.Options.defaults();
        Map<String, QdqQuantizer.Range> ranges = new HashMap<>();
        QdqQuantizer.activationsToCalibrate(tiny, all, types, full)
                .forEach(t -> ranges.put(t, new QdqQuantizer.Range(-4f, 4f)));
        Map<String, TensorProto> f = inits(QdqQuantizer.quantize(tiny, all, types, ranges, full).model());
        Map<String, TensorProto> u = inits(QdqQuantizer.quantize(tiny, all, types, ranges,
                full.withWeightFormat(WeightFormat.U8)).model());
        TensorProto w = u.get("blocks.3.attn.qkv.weight_quantized");
        assertEquals(DataTypes.UINT8, w.getDataType());
        byte[] uq = w.getRawData().toByteArray();
        byte[] fq = f.get("blocks.3.attn.qkv.weight_quantized").getRawData().toByteArray();
        for (int i = 0; i < uq.length; i++) {
            assertEquals(fq[i] + 127, Byte.toUnsignedInt(uq[i]), "weight " + i);
        }
        TensorProto zp = u.get("blocks.3.attn.qkv.weight_zero_point");
        assertEquals(DataTypes.UINT8, zp.getDataType());
        for (byte b : zp.getRawData().toByteArray()) {
            assertEquals(127, Byte.toUnsignedInt(b));
        }
        assertEquals(TensorData.floats(f.get("blocks.3.attn.qkv.weight_scale"), null)[9],
                TensorData.floats(u.get("blocks.3.attn.qkv.weight_scale"), null)[9], 0f);
        assertEquals(new QuantParams(1f, 127), QuantParams.symmetric(0, WeightFormat.U8), "an all-zero channel");
    }

    @Test
    void weightQuantizationIsSymmetricPerChannelWithRoundHalfEven() {
        QuantParams p = QuantParams.of(-0.5, 0.25, true);
        assertEquals(0.5f / 127, p.scale(), 0f);
        assertEquals(0, p.zeroPoint());
        assertEquals(2, p.quantize(2.5f * p.scale()));   // half to even
        assertEquals(4, p.quantize(3.5f * p.scale()));
        assertEquals(127, p.quantize(10f));
        assertEquals(-127, p.quantizeWeight(-10f, WeightFormat.FULL));
        QuantParams a = QuantParams.of(0.5, 2.0, false);  // range widened to include 0
        assertEquals(2f / 255, a.scale(), 1e-9);
        assertEquals(-128, a.zeroPoint());
        assertEquals(new QuantParams(1f, 0), QuantParams.of(0, 0, true));
    }

    @Test
    void mixedPlanPutsQdqOnlyInItsInt8Groups() {
        NumericType[] t = PrecisionPlan.parse("encoder=int8").assign(groups);
        BitSet int8 = new BitSet();
        for (int i = 0; i < t.length; i++) {
            if (t[i] == NumericType.INT8) {
                int8.set(i);
            }
        }
        var o = QdqQuantizer.Options.defaults();
        Map<String, QdqQuantizer.Range> ranges = new HashMap<>();
        QdqQuantizer.activationsToCalibrate(tiny, int8, types, o)
                .forEach(x -> ranges.put(x, new QdqQuantizer.Range(-1, 1)));
        ModelProto q = QdqQuantizer.quantize(tiny, int8, types, ranges, o).model();
        // 6 MatMuls per block (qkv, QK^T, AV, proj, fc1, fc2) x 12; the patch Conv and the head stay float
        assertEquals(Map.of("MatMul", 72), QdqQuantizer.quantizedNodes(q));
        for (NodeProto n : q.getGraph().getNodeList()) {
            if (n.getOpType().equals("DequantizeLinear")) {
                assertTrue(n.getName().startsWith("blocks.") || n.getName().startsWith("/blocks/"), n.getName());
            }
        }
    }
}
