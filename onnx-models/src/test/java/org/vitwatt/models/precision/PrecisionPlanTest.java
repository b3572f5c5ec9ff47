package org.vitwatt.models.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.fixtures.Analyses;
import org.vitwatt.models.fixtures.Exports;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Layers;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.groups.NodeGroups;
import org.vitwatt.models.store.ModelStore;

class PrecisionPlanTest {
    static ModelProto tiny;
    static NodeGroups groups;

    @BeforeAll
    static void build() {
        tiny = ModelStore.buildModel(Catalog.standard().require("deit_tiny"), s -> { });
        groups = Analyses.of(tiny).groups();
    }

    @Test
    void groupsOfABuiltViT() {
        assertEquals(12, groups.blockCount());
        assertEquals(1, groups.stageCount());
        assertEquals("blocks.3", groups.blockName(3));
        assertEquals(List.of("patch_embed", "encoder = blocks[0-11]", "head", "others"), groups.describe());
        // the patch embedding is the Conv; the head is everything after the last block
        assertEquals(List.of("Conv"), ops(groups.patchEmbed()));
        assertEquals(List.of("LayerNormalization", "Gather", "MatMul", "Add", "Identity"), ops(groups.head()));
        int perBlock = groups.blocks(0, 0).cardinality();
        assertEquals(12 * perBlock, groups.encoder().cardinality());
        assertEquals(tiny.getGraph().getNodeCount(), groups.patchEmbed().cardinality() + groups.head().cardinality()
                + groups.encoder().cardinality() + groups.others().cardinality());
        // others: the token glue between the patch embedding and the first block (class token, position embedding)
        assertEquals(List.of("Reshape", "Transpose", "Shape", "Concat", "Expand", "Concat", "Add"),
                ops(groups.others()));
    }

    private static List<String> ops(BitSet b) {
        return b.stream().mapToObj(i -> tiny.getGraph().getNode(i).getOpType()).toList();
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
        assertEquals(p.canonical(),
                PrecisionPlan.parse("head=fp32+others=int8+blocks[2-3]=int8+encoder=fp16").canonical());
        NumericType[] onlyEncoder = PrecisionPlan.parse("encoder=int8").assign(groups);
        groups.others().stream().forEach(i -> assertEquals(NumericType.FP32, onlyEncoder[i]));
    }

    @Test
    void stagesOfAHierarchicalModelAreAddressable() {
        NodeGroups swin = Exports.analysis("swin_torchvision_op14.onnx").groups();
        assertEquals(3, swin.stageCount());
        PrecisionPlan p = PrecisionPlan.parse("stages[1-2]=int8+blocks[5]=fp32+encoder=fp16");
        assertEquals("encoder=fp16+stages[1-2]=int8+blocks[5]=fp32", p.canonical());
        NumericType[] t = p.assign(swin);
        swin.blocks(0, 1).stream().forEach(i -> assertEquals(NumericType.FP16, t[i]));
        swin.blocks(2, 4).stream().forEach(i -> assertEquals(NumericType.INT8, t[i]));
        swin.blocks(5, 5).stream().forEach(i -> assertEquals(NumericType.FP32, t[i]));
        assertEquals("precision plan rule stages[3]=int8 names stages up to 3 but this model has 3 stages (groups: "
                + "patch_embed, encoder = blocks[0-5] in stages[0-2], head, others)",
                assertThrows(VitwattException.class, () -> PrecisionPlan.parse("stages[3]=int8").assign(swin))
                        .getMessage());
    }

    @Test
    void badPlansNameTheProblemAndTheGroups() {
        assertEquals("unknown group 'decoder' in precision plan 'decoder=fp16': groups are patch_embed, encoder, "
                + "stages[k], stages[k-l], blocks[i], blocks[i-j], head, others",
                assertThrows(VitwattException.class, () -> PrecisionPlan.parse("decoder=fp16")).getMessage());
        assertEquals("precision plan rule blocks[10-13]=int8 names blocks up to 13 but this model has 12 blocks "
                + "(groups: patch_embed, encoder = blocks[0-11], head, others)", assertThrows(VitwattException.class,
                () -> PrecisionPlan.parse("blocks[10-13]=int8").assign(groups)).getMessage());
        assertEquals("precision plan rule stages[1]=int8 names stages up to 1 but this model has 1 stage (groups: "
                + "patch_embed, encoder = blocks[0-11], head, others)", assertThrows(VitwattException.class,
                () -> PrecisionPlan.parse("stages[1]=int8").assign(groups)).getMessage());
        assertTrue(assertThrows(VitwattException.class, () -> PrecisionPlan.parse("encoder=bf16")).getMessage()
                .startsWith("unknown precision 'bf16' in plan rule 'encoder=bf16': use fp32, fp16, int8, fp8 or int4w"));
        assertTrue(assertThrows(VitwattException.class, () -> PrecisionPlan.parse("encoder")).getMessage()
                .contains("is not GROUP=PRECISION"));
        assertEquals("precision plan 'blocks[1-4]=int8+blocks[3]=fp16' names blocks blocks twice (blocks[1-4]=int8, "
                + "blocks[3]=fp16)", assertThrows(VitwattException.class,
                () -> PrecisionPlan.parse("blocks[1-4]=int8+blocks[3]=fp16")).getMessage());
        assertEquals("precision plan rule 'stages[2-1]=int8': stage range 2-1 is empty; write stages[low-high]",
                assertThrows(VitwattException.class, () -> PrecisionPlan.parse("stages[2-1]=int8")).getMessage());
        GraphBuilder g = new GraphBuilder("linear", new Weights("linear"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 8);
        g.output(Layers.linear(g, x, 8, 4, true, Init.normal(0.1)), GraphBuilder.FLOAT, "batch", 4);
        NodeGroups noBlocks = Analyses.of(g.build("t", "")).groups();
        assertEquals("precision plan rule encoder=fp16: this model has no 'encoder' nodes; its groups are others",
                assertThrows(VitwattException.class, () -> PrecisionPlan.parse("encoder=fp16").assign(noBlocks))
                        .getMessage());
    }
}
