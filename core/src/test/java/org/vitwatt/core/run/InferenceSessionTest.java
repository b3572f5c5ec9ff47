package org.vitwatt.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

class InferenceSessionTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    static Path cache;
    static ModelRef tiny;
    static final ProviderOptions CPU = ProviderOptions.cpu();

    @BeforeAll
    static void build() {
        tiny = ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), cache), "deit_tiny", ORT, s -> { });
    }

    private static BenchmarkSpec spec(int batch) {
        return BenchmarkSpec.parse("deit_tiny", "synthetic", "fp32", "cpu", Integer.toString(batch), "1");
    }

    @Test
    void runsBatchesIntoThePinnedOutput() throws Exception {
        SyntheticImages images = new SyntheticImages(tiny.preprocessing(), 8, 42);
        SessionFactory f = new SessionFactory(OrtEnvironment.getEnvironment());
        try (InferenceSession s = InferenceSession.open(f, tiny, ModelVariant.source(tiny, Provider.CPU), CPU, images, spec(2))) {
            assertEquals(4, s.batches());
            float[] first = new float[2000];
            try (OrtSession.Result r = s.run()) {
                assertFalse(r.isResultOwner(0), "pinned output, not a new tensor");
                assertEquals(List.of(2L, 1000L), toList(((OnnxTensor) r.get(0)).getInfo().getShape()));
            }
            FloatBuffer out = s.lastOutput();
            out.get(0, first);
            for (float v : first) {
                assertTrue(Float.isFinite(v));
            }
            try (OrtSession.Result r = s.run()) {
                assertEquals(1, r.size());
            }
            float[] second = new float[2000];
            s.lastOutput().get(0, second);
            assertFalse(Arrays.equals(first, second), "the next batch holds other images");
        }
    }

    @Test
    void sameImagesGiveTheSameLogitsAsAnUnpinnedRun() throws Exception {
        SyntheticImages images = new SyntheticImages(tiny.preprocessing(), 1, 7);
        SessionFactory f = new SessionFactory(OrtEnvironment.getEnvironment());
        try (InferenceSession s = InferenceSession.open(f, tiny, ModelVariant.source(tiny, Provider.CPU), CPU, images, spec(1))) {
            s.run().close();
            float[] pinned = new float[1000];
            s.lastOutput().get(0, pinned);
            try (OnnxTensor in = OnnxTensor.createTensor(f.environment(), images.batch(0, 1),
                    new long[] {1, 3, 224, 224}); OrtSession.Result r = s.session().run(Map.of("input", in))) {
                float[][] plain = (float[][]) r.get(0).getValue();
                for (int i = 0; i < 1000; i++) {
                    assertEquals(plain[0][i], pinned[i], 0f);
                }
            }
        }
    }

    @Test
    void fewerImagesThanTheBatchIsRejected() {
        SyntheticImages images = new SyntheticImages(tiny.preprocessing(), 3, 1);
        VitwattException e = assertThrows(VitwattException.class, () -> InferenceSession.open(
                new SessionFactory(OrtEnvironment.getEnvironment()), tiny, ModelVariant.source(tiny, Provider.CPU), CPU, images,
                spec(4)));
        assertEquals("dataset synthetic (3 images, seed 1) has 3 images, fewer than -p batch=4: lower the batch or "
                + "use more images", e.getMessage());
    }

    @Test
    void gpuProvidersAreRefusedWithTheReasonOnTheCpuBuild() {
        String reason = ProviderProbe.unavailableReason(Provider.CUDA).orElseThrow();
        assertTrue(reason.startsWith("provider 'cuda' is not in this ONNX Runtime build"), reason);
        assertTrue(ProviderProbe.unavailableReason(Provider.TENSORRT).orElseThrow().contains("mvn -Pgpu package"));
        assertTrue(ProviderProbe.unavailableReason(Provider.CPU).isEmpty());
    }

    private static List<Long> toList(long[] a) {
        return Arrays.stream(a).boxed().toList();
    }
}
