package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.precision.Fp8Quantizer;
import org.vitwatt.models.precision.OpsetUpgrade;
import org.vitwatt.models.store.ModelStore;

/** FP8 (E4M3FN QDQ) and MP A (encoder FP16, others FP8) of DeiT-Tiny through ONNX Runtime's CPU provider. */
class Fp8VariantsTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    static Path cache;
    static ModelRef tiny;
    static SyntheticImages eval;
    static SyntheticImages calib;
    static int[] fp32;

    @BeforeAll
    static void build() throws Exception {
        tiny = ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), cache), "deit_tiny", ORT, s -> { });
        eval = new SyntheticImages(tiny.preprocessing(), 64, 1234);
        calib = new SyntheticImages(tiny.preprocessing(), 64, 99);
        fp32 = Agreement.top1(tiny.resolved().file(), eval, 64);
    }

    private static ModelVariant variant(String precision, List<String> progress) {
        return new PrecisionVariants(cache, ORT).resolve(tiny, Precision.parse(precision), Provider.CPU,
                CalibrationSpec.parse("minmax:64"), Int8Weights.AUTO.choose(Provider.CPU, CpuIsa.current()),
                () -> calib, progress::add);
    }

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    @Test
    void fp8IsFloat8QdqAtOpset19WithAQuarterOfTheBytes() throws Exception {
        List<String> progress = new ArrayList<>();
        ModelVariant v = variant("fp8", progress);
        ModelProto m = OnnxFiles.read(v.file());
        assertEquals(Fp8Quantizer.OPSET, OpsetUpgrade.opset(m));
        assertTrue(m.getIrVersion() >= Fp8Quantizer.IR_VERSION);
        int fp8 = TensorProto.DataType.FLOAT8E4M3FN_VALUE;
        // deit_tiny: patch Conv + 12 blocks × (qkv, proj, fc1, fc2 weights; q·kᵀ and attn·v activations) + head
        assertEquals(Map.of("Conv", 1.0, "MatMul", 12 * 6 + 1.0), v.manifest().get("quantizedNodes"));
        long fp8Weights = m.getGraph().getInitializerList().stream().filter(t -> t.getDataType() == fp8
                && t.getDimsCount() > 0 && t.getName().endsWith("_fp8")).count();
        assertEquals(1 + 12 * 4 + 1, fp8Weights, "every Conv/MatMul weight stored as float8");
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (n.getOpType().equals("QuantizeLinear")) {
                String zp = n.getInput(2);
                TensorProto z = m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(zp))
                        .findFirst().orElseThrow();
                assertEquals(fp8, z.getDataType(), "the zero point's type makes the output float8");
                assertEquals(0, z.getDimsCount(), "activation scales are per tensor");
            }
        }
        double ratio = (double) Files.size(v.file()) / Files.size(tiny.resolved().file());
        System.out.printf(Locale.ROOT, "FP8 deit_tiny file: %.3f of FP32's bytes%n", ratio);
        assertTrue(ratio > 0.24 && ratio < 0.30, "weights in one byte each, biases and norms FP32: " + ratio);
        double agreement = Agreement.agreement(fp32, Agreement.top1(v, eval, 64));
        System.out.printf(Locale.ROOT, "FP8 top-1 agreement with FP32 on 64 synthetic images: %.2f %%%n", agreement);
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("calibrating (minmax): 64/64 images")), progress
                .toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) v.manifest().get("fp8");
        assertEquals("float8e4m3fn", f.get("element"));
    }

    @Test
    void mpAIsEncoderFp16OthersFp8AndRuns() throws Exception {
        ModelVariant v = variant("mixed:encoder=fp16+others=fp8", new ArrayList<>());
        assertEquals("others=fp8+encoder=fp16", v.manifest().get("plan"));
        assertEquals(Map.of("Conv", 1.0, "MatMul", 1.0), v.manifest().get("quantizedNodes"),
                "patch embedding and head in FP8");
        ModelProto m = OnnxFiles.read(v.file());
        assertEquals(Fp8Quantizer.OPSET, OpsetUpgrade.opset(m));
        assertTrue(count(m, "Cast") >= 2, "FP16 encoder behind casts");
        double agreement = Agreement.agreement(fp32, Agreement.top1(v, eval, 64));
        System.out.printf(Locale.ROOT, "MP A top-1 agreement with FP32 on 64 synthetic images: %.2f %%%n",
                agreement);
    }
}
