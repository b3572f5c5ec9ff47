package org.vitwatt.models.groups;

import java.util.ArrayList;
import java.util.Arrays;
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

    private NodeGroups(int nodeCount, BitSet patchEmbed, BitSet head, List<BitSet> blocks, List<String> blockLabels,
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
     * {@code nodeMacs} MACs per image.
     */
    public static NodeGroups of(GraphIndex g, ValueTypes types, long[] nodeMacs) {
        DataFlow flow = new DataFlow(g);
        List<Residual> residuals = Residual.find(flow, nodeMacs);
        List<List<Residual>> blockResiduals = new ArrayList<>();
        List<int[]> stages = new ArrayList<>();
        long stageSize = -1;
        int stageStart = 0;
        boolean stageHasBlocks = false;
        List<Residual> current = null;
        for (Residual r : residuals) {
            long size = types.type(r.exit(g)).map(t -> t.numel()).orElse(-1L);
            if (size != stageSize) {
                if (stageHasBlocks) {
                    stages.add(new int[] {stageStart, blockResiduals.size() - 1});
                }
                stageSize = size;
                stageStart = blockResiduals.size();
                stageHasBlocks = false;
                current = null;
            }
            if (r.mixer()) {
                current = new ArrayList<>();
                current.add(r);
                blockResiduals.add(current);
                stageHasBlocks = true;
            } else if (current != null) {
                current.add(r);
            }
        }
        if (stageHasBlocks) {
            stages.add(new int[] {stageStart, blockResiduals.size() - 1});
        }

        int n = g.nodeCount();
        int[] group = new int[n];                   // -1 others, -2 patch_embed, -3 head, i >= 0 block i
        Arrays.fill(group, OTHERS);
        List<BitSet> blocks = new ArrayList<>();
        for (int b = 0; b < blockResiduals.size(); b++) {
            List<Residual> rs = blockResiduals.get(b);
            String entry = rs.get(0).entry();
            boolean nextInStage = b + 1 < blockResiduals.size() && sameStage(stages, b, b + 1);
            int end = nextInStage ? g.producerIndex(blockResiduals.get(b + 1).get(0).entry())
                    : rs.get(rs.size() - 1).add();
            BitSet span = end >= 0 && flow.descendants(entry).get(end) ? flow.between(entry, end) : new BitSet();
            for (Residual r : rs) {
                span.or(r.nodes());
            }
            for (int i = span.nextSetBit(0); i >= 0; i = span.nextSetBit(i + 1)) {
                group[i] = b;
            }
            blocks.add(span);
        }
        BitSet patchEmbed = new BitSet();
        BitSet head = new BitSet();
        if (!blocks.isEmpty()) {
            patchEmbed = patchEmbedding(flow, blockResiduals.get(0).get(0).entry(), nodeMacs);
            List<Residual> last = blockResiduals.get(blockResiduals.size() - 1);
            head = flow.descendants(last.get(last.size() - 1).exit(g));
            markFree(group, patchEmbed, PATCH_EMBED);
            markFree(group, head, HEAD);
        }
        absorbConstants(flow, group);
        return new NodeGroups(n, collect(group, PATCH_EMBED), collect(group, HEAD), collectBlocks(group, blocks.size()),
                BlockLabels.of(g, collectBlocks(group, blocks.size())), List.copyOf(stages));
    }

    private static final int OTHERS = -1;
    private static final int PATCH_EMBED = -2;
    private static final int HEAD = -3;

    private static boolean sameStage(List<int[]> stages, int a, int b) {
        for (int[] s : stages) {
            if (a >= s[0] && a <= s[1]) {
                return b >= s[0] && b <= s[1];
            }
        }
        return false;
    }

    /** The last MAC-carrying node ahead of {@code entry} and every live node on the way from the input to it. */
    private static BitSet patchEmbedding(DataFlow flow, String entry, long[] nodeMacs) {
        GraphIndex g = flow.index();
        int p = g.producerIndex(entry);
        if (p < 0) {
            return new BitSet();
        }
        BitSet before = flow.ancestors(p, 0);
        before.set(p);
        int last = -1;
        for (int i = before.nextSetBit(0); i >= 0; i = before.nextSetBit(i + 1)) {
            if (nodeMacs[i] > 0) {
                last = i;
            }
        }
        if (last < 0) {
            return new BitSet();
        }
        BitSet pe = flow.ancestors(last, 0);
        pe.set(last);
        return pe;
    }

    private static void markFree(int[] group, BitSet nodes, int id) {
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            if (group[i] == OTHERS) {
                group[i] = id;
            }
        }
    }

    /**
     * A node that is not live (it computes from stored tensors and shapes only) joins the group of its consumers
     * when they all are in one group; consumers come later in the node order, so one backward pass suffices.
     */
    private static void absorbConstants(DataFlow flow, int[] group) {
        GraphIndex g = flow.index();
        for (int i = g.nodeCount() - 1; i >= 0; i--) {
            if (flow.isLive(i) || group[i] != OTHERS) {
                continue;
            }
            Integer shared = null;
            boolean single = true;
            for (String out : g.node(i).getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (g.graph().getOutputList().stream().anyMatch(o -> o.getName().equals(out))) {
                    single = false;
                }
                for (GraphIndex.Use u : g.consumers(out)) {
                    int c = group[u.node()];
                    if (shared == null) {
                        shared = c;
                    } else if (shared != c) {
                        single = false;
                    }
                }
            }
            if (single && shared != null && shared != OTHERS) {
                group[i] = shared;
            }
        }
    }

    private static BitSet collect(int[] group, int id) {
        BitSet b = new BitSet();
        for (int i = 0; i < group.length; i++) {
            if (group[i] == id) {
                b.set(i);
            }
        }
        return b;
    }

    private static List<BitSet> collectBlocks(int[] group, int count) {
        List<BitSet> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            out.add(collect(group, b));
        }
        return out;
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
