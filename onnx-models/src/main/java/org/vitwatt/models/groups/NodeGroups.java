package org.vitwatt.models.groups;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * The groups of a Vision Transformer's nodes that precision plans address, found from the graph's structure alone;
 * names of nodes and tensors serve only as labels, so a timm, torchvision or Hugging Face export and a copy with
 * every name scrambled give the same groups.
 * <ul>
 *   <li>{@code blocks[i]}: the transformer blocks in execution order. The stream's residual connections are found
 *       ({@link Residual}); a block opens at each token-mixer residual (attention, window attention, linear
 *       attention, pooling) and takes the residuals after it (the MLP, an MBConv) and the stream nodes between them
 *       (TinyViT's local conv) up to the next block. {@code encoder} is every block.</li>
 *   <li>{@code stages[k]}: the blocks of the k-th run over which the stream keeps its size (elements per image);
 *       a hierarchical model (Swin, LeViT, TinyViT, EfficientViT, PoolFormer) changes it between stages, a plain ViT
 *       has one stage. The downsampling between stages, and residuals of a stage before its first token mixer
 *       (LeViT's subsample MLP), belong to {@code others}.</li>
 *   <li>{@code patch_embed}: the input projection before the first block, i.e. the nodes from the input to the last
 *       MAC-carrying node ahead of it (a patch Conv; a convolutional stem, with any convolution-only stages, in
 *       hybrid models).</li>
 *   <li>{@code head}: every node after the last block (final norm, pooling, classifier).</li>
 *   <li>{@code others}: the rest (class token, position embedding, downsampling, glue).</li>
 * </ul>
 * Nodes that compute from stored tensors or shapes only (a relative-position bias, an attention mask, the copies
 * of deduplicated weights) join the group of the nodes that read them, when that is one group.
 */
public final class NodeGroups {
    private final int nodeCount;
    private final BitSet patchEmbed;
    private final BitSet head;
    private final List<BitSet> blocks;
    private final List<String> blockLabels;
    private final List<int[]> stages;

    NodeGroups(int nodeCount, BitSet patchEmbed, BitSet head, List<BitSet> blocks, List<String> blockLabels,
            List<int[]> stages) {
        this.nodeCount = nodeCount;
        this.patchEmbed = patchEmbed;
        this.head = head;
        this.blocks = blocks;
        this.blockLabels = blockLabels;
        this.stages = stages;
    }

    /**
     * The groups of the graph {@code g}, whose values have the types {@code types} and whose nodes carry
     * {@code nodeMacs} MACs per image ({@link GroupFinder}).
     */
    public static NodeGroups of(GraphIndex g, ValueTypes types, long[] nodeMacs) {
        return GroupFinder.find(g, types, nodeMacs);
    }

    public int nodeCount() {
        return nodeCount;
    }

    /** Number of transformer blocks. */
    public int blockCount() {
        return blocks.size();
    }

    /** Number of stages (1 for a plain ViT, 0 without blocks). */
    public int stageCount() {
        return stages.size();
    }

    /**
     * Block {@code i}'s label: the module path its nodes' names share ({@code blocks.3}, {@code features.1.0},
     * {@code encoder.layers.encoder_layer_3}), or {@code blocks[i]} when the names say nothing.
     */
    public String blockName(int i) {
        return blockLabels.get(i).isEmpty() ? "blocks[" + i + "]" : blockLabels.get(i);
    }

    public BitSet patchEmbed() {
        return (BitSet) patchEmbed.clone();
    }

    public BitSet head() {
        return (BitSet) head.clone();
    }

    /** Nodes of blocks {@code from..to} inclusive. */
    public BitSet blocks(int from, int to) {
        BitSet b = new BitSet();
        for (int i = from; i <= to; i++) {
            b.or(blocks.get(i));
        }
        return b;
    }

    /** Nodes of every block. */
    public BitSet encoder() {
        return blocks.isEmpty() ? new BitSet() : blocks(0, blocks.size() - 1);
    }

    /** The first and last block of stage {@code k}. */
    public int[] stageBlocks(int k) {
        return stages.get(k).clone();
    }

    /** Nodes of stages {@code from..to} inclusive. */
    public BitSet stages(int from, int to) {
        return blocks(stages.get(from)[0], stages.get(to)[1]);
    }

    /** Nodes in no other group. */
    public BitSet others() {
        BitSet o = new BitSet();
        o.set(0, nodeCount);
        o.andNot(patchEmbed);
        o.andNot(head);
        o.andNot(encoder());
        return o;
    }

    /**
     * The groups present, for messages: "patch_embed, encoder = blocks[0-11], head, others", with
     * "in stages[0-3]" after the blocks of a hierarchical model.
     */
    public List<String> describe() {
        List<String> d = new ArrayList<>();
        if (!patchEmbed.isEmpty()) {
            d.add("patch_embed");
        }
        if (!blocks.isEmpty()) {
            d.add("encoder = blocks[0-" + (blocks.size() - 1) + "]"
                    + (stages.size() > 1 ? " in stages[0-" + (stages.size() - 1) + "]" : ""));
        }
        if (!head.isEmpty()) {
            d.add("head");
        }
        if (!others().isEmpty()) {
            d.add("others");
        }
        return Collections.unmodifiableList(d);
    }
}
