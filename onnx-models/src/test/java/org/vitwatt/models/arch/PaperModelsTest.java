package org.vitwatt.models.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.groups.NodeGroups;
import org.vitwatt.models.precision.NumericType;
import org.vitwatt.models.precision.PrecisionPlan;
import org.vitwatt.models.stats.ModelAnalysis;
import org.vitwatt.models.stats.ModelStats;
import org.vitwatt.models.store.ModelStore;

/**
 * The E3P-ViT paper's 13 models, as vitwatt builds them, have timm's published parameter counts (to the
 * precision timm shows) and MACs (within 5 %; in fact equal to the shown two decimals), count every MAC node,
 * name their weights like timm's state dicts, and serialize to the same bytes on every build. Each model is
 * built once for this class (the determinism test builds one model per family a second time).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaperModelsTest {
    /** What one build left behind: statistics, the SHA-256 of its bytes, initializer names, op types. */
    private record Built(ModelStats stats, NodeGroups groups, String sha256, Set<String> initializers,
            Set<String> ops, long nanos) {
    }

    private final Map<String, Built> built = new ConcurrentHashMap<>();

    private Built built(String id) {
        return built.computeIfAbsent(id, k -> {
            CatalogEntry e = Catalog.standard().require(k);
            long t0 = System.nanoTime();
            ModelProto m = ModelStore.buildModel(e, s -> { });
            byte[] bytes = m.toByteArray();
            long nanos = System.nanoTime() - t0;
            Set<String> inits = new HashSet<>();
            for (TensorProto t : m.getGraph().getInitializerList()) {
                inits.add(t.getName());
            }
            Set<String> ops = new HashSet<>();
            for (NodeProto n : m.getGraph().getNodeList()) {
                ops.add(n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + ":" + n.getOpType());
            }
            ModelAnalysis a = Analyses.of(m);
            return new Built(a.stats(), a.groups(), sha256(bytes), inits, ops, nanos);
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCatalogHoldsThePapersThirteenModels() {
        List<String> paper = Catalog.standard().entries().stream().filter(e -> !e.paperName().isEmpty())
                .map(CatalogEntry::id).toList();
        assertEquals(List.of("deit_small_patch16_224", "deit_small_distilled_patch16_224", "vit_small_patch16_224",
                "efficientvit_b1", "tiny_vit_5m_224.dist_in22k_ft_in1k", "tiny_vit_5m_224.in1k", "levit_conv_192",
                "levit_192", "tiny_vit_11m_224.dist_in22k_ft_in1k", "tiny_vit_11m_224.in1k", "poolformerv2_s24",
                "tiny_vit_21m_224.dist_in22k_ft_in1k", "tiny_vit_21m_224.in1k"), paper);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // id, timm param_count (M), timm GMACs, vitwatt's exact parameter count
        "efficientvit_b1, 9.10, 0.53, 9102024",
        "tiny_vit_5m_224.in1k, 5.39, 1.27, 5392764",
        "tiny_vit_5m_224.dist_in22k_ft_in1k, 5.39, 1.27, 5392764",
        "tiny_vit_11m_224.in1k, 11.00, 2.03, 10996972",
        "tiny_vit_11m_224.dist_in22k_ft_in1k, 11.00, 2.03, 10996972",
        "tiny_vit_21m_224.in1k, 21.20, 4.28, 21198568",
        "tiny_vit_21m_224.dist_in22k_ft_in1k, 21.20, 4.28, 21198568",
        "levit_192, 10.95, 0.66, 10947069",
        "levit_conv_192, 10.95, 0.66, 10947069",
        "poolformerv2_s24, 21.34, 3.42, 21341464",
        "vit_small_patch16_224, 22.05, 4.61, 22050664",
        "deit_small_patch16_224, 22.05, 4.61, 22050664",
        "deit_small_distilled_patch16_224, 22.44, 4.63, 22436432",
    })
    void paramsAndMacsMatchTimm(String id, double paramsM, double gmacs, long exactParams) {
        CatalogEntry e = Catalog.standard().require(id);
        ModelStats s = built(id).stats();
        assertEquals(paramsM, e.published().paramsMillions(), 1e-9, "catalog's published params of " + id);
        assertEquals(gmacs, e.published().gmacs(), 1e-9, "catalog's published GMACs of " + id);
        assertEquals(paramsM, Math.round(s.params() / 1e4) / 100.0, 1e-9, "params of " + id + " to 0.01 M");
        assertEquals(exactParams, s.params(), "exact params of " + id);
        double rel = Math.abs(s.macs() / 1e9 - gmacs) / gmacs;
        assertTrue(rel < 0.05, id + ": " + s.macs() + " MACs vs " + gmacs + " G published (" + rel + ")");
        assertEquals(gmacs, Math.round(s.macs() / 1e7) / 100.0, 1e-9, "GMACs of " + id + " to two decimals");
        assertTrue(s.uncountedNodes().isEmpty(), id + " has uncounted MAC nodes " + s.uncountedNodes());
        assertEquals(List.of("input: float[batch, 3, 224, 224]"), s.inputs().stream().map(Object::toString).toList());
        assertEquals(List.of("logits: float[batch, 1000]"), s.outputs().stream().map(Object::toString).toList());
        assertEquals(Map.of("", (long) GraphBuilder.OPSET), s.opsets());
    }

    /**
     * The groups found from each family's structure, and the paper's plan over them: every block FP16, every other
     * node INT8. Hybrid models keep their convolutional stages in the patch embedding (TinyViT's MBConv stage,
     * EfficientViT's conv stages), their downsampling between stages in others.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "efficientvit_b1 | patch_embed, encoder = blocks[0-6] in stages[0-1], head, others",
        "tiny_vit_5m_224.in1k | patch_embed, encoder = blocks[0-9] in stages[0-2], head, others",
        "tiny_vit_21m_224.in1k | patch_embed, encoder = blocks[0-9] in stages[0-2], head, others",
        "levit_192 | patch_embed, encoder = blocks[0-11] in stages[0-2], head, others",
        "levit_conv_192 | patch_embed, encoder = blocks[0-11] in stages[0-2], head, others",
        "poolformerv2_s24 | patch_embed, encoder = blocks[0-23] in stages[0-3], head, others",
        "deit_small_distilled_patch16_224 | patch_embed, encoder = blocks[0-11], head, others",
        "vit_small_patch16_224 | patch_embed, encoder = blocks[0-11], head, others",
    })
    void groupsFromTheStructureAndThePapersPlan(String id, String groups) {
        NodeGroups g = built(id).groups();
        assertEquals(groups, String.join(", ", g.describe()), id);
        NumericType[] t = PrecisionPlan.parse("encoder=fp16+others=int8").assign(g);
        BitSet encoder = g.encoder();
        for (int i = 0; i < t.length; i++) {
            assertEquals(encoder.get(i) ? NumericType.FP16 : NumericType.INT8, t[i], id + " node " + i);
        }
        for (int b = 0; b < g.blockCount(); b++) {
            assertTrue(g.blockName(b).matches("stages\\.\\d+\\.blocks\\.\\d+|blocks\\.\\d+"), g.blockName(b));
        }
    }

    @Test
    void tinyVitMacsAreTimmsCsvFiguresLessTheTwentyOneThousandClassHead() {
        // timm's infer CSV (pt240) profiles the default dist_in22k checkpoint: 21,841 classes
        long[][] widthsAndCsv = {{320, 128}, {448, 204}, {576, 429}};
        String[] ids = {"tiny_vit_5m_224.in1k", "tiny_vit_11m_224.in1k", "tiny_vit_21m_224.in1k"};
        for (int i = 0; i < ids.length; i++) {
            long macs = built(ids[i]).stats().macs() + widthsAndCsv[i][0] * (21_841 - 1000);
            assertEquals(widthsAndCsv[i][1] / 100.0, Math.round(macs / 1e7) / 100.0, 1e-9, ids[i]);
        }
    }

    @Test
    void plainAndDistilledTinyVitShareOneArchitecture() {
        Catalog c = Catalog.standard();
        for (String size : List.of("5m", "11m", "21m")) {
            CatalogEntry plain = c.require("tiny_vit_" + size + "_224.in1k");
            CatalogEntry dist = c.require("tiny_vit_" + size + "_224.dist_in22k_ft_in1k");
            assertEquals(plain.architecture(), dist.architecture());
            assertTrue(plain.architecture() == dist.architecture(), "one value, not two equal copies");
            assertEquals(built(plain.id()).stats().macs(), built(dist.id()).stats().macs());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"efficientvit_b1", "tiny_vit_5m_224.in1k", "levit_192", "levit_conv_192",
        "poolformerv2_s24"})
    void sameBytesWhenBuiltTwice(String id) {
        String first = built(id).sha256();
        String second = sha256(ModelStore.buildModel(Catalog.standard().require(id), s -> { }).toByteArray());
        assertEquals(first, second, id + " is not deterministic");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "levit_192 | stem.conv1.linear.weight, stem.conv1.bn.running_var, stages.0.blocks.0.attn.qkv.linear.weight,"
                + " stages.0.blocks.0.attn.attention_biases, stages.0.blocks.0.attn.attention_bias_idxs,"
                + " stages.0.blocks.3.mlp.ln2.bn.weight, stages.1.downsample.attn_downsample.q.ln.linear.weight,"
                + " stages.2.downsample.attn_downsample.attention_biases, stages.2.downsample.mlp.ln1.bn.bias,"
                + " head.bn.weight, head.linear.bias, head_dist.linear.weight",
        "levit_conv_192 | stages.0.blocks.0.attn.proj.ln.linear.weight, stages.1.blocks.3.attn.attention_biases,"
                + " head_dist.bn.running_mean",
        "tiny_vit_21m_224.in1k | patch_embed.conv1.conv.weight, patch_embed.conv2.bn.weight,"
                + " stages.0.blocks.1.conv3.bn.weight, stages.1.downsample.conv2.conv.weight,"
                + " stages.2.blocks.5.attn.norm.weight, stages.2.blocks.5.attn.qkv.weight,"
                + " stages.2.blocks.5.attn.attention_biases, stages.3.blocks.1.local_conv.conv.weight,"
                + " stages.3.blocks.1.mlp.fc2.bias, head.norm.weight, head.fc.weight",
        "efficientvit_b1 | stem.in_conv.conv.weight, stem.res0.main.depth_conv.conv.weight,"
                + " stages.0.blocks.0.main.inverted_conv.norm.weight, stages.1.blocks.2.main.point_conv.conv.weight,"
                + " stages.2.blocks.0.main.inverted_conv.conv.bias,"
                + " stages.3.blocks.4.context_module.main.qkv.conv.weight,"
                + " stages.3.blocks.4.context_module.main.aggreg.0.0.weight,"
                + " stages.3.blocks.4.context_module.main.aggreg.0.1.weight,"
                + " stages.3.blocks.4.context_module.main.proj.norm.weight,"
                + " stages.3.blocks.4.local_module.main.depth_conv.conv.bias, head.in_conv.conv.weight,"
                + " head.classifier.0.weight, head.classifier.1.bias, head.classifier.4.weight",
        "poolformerv2_s24 | stem.conv.bias, stem.norm.weight, stages.1.downsample.norm.weight,"
                + " stages.1.downsample.conv.weight, stages.0.blocks.3.norm1.weight,"
                + " stages.2.blocks.11.res_scale1.scale, stages.3.blocks.3.res_scale2.scale,"
                + " stages.3.blocks.3.mlp.fc1.weight,"
                + " stages.3.blocks.3.mlp.act.scale, stages.3.blocks.3.mlp.act.bias, head.norm.bias, head.fc.weight",
    })
    void weightsAreNamedLikeTimmsStateDict(String id, String names) {
        Set<String> inits = built(id).initializers();
        for (String n : names.split(",")) {
            assertTrue(inits.contains(n.trim()), id + " lacks " + n.trim());
        }
    }

    @Test
    void timmStateDictNamesThatMustNotExist() {
        // res scale only in poolformerv2's stages 2 and 3; no layer scale at all; no norm bias in the blocks
        Set<String> pf = built("poolformerv2_s24").initializers();
        assertTrue(!pf.contains("stages.1.blocks.0.res_scale1.scale") && !pf.contains("stages.0.blocks.0.norm1.bias"));
        assertTrue(pf.stream().noneMatch(n -> n.contains("layer_scale")));
        assertTrue(pf.stream().noneMatch(n -> n.contains("mlp.fc1.bias")), "V2 MLPs have no bias");
        // EfficientViT: the ViT stages' first MBConv swaps its first two norms for biases
        Set<String> ev = built("efficientvit_b1").initializers();
        assertTrue(!ev.contains("stages.2.blocks.0.main.inverted_conv.norm.weight")
                && ev.contains("stages.1.blocks.0.main.inverted_conv.norm.weight"));
    }

    @Test
    void onlyOpsEveryProviderRuns() {
        Set<String> allowed = Set.of("Add", "AveragePool", "BatchNormalization", "Concat", "Constant", "Conv", "Div",
                "Erf", "Expand", "Flatten", "Gather", "GlobalAveragePool", "HardSigmoid", "Identity",
                "InstanceNormalization", "LayerNormalization", "MatMul", "Mul", "Pad", "ReduceMean", "Relu",
                "Reshape", "Shape", "Slice", "Softmax", "Split", "Sub", "Transpose");
        for (String id : List.of("efficientvit_b1", "tiny_vit_5m_224.in1k", "levit_192", "levit_conv_192",
                "poolformerv2_s24")) {
            Set<String> extra = new HashSet<>(built(id).ops());
            extra.removeAll(allowed);
            assertTrue(extra.isEmpty(), id + " uses " + extra);
        }
    }

    @AfterAll
    void printBuildTimes() {
        Map<String, Built> sorted = new TreeMap<>(built);
        long total = 0;
        StringBuilder sb = new StringBuilder("build + serialize times (first build in this JVM, not a benchmark):\n");
        for (var e : sorted.entrySet()) {
            total += e.getValue().nanos();
            sb.append(String.format(Locale.ROOT, "  %-36s %7.0f ms%n", e.getKey(), e.getValue().nanos() / 1e6));
        }
        sb.append(String.format(Locale.ROOT, "  %-36s %7.0f ms%n", "total", total / 1e6));
        System.out.print(sb);
    }
}
