package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.precision.WeightFormat;
import org.vitwatt.models.store.ModelStore;

/** FP16, INT8 and mixed variants of DeiT-Tiny run through ONNX Runtime's CPU provider and are compared to FP32. */
class PrecisionVariantsTest {
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
        eval = new SyntheticImages(tiny.preprocessing(), 512, 1234);
        calib = new SyntheticImages(tiny.preprocessing(), 128, 99); // calibration images are not the test images
        fp32 = Agreement.top1(tiny.resolved().file(), eval, 512);
    }

    /** The range -p int8Weights=auto gives on this machine's CPU. */
    static final Int8Weights.Choice AUTO = Int8Weights.AUTO.choose(Provider.CPU, CpuIsa.current());

    private static ModelVariant variant(String precision, String calibration, List<String> progress) {
        return variant(precision, calibration, AUTO, progress);
    }

    private static ModelVariant variant(String precision, String calibration, Int8Weights.Choice weights,
            List<String> progress) {
        return new PrecisionVariants(cache, OrtEnvironment.getEnvironment()).resolve(tiny, Precision.parse(precision),
                Provider.CPU, CalibrationSpec.parse(calibration), weights, () -> calib, progress::add);
    }

    @Test
    void fp16StaysCloseToFp32() throws Exception {
        ModelVariant v = variant("fp16", "minmax", new ArrayList<>());
        float[][] a = Agreement.logits(tiny.resolved().file(), eval, 8);
        float[][] b = Agreement.logits(v.file(), eval, 8);
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            for (int c = 0; c < a[i].length; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i][c] - b[i][c]));
                maxAbs = Math.max(maxAbs, Math.abs(a[i][c]));
            }
        }
        System.out.printf("FP16 vs FP32 on deit_tiny: max |logit difference| %.5f (max |logit| %.3f)%n", maxDiff, maxAbs);
        assertTrue(maxDiff < 0.02 * maxAbs, "logits within 2% of the largest logit: " + maxDiff + " / " + maxAbs);
        double agreement = Agreement.agreement(fp32, Agreement.top1(v.file(), eval, 512));
        System.out.printf("FP16 top-1 agreement with FP32 on 512 synthetic images: %.2f %%%n", agreement);
        assertTrue(agreement >= 98, "agreement " + agreement);
        assertTrue(Files.size(v.file()) < 0.55 * Files.size(tiny.resolved().file()), "half the bytes");
    }

    @Test
    void int8IsCachedWithItsManifestKeyedByCalibrationAndWeightFormat() throws Exception {
        List<String> progress = new ArrayList<>();
        // a calibration no other test asks for, so this test sees the variant built, whatever the test order
        ModelVariant v = variant("int8", "minmax:120", progress);
        // synthetic weights give near-flat logits: agreement is printed as a figure, accuracy is asserted on the
        // trained fixture (TrainedModelInt8Test)
        double agreement = Agreement.agreement(fp32, Agreement.top1(v.file(), eval, 512));
        System.out.printf("INT8 (minmax:120, %s) top-1 agreement with FP32 on 512 synthetic images on %s: %.2f %%%n",
                AUTO.format().id(), CpuIsa.current().level(), agreement);
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("calibrating (minmax): 120/120 images")));
        @SuppressWarnings("unchecked")
        Map<String, Object> cal = (Map<String, Object>) v.manifest().get("calibration");
        assertEquals("minmax", cal.get("method"));
        assertEquals("synthetic (128 images, seed 99)", cal.get("dataset"));
        @SuppressWarnings("unchecked")
        Map<String, Object> w = (Map<String, Object>) v.manifest().get("int8Weights");
        assertEquals(AUTO.format().id(), w.get("format"));
        assertEquals(AUTO.reason(), w.get("reason"));
        Path manifest = Path.of(v.file().toString().replaceFirst("\\.onnx$", ".json"));
        assertTrue(Files.readString(manifest).contains("\"quantizedNodes\""));
        progress.clear();
        ModelVariant again = variant("int8", "minmax:120", progress);
        assertEquals(v.file(), again.file());
        assertTrue(progress.isEmpty(), "cached: no second calibration " + progress);
        ModelVariant other = variant("int8", "percentile:16", progress);
        assertTrue(!other.file().equals(v.file()), "another method is another file");
        Int8Weights forced = AUTO.format() == WeightFormat.FULL ? Int8Weights.REDUCED : Int8Weights.FULL;
        ModelVariant otherRange = variant("int8", "minmax:120", forced.choose(Provider.CPU, CpuIsa.current()),
                progress);
        assertTrue(!otherRange.file().equals(v.file()), "another weight range is another file");
    }

    @Test
    void int8RunsOnOnnxRuntimesIntegerKernels() throws Exception {
        ModelVariant v = variant("int8", "minmax:128", new ArrayList<>());
        Map<String, Integer> kernels = profileKernels(v.file());
        System.out.println("INT8 deit_tiny kernels on the CPU provider: " + kernels);
        int integer = kernels.getOrDefault("MatMulIntegerToFloat", 0) + kernels.getOrDefault("QLinearMatMul", 0);
        assertTrue(integer >= 12 * 4, "the block's four linear layers at least run as integer kernels: " + kernels);
        assertEquals(0, kernels.getOrDefault("MatMul", 0), "no quantized MatMul left running as float");
    }

    @Test
    void mixedPlanEncoderFp16OthersInt8() throws Exception {
        ModelVariant v = variant("mixed:encoder=fp16+others=int8", "minmax:128", new ArrayList<>());
        assertEquals("others=int8+encoder=fp16", v.manifest().get("plan"));
        assertEquals(Map.of("Conv", 1.0, "MatMul", 1.0), v.manifest().get("quantizedNodes"));
        double agreement = Agreement.agreement(fp32, Agreement.top1(v.file(), eval, 512));
        System.out.printf("mixed encoder=fp16+others=int8 top-1 agreement with FP32: %.2f %%%n", agreement);
    }

    @Test
    void planWithAGroupTheModelLacksFailsWithTheGroups() {
        VitwattException e = assertThrows(VitwattException.class,
                () -> variant("mixed:blocks[12]=int8", "minmax", new ArrayList<>()));
        assertEquals("precision plan rule blocks[12]=int8 names blocks up to 12 but this model has 12 blocks "
                + "(groups: patch_embed, encoder = blocks[0-11], head, others)", e.getMessage());
    }

    @Test
    void tensorrtCannotKeepFp32GroupsBesideFp16() {
        VitwattException e = assertThrows(VitwattException.class, () -> PrecisionVariants.check(tiny,
                Precision.parse("mixed:encoder=fp16+head=fp32"), Provider.TENSORRT));
        assertTrue(e.getMessage().startsWith("precision 'mixed:encoder=fp16+head=fp32' cannot run on tensorrt"));
        PrecisionVariants.check(tiny, Precision.parse("mixed:encoder=fp16+others=int8"), Provider.TENSORRT);
    }

    @Test
    void tensorrtFlagsFollowThePrecision() {
        PrecisionVariants pv = new PrecisionVariants(cache, OrtEnvironment.getEnvironment());
        Int8Weights.Choice trt = Int8Weights.AUTO.choose(Provider.TENSORRT, CpuIsa.current());
        assertEquals(WeightFormat.FULL, trt.format(), "TensorRT always gets full-range weights");
        ModelVariant fp16 = pv.resolve(tiny, Precision.parse("fp16"), Provider.TENSORRT, CalibrationSpec.DEFAULT,
                trt, () -> calib, s -> { });
        assertEquals(tiny.resolved().file(), fp16.file(), "TensorRT FP16 = the FP32 file + the FP16 flag");
        assertTrue(fp16.trtFp16() && !fp16.trtInt8());
        ModelVariant mixed = pv.resolve(tiny, Precision.parse("mixed:encoder=fp16+others=int8"), Provider.TENSORRT,
                CalibrationSpec.DEFAULT, trt, () -> calib, s -> { });
        assertTrue(mixed.trtFp16() && mixed.trtInt8());
        assertTrue(!mixed.manifest().containsKey("fp16Nodes"), "TensorRT's file keeps FP32 outside the Q/DQ");
    }

    @Test
    void bitWeightedOperationsFollowThePlan() {
        long total = 1_258_411_200L;        // DeiT-Ti MACs (onnx-notes §5)
        long ln = 12 * 378_240L + 189_120L;  // LayerNorm MACs: 2 per block + the final one
        long conv = 28_901_376L;
        long head = 192_000L;
        long encoder = 12 * 102_427_392L;
        assertEquals(total * 1024.0, PrecisionVariants.bops(tiny, Precision.FP32));
        assertEquals(total * 256.0, PrecisionVariants.bops(tiny, Precision.parse("fp16")));
        assertEquals((total - ln) * 64.0 + ln * 1024.0, PrecisionVariants.bops(tiny, Precision.parse("int8")));
        assertEquals(encoder * 256.0 + (conv + head) * 64.0 + 189_120L * 1024.0,
                PrecisionVariants.bops(tiny, Precision.parse("mixed:encoder=fp16+others=int8")));
    }

    static Map<String, Integer> profileKernels(Path model) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path prefix = Files.createTempDirectory(cache, "prof").resolve("p");
        String file;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.enableProfiling(prefix.toString());
            try (OrtSession s = env.createSession(model.toString(), so);
                    OnnxTensor in = OnnxTensor.createTensor(env, eval.batch(0, 1), new long[] {1, 3, 224, 224})) {
                s.run(Map.of("input", in)).close();
                file = s.endProfiling();
            }
        }
        Map<String, Integer> kernels = new TreeMap<>();
        JsonArray events = JsonParser.parseString(Files.readString(Path.of(file))).getAsJsonArray();
        for (JsonElement e : events) {
            var o = e.getAsJsonObject();
            if (o.has("cat") && o.get("cat").getAsString().equals("Node")
                    && o.get("name").getAsString().endsWith("_kernel_time")) {
                kernels.merge(o.getAsJsonObject("args").get("op_name").getAsString(), 1, Integer::sum);
            }
        }
        return kernels;
    }
}
