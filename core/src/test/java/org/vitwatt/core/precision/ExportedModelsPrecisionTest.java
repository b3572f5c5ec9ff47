package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

/**
 * Every precision builds and runs on the models {@code torch.onnx} exported (fixtures/exports: timm-,
 * torchvision- and Hugging-Face-style ViTs, torchvision's Swin V1 and V2, opsets 14 and 17, scrambled copies):
 * FP16, INT8 and the paper's mixed plan {@code encoder=fp16+others=int8}, built as benchmarks build them, run by
 * ONNX Runtime's CPU provider next to FP32 on the same synthetic images.
 */
class ExportedModelsPrecisionTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    private static final int IMAGES = 16;

    @TempDir
    static Path cache;

    static Stream<Arguments> cases() throws Exception {
        Path dir = Path.of(System.getProperty("vitwatt.fixtures"), "exports");
        List<String> files = JsonParser.parseString(Files.readString(dir.resolve("FACTS.json"))).getAsJsonObject()
                .getAsJsonObject("files").keySet().stream().sorted().toList();
        return files.stream().flatMap(f -> Stream.of("fp16", "int8", "mixed:encoder=fp16+others=int8")
                .map(p -> Arguments.of(f, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void buildsAndRunsNextToFp32(String file, String precision) throws Exception {
        Path model = Path.of(System.getProperty("vitwatt.fixtures"), "exports", file);
        ModelRef ref = ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), cache), model.toString(), ORT,
                s -> { });
        SyntheticImages calibration = new SyntheticImages(ref.preprocessing(), 32, 7);
        SyntheticImages eval = new SyntheticImages(ref.preprocessing(), IMAGES, 8);
        Int8Weights.Choice weights = Int8Weights.AUTO.choose(Provider.CPU, CpuIsa.current());
        ModelVariant v = new PrecisionVariants(cache, ORT).resolve(ref, Precision.parse(precision), Provider.CPU,
                CalibrationSpec.parse("minmax:32"), weights, () -> calibration, s -> { });
        float[][] fp32 = logits(model, eval);
        float[][] low = logits(v.file(), eval);
        assertArrayEquals(new int[] {IMAGES, 10}, new int[] {low.length, low[0].length});
        double scale = 0;
        double diff = 0;
        int agree = 0;
        for (int i = 0; i < IMAGES; i++) {
            for (int c = 0; c < 10; c++) {
                assertTrue(Float.isFinite(low[i][c]), file + " " + precision + " gave a non-finite logit");
                scale = Math.max(scale, Math.abs(fp32[i][c]));
                diff = Math.max(diff, Math.abs(fp32[i][c] - low[i][c]));
            }
            agree += argmax(fp32[i]) == argmax(low[i]) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%-40s %-32s max |logit - fp32| %.4f of %.4f, top-1 agreement %d/%d, "
                + "fp32 kept %s%n", file, precision, diff, scale, agree, IMAGES, v.manifest().get("fp32Kept"));
        assertTrue(scale > 1e-3, file + ": FP32 logits of magnitude " + scale);
        if (precision.equals("fp16")) {
            assertTrue(diff < 0.02 * scale, "FP16 logits within 2% of the largest logit: " + diff + " / " + scale);
            assertEquals(List.of(), v.manifest().get("fp32Kept"), "every op of these graphs has an FP16 form");
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> quantized = (Map<String, Object>) v.manifest().get("quantizedNodes");
            // int8: every MatMul / Gemm / Conv; mixed: the encoder is FP16, so the patch Conv and the head remain
            assertTrue(quantized.containsKey("Conv") && (quantized.containsKey("Gemm")
                    || quantized.containsKey("MatMul")), "quantized: " + quantized);
            if (precision.equals("int8")) {
                assertTrue(quantized.containsKey("MatMul"), "quantized: " + quantized);
            } else {
                assertTrue(((Number) v.manifest().get("fp16Nodes")).intValue() > 0, "FP16 nodes: " + v.manifest());
            }
        }
    }

    private static float[][] logits(Path model, ImageSet images) throws Exception {
        try (OrtSession s = ORT.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(ORT, images.batch(0, IMAGES),
                        new long[] {IMAGES, 3, images.height(), images.width()});
                OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
