package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

class PrecisionPlanTest {
    static ModelProto tiny;
    static NodeGroups groups;

    @BeforeAll
    static void build() {
        tiny = ModelStore.buildModel(Catalog.standard().require("deit_tiny"), s -> { });
        groups = new NodeGroups(tiny.getGraph());
    }

    @Test
    void groupsOfABuiltViT() {
        assertEquals(12, groups.blockCount());
        assertEquals("blocks.3", groups.blockName(3));
        assertEquals(List.of("patch_embed", "encoder = blocks[0-11]", "head", "others"), groups.describe());
        // the patch embedding is the Conv; the head is its MatMul + Add
        assertEquals(List.of("Conv"), ops(groups.patchEmbed()));
        assertEquals(List.of("MatMul", "Add"), ops(groups.head()));
        int perBlock = groups.blocks(0, 0).cardinality();
        assertEquals(12 * perBlock, groups.encoder().cardinality());
        assertEquals(tiny.getGraph().getNodeCount(), groups.patchEmbed().cardinality() + groups.head().cardinality()
                + groups.encoder().cardinality() + groups.others().cardinality());
    }

    private static List<String> ops(java.util.BitSet b) {
        return b.stream().mapToObj(i -> tiny.getGraph().getNode(i).getOpType()).toList();
    }

    @Test
    void torchStyleNamesAndHierarchicalBlocksAreFound() {
        var g = ai.onnx.proto.OnnxMl.GraphProto.newBuilder();
        String[] names = {"/patch_embed/proj/Conv", "/stages/stages.0/blocks/blocks.0/attn/qkv/MatMul",
            "/stages/stages.0/blocks/blocks.1/mlp/fc1/MatMul", "/stages/stages.1/downsample/Conv",
            "/stages/stages.1/blocks/blocks.0/attn/qkv/MatMul", "/norm/LayerNormalization", "/head/fc/Gemm",
            "MatMul_42"};
        for (String n : names) {
            g.addNode(NodeProto.newBuilder().setName(n).setOpType("X").addOutput(n + ":0"));
        }
        g.addNode(NodeProto.newBuilder().setName("").setOpType("LayerNormalization").addInput("x")
                .addInput("blocks.7.norm1.weight").addOutput("y"));
        NodeGroups ng = new NodeGroups(g.build());
        assertEquals(4, ng.blockCount());
        assertEquals("stages.0.blocks.0", ng.blockName(0));
        assertEquals("stages.1.blocks.0", ng.blockName(2));
        assertEquals("blocks.7", ng.blockName(3)); // from the parameter name of an unnamed node
        assertEquals("{0}", ng.patchEmbed().toString());
        assertEquals("{6}", ng.head().toString());
        assertEquals("{3, 5, 7}", ng.others().toString());
    }

    @Test
    void mostSpecificRuleWins() {
        PrecisionPlan p = PrecisionPlan.parse("encoder=fp16+blocks[2-3]=int8+others=int8+head=fp32");
        NumericType[] t = p.assign(groups);
        groups.blocks(2, 3).stream().forEach(i -> assertEquals(NumericType.INT8, t[i]));
        groups.blocks(4, 11).stream().forEach(i -> assertEquals(NumericType.FP16, t[i]));
        groups.head().stream().forEach(i -> assertEquals(NumericType.FP32, t[i]));
        groups.patchEmbed().stream().forEach(i -> assertEquals(NumericType.INT8, t[i]));
        assertEquals("others=int8+head=fp32+encoder=fp16+blocks[2-3]=int8", p.canonical());
        assertEquals(p.canonical(), PrecisionPlan.parse("head=fp32+others=int8+blocks[2-3]=int8+encoder=fp16").canonical());
        NumericType[] onlyEncoder = PrecisionPlan.parse("encoder=int8").assign(groups);
        groups.others().stream().forEach(i -> assertEquals(NumericType.FP32, onlyEncoder[i]));
    }

    @Test
    void badPlansNameTheProblemAndTheGroups() {
        assertEquals("unknown group 'decoder' in precision plan 'decoder=fp16': groups are patch_embed, encoder, "
                + "blocks[i], blocks[i-j], head, others",
                assertThrows(VitwattException.class, () -> PrecisionPlan.parse("decoder=fp16")).getMessage());
        assertEquals("precision plan rule blocks[10-13]=int8 names blocks up to 13 but this model has 12 blocks "
                + "(groups: patch_embed, encoder = blocks[0-11], head, others)", assertThrows(VitwattException.class,
                () -> PrecisionPlan.parse("blocks[10-13]=int8").assign(groups)).getMessage());
        assertTrue(assertThrows(VitwattException.class, () -> PrecisionPlan.parse("encoder=bf16")).getMessage()
                .startsWith("unknown precision 'bf16' in plan rule 'encoder=bf16': use fp32, fp16 or int8"));
        assertTrue(assertThrows(VitwattException.class, () -> PrecisionPlan.parse("encoder")).getMessage()
                .contains("is not GROUP=PRECISION"));
        assertTrue(assertThrows(VitwattException.class, () -> PrecisionPlan.parse("blocks[1-4]=int8+blocks[3]=fp16"))
                .getMessage().contains("names blocks blocks twice"));
        var noBlocks = new NodeGroups(ai.onnx.proto.OnnxMl.GraphProto.newBuilder()
                .addNode(NodeProto.newBuilder().setName("/head/Gemm").setOpType("Gemm").addOutput("y")).build());
        assertEquals("precision plan rule encoder=fp16: this model has no 'encoder' nodes; its groups are head",
                assertThrows(VitwattException.class, () -> PrecisionPlan.parse("encoder=fp16").assign(noBlocks))
                        .getMessage());
    }
}
