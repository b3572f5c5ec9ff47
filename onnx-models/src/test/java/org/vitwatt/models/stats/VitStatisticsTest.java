package org.vitwatt.models.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.store.ModelStore;

/** The built ViT/DeiT models have exactly timm's parameter counts and fvcore's MAC counts. */
class VitStatisticsTest {
    @ParameterizedTest
    @CsvSource({
        // name, timm param_count, hand-counted MACs (onnx-notes §5), timm GMACs
        "deit_tiny_patch16_224, 5717416, 1258411200, 1.26",
        "deit_small_patch16_224, 22050664, 4608338304, 4.61",
        "deit_base_patch16_224, 86567656, 17582740224, 17.58",
        "vit_tiny_patch16_224, 5717416, 1258411200, 1.26",
    })
    void paramsAndMacsMatchTimm(String name, long params, long macs, double gmacs) {
        CatalogEntry e = Catalog.standard().require(name);
        ModelProto m = ModelStore.buildModel(e, s -> { });
        ModelStats s = Analyses.of(m).stats();
        assertEquals(params, s.params(), "params of " + name);
        assertEquals(macs, s.macs(), "MACs of " + name);
        assertEquals(gmacs, Math.round(s.macs() / 1e7) / 100.0, 1e-9, "GMACs to two decimals");
        assertEquals(e.published().gmacs(), gmacs, 1e-9);
        assertTrue(s.uncountedNodes().isEmpty(), s.uncountedNodes().toString());
        assertEquals(List.of("input: float[batch, 3, 224, 224]"), s.inputs().stream().map(Object::toString).toList());
        assertEquals(List.of("logits: float[batch, 1000]"), s.outputs().stream().map(Object::toString).toList());
    }

    @ParameterizedTest
    @CsvSource({"deit_small_distilled_patch16_224, 22.44, 4.63", "deit_tiny_distilled_patch16_224, 5.91, 1.27",
        "deit_base_distilled_patch16_224, 87.34, 17.68"})
    void distilledVariantsMatchTimmToTheShownPrecision(String name, double paramsM, double gmacs) {
        CatalogEntry e = Catalog.standard().require(name);
        ModelStats s = Analyses.of(ModelStore.buildModel(e, x -> { })).stats();
        assertEquals(paramsM, Math.round(s.params() / 1e4) / 100.0, 1e-9);
        assertEquals(gmacs, Math.round(s.macs() / 1e7) / 100.0, 1e-9);
    }

    @Test
    void deitTinyPerBlockHandCount() {
        // onnx-notes §5: per block qkv + attention + proj + MLP + 2 LN = 102,427,392
        long n = 197;
        long d = 192;
        long block = n * d * 3 * d + 2 * n * n * d + n * d * d + 2 * n * d * 4 * d + 2 * 5 * n * d;
        assertEquals(102_427_392L, block);
        ModelStats s = Analyses.of(ModelStore.buildModel(Catalog.standard().require("deit_tiny"), x -> { })).stats();
        long matmul = s.macsByOp().get("MatMul");
        long ln = s.macsByOp().get("LayerNormalization");
        assertEquals(12 * (block - 2 * 5 * n * d) + 192 * 1000, matmul); // head is MatMul on the class token
        assertEquals(12 * 2 * 5 * n * d + 5 * n * d, ln);
        assertEquals(196L * 768 * 192, (long) s.macsByOp().get("Conv"));
    }
}
