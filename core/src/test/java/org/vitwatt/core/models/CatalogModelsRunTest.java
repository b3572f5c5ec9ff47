package org.vitwatt.core.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.store.ModelStore;

/**
 * Every model of the E3P-ViT paper, as vitwatt builds it, runs on ONNX Runtime's CPU provider at batch 1 and
 * 8 with finite [batch, 1000] logits, and a batch's rows do not depend on each other (the dynamic batch dim
 * survives every reshape). LeViT's linear and conv implementations compute the same function. Each model is
 * built once for this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogModelsRunTest {
    private static final int SIDE = 224;
    private static final int IMAGE = 3 * SIDE * SIDE;

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    /** The two LeViT builds, kept for the linear-vs-conv test (the others are dropped after their test). */
    private final Map<String, ModelProto> levits = new ConcurrentHashMap<>();

    static Stream<String> paperModels() {
        return Catalog.standard().entries().stream().filter(e -> !e.paperName().isEmpty()).map(CatalogEntry::id);
    }

    @Test
    void thereAreThirteen() {
        assertEquals(13, paperModels().count());
    }

    private ModelProto build(String id) {
        CatalogEntry e = Catalog.standard().require(id);
        if (e.family().equals("levit")) {
            return levits.computeIfAbsent(id, k -> ModelStore.buildModel(e, s -> { }));
        }
        return ModelStore.buildModel(e, s -> { });
    }

    private OrtSession session(ModelProto m) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(2);
        return env.createSession(m.toByteArray(), so);
    }

    /** Deterministic N(0, 1)-ish images, the scale of normalised ImageNet pixels. */
    private static float[] images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * IMAGE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private float[][] run(OrtSession s, float[] x, int batch) throws OrtException {
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, batch * IMAGE),
                new long[] {batch, 3, SIDE, SIDE}); OrtSession.Result r = s.run(Map.of("input", in))) {
            OnnxTensor out = (OnnxTensor) r.get("logits").orElseThrow();
            assertArrayEquals(new long[] {batch, 1000}, out.getInfo().getShape());
            return (float[][]) out.getValue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paperModels")
    void runsAtBatchOneAndEight(String id) throws OrtException {
        float[] x = images(8, 42);
        try (OrtSession s = session(build(id))) {
            float[][] eight = run(s, x, 8);
            float[][] one = run(s, Arrays.copyOfRange(x, 0, IMAGE), 1);
            float[][] fourth = run(s, Arrays.copyOfRange(x, 3 * IMAGE, 4 * IMAGE), 1);
            double scale = 0;
            for (float[] row : eight) {
                for (float v : row) {
                    assertTrue(Float.isFinite(v), id + " gave a non-finite logit");
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            assertTrue(scale > 1e-3 && scale < 1e3, id + ": logits of magnitude " + scale);
            assertRowEquals(id, one[0], eight[0], scale);
            assertRowEquals(id, fourth[0], eight[3], scale);
            assertTrue(!Arrays.equals(eight[0], eight[1]), id + ": two images gave the same logits");
        }
    }

    private static void assertRowEquals(String id, float[] expected, float[] actual, double scale) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale + 1e-6, id + ": batch rows depend on each other");
        }
    }

    /**
     * levit_192 (Linear + BatchNorm1d, tokens [B, N, C]) and levit_conv_192 (1×1 Conv + BatchNorm2d, [B, C, H, W])
     * are two layouts of one network: given the same weights (a linear's [in, out] matrix is the conv's
     * [out, in, 1, 1] kernel transposed) they must give the same logits.
     */
    @Test
    void levitLinearAndConvImplementationsAgree() throws OrtException {
        ModelProto linear = build("levit_192");
        ModelProto conv = build("levit_conv_192");
        Map<String, TensorProto> linearWeights = new HashMap<>();
        for (TensorProto t : linear.getGraph().getInitializerList()) {
            linearWeights.put(t.getName(), t);
        }
        GraphProto.Builder g = conv.getGraph().toBuilder();
        int copied = 0;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto c = g.getInitializer(i);
            TensorProto l = linearWeights.get(c.getName());
            if (l == null || c.getDataType() != DataTypes.FLOAT || c.getName().startsWith("const_")) {
                continue;
            }
            long[] cd = TensorData.dims(c);
            long[] ld = TensorData.dims(l);
            float[] v = TensorData.floats(l, null);
            if (cd.length == 4 && ld.length == 2) {
                int in = (int) ld[0];
                int out = (int) ld[1];
                float[] t = new float[v.length];
                for (int o = 0; o < out; o++) {
                    for (int k = 0; k < in; k++) {
                        t[o * in + k] = v[k * out + o];
                    }
                }
                v = t;
            } else {
                assertArrayEquals(ld, cd, c.getName());
            }
            g.setInitializer(i, TensorData.floatTensor(c.getName(), cd, v));
            copied++;
        }
        assertTrue(copied > 300, "weights copied: " + copied);
        float[] x = images(2, 7);
        float[][] a;
        float[][] b;
        try (OrtSession s = session(linear)) {
            a = run(s, x, 2);
        }
        try (OrtSession s = session(conv.toBuilder().setGraph(g).build())) {
            b = run(s, x, 2);
        }
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < 1000; i++) {
                assertEquals(a[r][i], b[r][i], 1e-4, "logit " + i + " of image " + r);
            }
        }
    }

    @AfterAll
    void drop() {
        levits.clear();
    }
}
