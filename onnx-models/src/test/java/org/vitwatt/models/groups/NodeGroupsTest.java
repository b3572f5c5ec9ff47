package org.vitwatt.models.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vitwatt.models.fixtures.Exports;
import org.vitwatt.models.stats.GroupStats;
import org.vitwatt.models.stats.ModelAnalysis;

/**
 * Groups come from the graph's structure, names only as labels: the same ViT written in timm's, torchvision's and
 * Hugging Face's module names gets the same groups with the same MACs; a copy whose every name is scrambled gets
 * exactly the same nodes in every group; Swin's stages are found from the stream's size.
 */
class NodeGroupsTest {
    /** name, MACs per image of every group of an analysis. */
    private static List<String> macsByGroup(ModelAnalysis a) {
        List<String> out = new ArrayList<>();
        for (GroupStats g : a.stats().groups()) {
            out.add(g.name() + " " + g.macs());
        }
        return out;
    }

    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {14, 17})
    void timmTorchvisionAndHuggingFaceVitsHaveTheSameGroups(int opset) {
        // hand count (FACTS.json's dims: 17 tokens of 32, MLP 64, 3 blocks, 10 classes): patch Conv 16·32·192;
        // block 2·5·17·32 + 17·32·96 + 2·17²·32 + 17·32² + 2·17·32·64; head: final LayerNorm 5·17·32 + 32·10
        List<String> expected = List.of("patch_embed 98304", "encoder 489600", "blocks[0] 163200",
                "blocks[1] 163200", "blocks[2] 163200", "head 3040", "others 0");
        for (String style : List.of("timm", "torchvision", "hf")) {
            ModelAnalysis a = Exports.analysis("vit_" + style + "_op" + opset + ".onnx");
            assertEquals(List.of("patch_embed", "encoder = blocks[0-2]", "head", "others"), a.groups().describe(),
                    style);
            assertEquals(expected, macsByGroup(a), style);
        }
        assertEquals("blocks.1", Exports.analysis("vit_timm_op" + opset + ".onnx").groups().blockName(1));
        assertEquals("encoder.layers.encoder_layer_1",
                Exports.analysis("vit_torchvision_op" + opset + ".onnx").groups().blockName(1));
        assertEquals("vit.encoder.layer.1", Exports.analysis("vit_hf_op" + opset + ".onnx").groups().blockName(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"vit_timm_op17.onnx, vit_timm_op17_scrambled.onnx",
        "swin_torchvision_op14.onnx, swin_torchvision_op14_scrambled.onnx"})
    void aCopyWithEveryNameScrambledHasTheSameGroups(String original, String scrambled) {
        NodeGroups a = Exports.analysis(original).groups();
        NodeGroups b = Exports.analysis(scrambled).groups();
        assertEquals(a.describe(), b.describe());
        assertEquals(a.patchEmbed(), b.patchEmbed());
        assertEquals(a.head(), b.head());
        assertEquals(a.others(), b.others());
        assertEquals(a.blockCount(), b.blockCount());
        for (int i = 0; i < a.blockCount(); i++) {
            assertEquals(a.blocks(i, i), b.blocks(i, i), "block " + i);
            assertEquals("blocks[" + i + "]", b.blockName(i), "scrambled names say nothing");
        }
        for (int k = 0; k < a.stageCount(); k++) {
            assertEquals(a.stages(k, k), b.stages(k, k));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"swin_torchvision_op14.onnx", "swin_torchvision_op17.onnx", "swin_v2_torchvision_op14.onnx",
        "swin_v2_torchvision_op17.onnx"})
    void swinHasTwoBlocksInEachOfThreeStages(String file) {
        NodeGroups g = Exports.analysis(file).groups();
        assertEquals(List.of("patch_embed", "encoder = blocks[0-5] in stages[0-2]", "head", "others"), g.describe());
        for (int k = 0; k < 3; k++) {
            assertEquals(List.of(2 * k, 2 * k + 1), List.of(g.stageBlocks(k)[0], g.stageBlocks(k)[1]));
        }
        // torchvision's Sequential: features.1 (stage 0), features.2 (patch merging), features.3 (stage 1), ...
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < g.blockCount(); b++) {
            labels.add(g.blockName(b));
        }
        assertEquals(List.of("features.1.0", "features.1.1", "features.3.0", "features.3.1", "features.5.0",
                "features.5.1"), labels);
        BitSet all = new BitSet();
        all.or(g.patchEmbed());
        all.or(g.encoder());
        all.or(g.head());
        all.or(g.others());
        assertEquals(g.nodeCount(), all.cardinality(), "every node is in a group");
    }
}
